#include "record_reader.h"

#include <cstring>

namespace kr::ingest::internal {
namespace {

constexpr unsigned char kPlain = 0, kDelim = 1, kLf = 2, kCr = 3, kNul = 4;

uint64_t CountLf(const char* p, size_t n) {
  uint64_t c = 0;
  const char* end = p + n;
  while (p < end) {
    const void* q = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!q) break;
    ++c;
    p = static_cast<const char*>(q) + 1;
  }
  return c;
}

std::string KiB(size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

}  // namespace

RecordReader::RecordReader(TextSource* source, Options options) : source_(source), opt_(options) {
  std::memset(cls_, kPlain, sizeof cls_);
  if (opt_.mode == Mode::kCsv) cls_[static_cast<unsigned char>(opt_.delimiter)] = kDelim;
  cls_[static_cast<unsigned char>('\n')] = kLf;
  cls_[static_cast<unsigned char>('\r')] = kCr;
  cls_[0] = kNul;  // the std::string terminator stops the field scan without a bounds check
}

Result<bool> RecordReader::Refill() {
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  auto r = source_->Fill(&buf_);
  if (!r.ok()) return r.status();
  if (!*r) eof_ = true;
  return *r;
}

RecordReader::Parse RecordReader::TryParse(Record* rec, bool at_eof, size_t* end, uint64_t* newlines) {
  rec->Clear();
  const char* b = buf_.data();
  const size_t n = buf_.size();
  size_t i = pos_;
  uint64_t nl = 0;
  const bool csv = opt_.mode == Mode::kCsv;
  auto& spans = rec->spans_;
  std::string& scratch = rec->scratch_;
  for (;;) {
    // One field per iteration. A field is a span of buf_, unless it needed
    // unescaping ("" inside quotes, text after the closing quote): then it
    // is copied to scratch.
    bool in_scratch = false;
    size_t field_off = i, field_len = 0;
    if (csv && i < n && b[i] == '"') {
      ++i;
      const uint64_t nl_before = nl;
      size_t scratch_off = scratch.size();
      for (;;) {
        const void* q = std::memchr(b + i, '"', n - i);
        if (!q) {
          *newlines = nl + CountLf(b + i, n - i);
          return at_eof ? Parse::kOpenQuote : Parse::kNeedMore;
        }
        size_t qi = static_cast<size_t>(static_cast<const char*>(q) - b);
        nl += CountLf(b + i, qi - i);
        if (qi + 1 < n && b[qi + 1] == '"') {  // "" inside quotes
          if (!in_scratch) {
            in_scratch = true;
            scratch.append(b + field_off + 1, qi - field_off - 1);
          } else {
            scratch.append(b + i, qi - i);
          }
          scratch.push_back('"');
          i = qi + 2;
          continue;
        }
        if (qi + 1 >= n && !at_eof) {
          *newlines = nl;
          return Parse::kNeedMore;  // cannot tell "" from a closing quote yet
        }
        if (in_scratch) {
          scratch.append(b + i, qi - i);
          field_off = scratch_off;
          field_len = scratch.size() - scratch_off;
        } else {
          field_off = field_off + 1;
          field_len = qi - field_off;
        }
        i = qi + 1;
        break;
      }
      // Text after the closing quote is kept (lenient) -- unless the quoted
      // field ran over lines: then the "closing" quote is really the opening
      // quote of a later row, and this row's quote was never closed.
      if (i < n && (cls_[static_cast<unsigned char>(b[i])] == kPlain || b[i] == '\0')) {
        if (nl > nl_before) {
          *newlines = nl;
          return Parse::kStrayQuote;
        }
        if (!in_scratch) {
          size_t off = scratch.size();
          scratch.append(b + field_off, field_len);
          field_off = off;
          in_scratch = true;
        }
      }
    }
    size_t j = i;
    for (;;) {
      while (cls_[static_cast<unsigned char>(b[j])] == kPlain) ++j;  // b[n] is '\0'
      if (j < n && b[j] == '\0') {
        ++j;  // a NUL inside the data: part of the field (ConvertRecord reports it)
        continue;
      }
      break;
    }
    if (j >= n && !at_eof) {
      *newlines = nl;
      return Parse::kNeedMore;
    }
    if (in_scratch) {
      scratch.append(b + i, j - i);  // text after a closing quote
      field_len = scratch.size() - field_off;
    } else if (field_off == i) {
      field_len = j - i;  // an unquoted field
    }
    spans.push_back(Record::Span{static_cast<uint32_t>(field_off), static_cast<uint32_t>(field_len), in_scratch});
    if (j >= n) {
      *end = n;
      *newlines = nl;
      break;
    }
    unsigned char c = cls_[static_cast<unsigned char>(b[j])];
    if (c == kDelim) {
      i = j + 1;
      continue;
    }
    if (c == kLf) {
      *end = j + 1;
    } else {  // CR: CRLF, or a lone CR (old Mac line end)
      if (j + 1 < n) {
        *end = b[j + 1] == '\n' ? j + 2 : j + 1;
      } else if (!at_eof) {
        *newlines = nl;
        return Parse::kNeedMore;
      } else {
        *end = j + 1;
      }
    }
    *newlines = nl + 1;
    break;
  }
  rec->base_ = b;
  rec->raw = std::string_view(b + pos_, *end - pos_);
  return Parse::kComplete;
}

void RecordReader::ResyncAfterFirstLine() {
  // Resume on the physical line after the one where the broken record starts.
  for (size_t k = pos_; k < buf_.size(); ++k) {
    char c = buf_[k];
    if (c == '\n' || c == '\r') {
      pos_ = k + 1;
      if (c == '\r' && pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
      ++line_;
      return;
    }
  }
  // The line itself runs past the buffer: drop the rest of it.
  pos_ = buf_.size();
  skipping_ = !eof_;
  if (eof_) ++line_;
}

void RecordReader::RereadAfterFirstLine(const Record& rec) {
  pos_ = static_cast<size_t>(rec.raw.data() - buf_.data());
  line_ = rec.line - 1;
  ResyncAfterFirstLine();
}

Result<RecordReader::Outcome> RecordReader::Next(Record* rec, RowError* err) {
  for (;;) {
    if (skipping_) {
      size_t k = pos_;
      while (k < buf_.size() && buf_[k] != '\n' && buf_[k] != '\r') ++k;
      if (k < buf_.size()) {
        pos_ = k + 1;
        if (buf_[k] == '\r' && pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
        ++line_;
        skipping_ = false;
        continue;
      }
      pos_ = buf_.size();
      auto r = Refill();
      if (!r.ok()) return r.status();
      if (!*r) {
        skipping_ = false;
        return Outcome::kEof;
      }
      continue;
    }
    if (pos_ >= buf_.size()) {
      if (eof_) return Outcome::kEof;
      auto r = Refill();
      if (!r.ok()) return r.status();
      continue;
    }
    size_t end = 0;
    uint64_t nl = 0;
    Parse p = TryParse(rec, eof_, &end, &nl);
    if (p == Parse::kComplete) {
      rec->line = line_ + 1;
      size_t len = end - pos_;
      pos_ = end;
      line_ += nl;
      if (len > opt_.max_record_bytes) {
        *err = RowError{rec->line, "row longer than " + KiB(opt_.max_record_bytes) + "; skipped"};
        return Outcome::kError;
      }
      if (rec->size() == 1 && rec->AllEmpty()) continue;  // blank line
      return Outcome::kRecord;
    }
    if (p == Parse::kOpenQuote) {
      *err = RowError{line_ + 1, "unterminated quote: a quoted field that starts in this row is never closed"};
      ResyncAfterFirstLine();
      return Outcome::kError;
    }
    if (p == Parse::kStrayQuote) {
      *err = RowError{line_ + 1, "unterminated quote: the quote opened on line " + std::to_string(line_ + 1) +
                                     " is only followed on line " + std::to_string(line_ + 1 + nl) +
                                     " by a quote with text after it; the lines after it are read as rows"};
      ResyncAfterFirstLine();
      return Outcome::kError;
    }
    // kNeedMore
    if (buf_.size() - pos_ > opt_.max_record_bytes) {
      uint64_t start = line_ + 1;
      // Still inside quotes when the data ran out? Then the last field began with a quote.
      bool in_quotes = false;
      {
        // Re-derive: TryParse stopped inside a quoted field iff the record's
        // last field starts with a quote and has no closing quote yet. Cheap
        // check: parse again as if at the end of the file.
        size_t e2 = 0;
        uint64_t nl2 = 0;
        Parse again = TryParse(rec, /*at_eof=*/true, &e2, &nl2);
        in_quotes = again == Parse::kOpenQuote || again == Parse::kStrayQuote;
      }
      if (in_quotes) {
        *err = RowError{start, "quoted field longer than " + KiB(opt_.max_record_bytes) +
                                   " (unterminated quote?); reading resumes on the next line"};
        ResyncAfterFirstLine();
        return Outcome::kError;
      }
      *err = RowError{start, "line longer than " + KiB(opt_.max_record_bytes) + "; skipped"};
      line_ += nl;
      pos_ = buf_.size();
      skipping_ = true;
      return Outcome::kError;
    }
    auto r = Refill();
    if (!r.ok()) return r.status();
  }
}

}  // namespace kr::ingest::internal
