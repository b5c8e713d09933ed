#include "klantreis/app/classify_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "classifier_pool.h"

namespace kr::app {
namespace {

// Splits a FILE into lines of at most kMaxLineBytes (the rest of a longer
// line is skipped and counted), reusing its buffer. Lines end in LF, CRLF
// or a lone CR (old Mac exports), as in the importer.
class LineReader {
 public:
  explicit LineReader(std::FILE* in) : in_(in), buf_(1 << 20) {}

  // Returns false at EOF. `truncated` tells whether the line was cut.
  bool Next(std::string* line, bool* truncated) {
    line->clear();
    *truncated = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_) {
        if (eof_) return any;
        len_ = std::fread(buf_.data(), 1, buf_.size(), in_);
        pos_ = 0;
        lf_ = cr_ = kUnknown;
        if (len_ == 0) {
          eof_ = true;
          return any;
        }
        if (skip_lf_ && buf_[0] == '\n') ++pos_;  // the LF of a CRLF split across reads
        skip_lf_ = false;
        if (pos_ == len_) continue;
      }
      any = true;
      size_t brk = std::min(Find('\n', &lf_), Find('\r', &cr_));
      size_t n = (brk == kNone ? len_ : brk) - pos_;
      size_t room = kMaxLineBytes > line->size() ? kMaxLineBytes - line->size() : 0;
      if (n > room) *truncated = true;
      line->append(buf_.data() + pos_, std::min(n, room));
      pos_ += n;
      if (brk != kNone) {
        ++pos_;
        if (buf_[brk] == '\r') {
          if (pos_ < len_) {
            if (buf_[pos_] == '\n') ++pos_;
          } else {
            skip_lf_ = true;
          }
        }
        return true;
      }
    }
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;          // no such byte in the rest of the buffer
  static constexpr size_t kUnknown = SIZE_MAX - 1;  // not looked for yet
  // The offset of the next `c` at or after pos_, cached in *at so that each
  // byte is searched once per buffer (a CR-only file has no LF at all).
  size_t Find(char c, size_t* at) {
    if (*at == kNone) return kNone;
    if (*at == kUnknown || *at < pos_) {
      const void* p = std::memchr(buf_.data() + pos_, c, len_ - pos_);
      *at = p ? static_cast<size_t>(static_cast<const char*>(p) - buf_.data()) : kNone;
    }
    return *at;
  }

  std::FILE* in_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  size_t lf_ = kUnknown, cr_ = kUnknown;
  bool eof_ = false;
  bool skip_lf_ = false;
};

class BatchClassifier {
 public:
  explicit BatchClassifier(const StreamOptions& o) : options_(o) {}

  Status Init(const classify::ClassifierConfig& config) {
    KR_RETURN_IF_ERROR(pool_.Init(config, options_.threads));
    outputs_.resize(pool_.size());
    return Status::Ok();
  }

  // Classifies lines[0..count) and writes the verdicts in order.
  Status Run(const std::vector<std::string>& lines, size_t count, std::FILE* out) {
    size_t used = pool_.ParallelFor(count, [&](size_t w, size_t begin, size_t end) {
      std::string& o = outputs_[w];
      o.clear();
      classify::ClassifyOptions opts;
      opts.force_lang = options_.force_lang;
      for (size_t i = begin; i < end; ++i) {
        Classification c = pool_.at(w).Classify(lines[i], opts);
        AppendVerdictLine(&o, lines[i], c, options_.format, options_.explain);
      }
    });
    for (size_t w = 0; w < used; ++w) {
      if (std::fwrite(outputs_[w].data(), 1, outputs_[w].size(), out) != outputs_[w].size()) {
        return Status::IoError(std::string("stdout: ") + std::strerror(errno));
      }
    }
    return Status::Ok();
  }

 private:
  StreamOptions options_;
  ClassifierPool pool_;
  std::vector<std::string> outputs_;
};

}  // namespace

Status ClassifyStream(const classify::ClassifierConfig& config, std::FILE* in, std::FILE* out,
                      const StreamOptions& options, StreamStats* stats) {
  BatchClassifier batcher(options);
  KR_RETURN_IF_ERROR(batcher.Init(config));
  LineReader reader(in);
  std::vector<std::string> lines(options.batch_lines);
  size_t count = 0;
  bool truncated = false;
  while (reader.Next(&lines[count], &truncated)) {
    ++stats->lines;
    if (truncated) {
      ++stats->truncated;
      std::fprintf(stderr, "klantreis: stdin:%llu: line longer than %zu bytes, classified its first %zu bytes\n",
                   static_cast<unsigned long long>(stats->lines), kMaxLineBytes, kMaxLineBytes);
    }
    if (++count == lines.size()) {
      KR_RETURN_IF_ERROR(batcher.Run(lines, count, out));
      count = 0;
    }
  }
  if (std::ferror(in)) return Status::IoError(std::string("stdin: ") + std::strerror(errno));
  if (count > 0) KR_RETURN_IF_ERROR(batcher.Run(lines, count, out));
  if (std::fflush(out) != 0) return Status::IoError(std::string("stdout: ") + std::strerror(errno));
  return Status::Ok();
}

Status ClassifyQueries(const classify::ClassifierConfig& config, const std::vector<std::string>& queries,
                       std::FILE* out, const StreamOptions& options) {
  StreamOptions o = options;
  o.threads = 1;
  BatchClassifier batcher(o);
  KR_RETURN_IF_ERROR(batcher.Init(config));
  KR_RETURN_IF_ERROR(batcher.Run(queries, queries.size(), out));
  if (std::fflush(out) != 0) return Status::IoError(std::string("stdout: ") + std::strerror(errno));
  return Status::Ok();
}

}  // namespace kr::app
