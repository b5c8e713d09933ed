// Keyword file detection, the record reader and number parsing
// (ingest::ReadKeywordFile) on arbitrary bytes. The first byte picks the
// format and encoding options, the rest is the file. Invariants: every row
// the reader hands on has a non-empty, valid UTF-8 keyword without a line
// break, a line number inside the file, and valid UTF-8 attributes.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_check.h"
#include "klantreis/ingest/importer.h"

using kr::fuzz::Require;
using kr::fuzz::RequireUtf8;

namespace {

const std::string& TempPath() {
  static const std::string path = "/tmp/kr-fuzz-import-" + std::to_string(getpid()) + ".csv";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  FILE* f = std::fopen(TempPath().c_str(), "wb");
  if (!f) return 0;
  std::fwrite(body.data(), 1, body.size(), f);
  std::fclose(f);

  static const kr::ingest::Format kFormats[] = {kr::ingest::Format::kAuto,    kr::ingest::Format::kPlanner,
                                                kr::ingest::Format::kGsc,     kr::ingest::Format::kSemrush,
                                                kr::ingest::Format::kAhrefs,  kr::ingest::Format::kList,
                                                kr::ingest::Format::kCsv};
  static const char* kEncodings[] = {"", "", "UTF-8", "windows-1252", "UTF-16LE", "ISO-8859-1"};
  kr::ingest::ImportOptions options;
  options.format = kFormats[mode % 7];
  options.encoding = kEncodings[(mode / 7) % 6];
  options.refuse_unsure_encoding = (mode & 0x80) != 0;
  if (options.format == kr::ingest::Format::kCsv) options.keyword_col = "1";

  const uint64_t max_line = static_cast<uint64_t>(std::count(body.begin(), body.end(), '\n')) +
                            static_cast<uint64_t>(std::count(body.begin(), body.end(), '\r')) + 2;
  kr::ingest::FileInfo info;
  kr::Status st = kr::ingest::ReadKeywordFile(
      TempPath(), options, &info,
      [&](kr::SourceRow&& row) {
        Require(!row.keyword.empty(), "a row has an empty keyword");
        RequireUtf8(row.keyword, "a keyword is not valid UTF-8");
        Require(row.keyword.find_first_of("\r\n") == std::string::npos, "a keyword holds a line break");
        Require(row.line >= 1 && row.line <= max_line, "a row's line is outside the file");
        for (const auto& [name, value] : row.attrs) {
          RequireUtf8(name, "an attribute name is not valid UTF-8");
          RequireUtf8(value, "an attribute value is not valid UTF-8");
        }
        for (const auto& m : row.monthly) RequireUtf8(m.month, "a month is not valid UTF-8");
        return kr::Status::Ok();
      },
      [&](kr::RowError&& e) { Require(!e.message.empty(), "a row error without a message"); });
  if (!st.ok()) Require(!st.message().empty(), "a failed read without a message");
  return 0;
}
