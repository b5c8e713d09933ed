// Keyword importers: read keyword files as the tools really export them
// (Keyword Planner, Search Console, Semrush, Ahrefs, plain lists, any
// CSV/TSV) in any of their encodings, and stream SourceRows to the caller.
// Knows nothing of the store or the classifier.
// Thread-safety: free functions, no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"

namespace kr::ingest {

enum class Format { kAuto, kPlanner, kGsc, kSemrush, kAhrefs, kList, kCsv };
std::string_view FormatId(Format f);  // "auto","planner","gsc","semrush","ahrefs","list","csv"
std::optional<Format> FormatFromId(std::string_view id);

struct ImportOptions {
  Format format = Format::kAuto;
  std::string keyword_col;  // header name or 1-based index, for Format::kCsv / overrides
  std::string volume_col;
  std::string encoding;     // "" = detect (BOM, sniffing, ICU charset detector)
  // Refuse (ParseError suggesting --encoding) an encoding guessed with a
  // confidence below 60 instead of reading the file with it (--strict).
  bool refuse_unsure_encoding = false;
  // The file's name in messages when `path` is a copy (a pipe spooled to a
  // temporary file); "" = path.
  std::string name;
};

struct FileInfo {
  Format format = Format::kAuto;  // the detected (or forced) format
  std::string encoding;           // "UTF-8", "UTF-16LE", "windows-1252", ...
  bool encoding_guessed = false;  // inferred from the bytes (no BOM, not valid UTF-8, no --encoding)
  int encoding_confidence = 100;  // of the guess, 0..100
  std::string encoding_basis;     // why, in words ("2 lines of valid multi-byte UTF-8, 1 line with ...")
  char delimiter = ',';
  uint64_t rows_read = 0;         // data rows seen (good + bad)
  uint64_t rows_skipped = 0;      // rows deliberately not imported (Keyword Planner summary rows)
  uint64_t header_line = 0;       // 1-based line of the header, 0 when the file has none
  std::vector<std::string> notes; // choices the reader made that the user should hear ("the keyword is column 1")
};

// Reads `path`, calling on_row for each good row and on_error for each row
// that cannot be read (with its line). Memory stays flat: the file is read
// in chunks. Returns a non-OK Status (naming the file, and the line where it
// applies) when the file as a whole cannot be read: missing, empty, binary,
// unknown encoding, no keyword column. A non-OK Status from on_row stops
// the read and is returned.
//
// `info` (may be null) is filled in before the first on_row call, so the
// callbacks may read info->format and info->encoding.
// RowError.message is the cause only ("unreadable volume 'abc' in column
// 'Volume'"); the caller adds the file name and RowError.line.
// Rows: keyword as written (trimmed, NFC; a line break inside a quoted
// keyword becomes a space); volume + volume_kind; monthly per "YYYY-MM";
// attrs named as in docs/importers.md.
Status ReadKeywordFile(const std::string& path, const ImportOptions& options, FileInfo* info,
                       const std::function<Status(SourceRow&&)>& on_row,
                       const std::function<void(RowError&&)>& on_error);

}  // namespace kr::ingest
