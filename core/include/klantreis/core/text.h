// Small text helpers shared by all modules: escaping for output formats,
// spreadsheet-formula neutralisation, UTF-8 checks, whole-file reading.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/status.h"

namespace kr {

// Whether a spreadsheet opening this text as a CSV cell would evaluate it as
// a formula: it starts with = or @ (or tab / CR, which some programs strip
// first), or with + or - and is not a plain number ("-5", "+3,5", "-50%"
// stay numbers; "-50% korting", "+31 20", "-2+3" would be formulas).
bool IsFormulaLike(std::string_view s);
// CSV field per RFC 4180, with formula neutralisation: a formula-like cell
// (IsFormulaLike) gets a leading apostrophe so spreadsheets never run it;
// every other cell is written as it is.
std::string CsvField(std::string_view s);
// The text with a leading apostrophe when it is formula-like. XLSX needs
// none: its text cells are strings and never evaluated.
std::string NeutraliseFormula(std::string_view s);
std::string HtmlEscape(std::string_view s);
std::string MarkdownEscape(std::string_view s);  // escapes | and leading markup for table cells
std::string JsonEscape(std::string_view s);      // without the surrounding quotes

// Small line-oriented helpers for the TSV data files (lexicons, brand and
// word lists, labelled queries).
// Trims spaces and carriage returns at both ends.
std::string_view TrimSpaceCr(std::string_view s);
// Splits on tabs; every column trimmed with TrimSpaceCr.
std::vector<std::string_view> SplitTabs(std::string_view line);
// Iterates the lines of a text (without '\n'), counting them from 1.
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view text) : text_(text) {}
  // Returns false at the end.
  bool Next(std::string_view* line, size_t* line_no) {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    *line = text_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    *line_no = ++line_no_;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_no_ = 0;
};

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);
// Replaces invalid sequences by U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// Opens a regular file for reading (O_CLOEXEC) and returns its descriptor,
// with its size in *size. NotFound / IoError name the path; a directory is
// InvalidArgument. The caller closes the descriptor.
Result<int> OpenForReading(const std::string& path, uint64_t* size);

// Reads a whole file; errors name the path.
Result<std::string> ReadFile(const std::string& path);
// Writes atomically (temp file + rename); errors name the path.
Status WriteFileAtomic(const std::string& path, std::string_view data);

// Lower-case hex SHA-256 of data (for import-run file hashes).
std::string Sha256Hex(std::string_view data);
// Streams a file through SHA-256; errors name the path.
Result<std::string> Sha256File(const std::string& path);
// FNV-1a 64, hex: cheap fingerprint for config versions.
std::string Fnv1aHex(std::string_view data);

}  // namespace kr
