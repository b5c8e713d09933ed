// Recognising an export from its header and turning its records into
// SourceRows (private to kr_ingest).
//
// DetectSchema looks at the first records of a decoded sample: it finds the
// delimiter and the header line (Keyword Planner has two title lines before
// it), tells the formats apart by their column sets, and maps every column
// to a role: the keyword, the volume, one month of a monthly series, or a
// source attribute. ConvertRecord then applies that mapping to each record.
// Thread-safety: a Schema is immutable after detection; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"
#include "klantreis/ingest/importer.h"
#include "numbers.h"
#include "record_reader.h"

namespace kr::ingest::internal {

struct ColumnSpec {
  enum class Kind : uint8_t {
    kIgnore,
    kKeyword,
    kVolume,
    kMonth,    // one month of searches: `month` holds "YYYY-MM"
    kText,     // source attribute kept as written
    kNumber,   // source attribute written back as a C-locale number when it is one
    kKeywordText,  // text attribute holding a keyword (trimmed and NFC-normalised)
  };
  Kind kind = Kind::kIgnore;
  std::string attr;    // attribute name for kText / kNumber / kKeywordText
  std::string month;   // "YYYY-MM" for kMonth
  std::string header;  // the header as written (for messages)
};

struct Schema {
  Format format = Format::kCsv;
  RecordReader::Mode mode = RecordReader::Mode::kCsv;
  char delimiter = ',';
  // Records (and unreadable rows) before the first data row, header
  // included; the reader skips this many items.
  uint64_t skip_items = 0;
  uint64_t header_line = 0;  // 0 when the file has no header
  std::vector<ColumnSpec> columns;
  size_t keyword_col = 0;
  std::optional<size_t> volume_col;  // the column holding the volume figure, if any
  VolumeKind volume_kind = VolumeKind::kNone;
  NumberLocale locale;
  bool skip_empty_keyword = false;  // Keyword Planner: summary rows have no keyword
  std::vector<std::pair<std::string, std::string>> constant_attrs;  // e.g. currency from "CPC (USD)"
  size_t attr_columns = 0;          // columns that become attributes (to reserve room)
  std::string encoding_name;        // for messages about undecodable bytes
  std::vector<std::string> notes;   // choices made for the user, to be said (FileInfo::notes)
};

// Detects the format, delimiter, header and column roles from `sample`
// (decoded text of the start of the file; `whole` when it is the entire
// file). Honours a forced format and --keyword-col / --volume-col. Errors
// name `path`: ParseError when no keyword column can be found, when the
// file is a Search Console sheet other than Queries, or when a forced
// format's header is missing; InvalidArgument when a named column does
// not exist.
Result<Schema> DetectSchema(const std::string& path, std::string_view sample, bool whole,
                            const ImportOptions& options);

enum class RowOutcome { kRow, kBlank, kSkipped, kError, kSwallowedLines };

// Turns one record into a SourceRow. kBlank: an empty row (not counted);
// kSkipped: a row deliberately not imported (Keyword Planner summary rows);
// kError: *err says why, with the line; kSwallowedLines: an error too, and
// the record's keyword spans lines that are not a hard wrap (a stray quote
// closed lines later): the caller reads those lines again as rows.
// A keyword may only hold a line break where Search Console hard-wraps a
// long query: after a space, on a line of at least kMinWrappedLineBytes.
constexpr size_t kMinWrappedLineBytes = 40;

RowOutcome ConvertRecord(const Schema& schema, const Record& rec, SourceRow* row, RowError* err);

// Header text normalised for matching: trimmed, lower case (ASCII and
// Latin-1 letters), runs of white space as one space.
std::string NormaliseHeader(std::string_view header);

}  // namespace kr::ingest::internal
