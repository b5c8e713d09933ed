// Splits UTF-8 text into records (private to kr_ingest).
//
// CSV mode follows RFC 4180 leniently: any delimiter; fields in double
// quotes may hold the delimiter, doubled quotes and line breaks; a quote in
// the middle of an unquoted field is literal; text after a closing quote is
// kept. Lines end in LF, CRLF or a lone CR. Lines mode returns each
// physical line as one field (plain keyword lists).
//
// Limits and recovery, so memory stays bounded and good rows keep coming:
//  - a record longer than max_record_bytes is a row error naming the line
//    where it starts; an over-long unquoted line is skipped to its end;
//  - a quoted field still open at the end of the file, longer than the
//    limit, or running over lines and then "closed" by a quote with text
//    right after it (the opening quote of a later row), is a row error
//    ("unterminated quote") naming the line where the record starts;
//    reading resumes on the next physical line, so the lines the stray
//    quote would have swallowed are read again as rows (the caller can ask
//    for the same with RereadAfterFirstLine when it judges a record's
//    contents, e.g. a keyword spanning lines).
// Blank lines are skipped (they are not records).
// Thread-safety: one thread per reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decode.h"
#include "klantreis/core/keyword.h"

namespace kr::ingest::internal {

// One record. Fields are views into the reader's buffer (or into scratch,
// for quoted fields that needed unescaping): valid until the next call to
// RecordReader::Next.
struct Record {
  uint64_t line = 0;     // 1-based physical line where the record starts
  std::string_view raw;  // the record's text as read: quotes, delimiters, line end

  size_t size() const { return spans_.size(); }
  std::string_view field(size_t i) const {
    if (i >= spans_.size()) return {};
    const Span& s = spans_[i];
    return std::string_view((s.in_scratch ? scratch_.data() : base_) + s.off, s.len);
  }
  // True when every field is empty (a blank line, or ",,,").
  bool AllEmpty() const {
    for (const Span& s : spans_)
      if (s.len) return false;
    return true;
  }

 private:
  friend class RecordReader;
  struct Span {
    uint32_t off;
    uint32_t len;
    bool in_scratch;
  };
  void Clear() {
    spans_.clear();
    scratch_.clear();
  }
  const char* base_ = nullptr;
  std::vector<Span> spans_;
  std::string scratch_;
};

class RecordReader {
 public:
  enum class Mode { kCsv, kLines };
  struct Options {
    Mode mode = Mode::kCsv;
    char delimiter = ',';
    size_t max_record_bytes = 64 * 1024;
  };
  enum class Outcome { kRecord, kError, kEof };

  // REQUIRES: source outlives the reader.
  RecordReader(TextSource* source, Options options);

  // Reads the next record into *rec (kRecord), or reports a row that cannot
  // be read in *err (kError, with its line), or kEof. A non-OK result is a
  // read failure of the underlying file.
  Result<Outcome> Next(Record* rec, RowError* err);

  // Lines consumed so far (the line the next record starts on is line() + 1).
  uint64_t line() const { return line_; }

  // Goes back to the line after the first line of `rec` and reads on from
  // there: for a record that turned out to swallow lines that are rows of
  // their own (a stray quote closed lines later). REQUIRES: rec is the
  // record the last Next() returned, and it spans more than one line.
  void RereadAfterFirstLine(const Record& rec);

 private:
  enum class Parse { kComplete, kNeedMore, kOpenQuote, kStrayQuote };
  // Parses one record starting at pos_ without consuming it. On kComplete
  // sets *end; *newlines is the count of line breaks parsed so far.
  Parse TryParse(Record* rec, bool at_eof, size_t* end, uint64_t* newlines);
  Result<bool> Refill();
  void ResyncAfterFirstLine();

  TextSource* source_;
  Options opt_;
  unsigned char cls_[256];
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool skipping_ = false;  // discarding the rest of an over-long line
  uint64_t line_ = 0;
};

}  // namespace kr::ingest::internal
