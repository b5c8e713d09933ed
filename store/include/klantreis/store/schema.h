// The on-disk format of a klantreis store: every RocksDB key and value, as
// one grammar beside its encoder (schema.cc). docs/store.md explains the
// design; this header is the reference.
//
// DO NOT CHANGE THESE VALUES. Stores written by earlier builds must stay
// readable: a change to any key or value layout below needs a new
// kSchemaVersion (for keys) or a new value version byte (for values), and
// the reader must keep understanding the old ones.
//
// All keys live in RocksDB's default column family and sort bytewise.
//
//   key          := schema_key | counter_key | meta_key | run_key | hash_key
//                 | class_key | source_key | serp_key
//                 | crawl_counter_key | crawl_key | page_key
//   schema_key   := "!schema"                                -> schema_value
//   counter_key  := "!next_run"                              -> fixed32be(next run number)
//   meta_key     := "m" name                                 -> the raw value bytes
//   run_key      := "r" run_no                               -> run_value
//   hash_key     := "h" file_hash                            -> run_no  (committed imports only;
//                   file_hash = sha256 hex [";" read options], see docs/store.md)
//   class_key    := "k" keyword 0x00 "c" run_no              -> class_value
//                |  "k" keyword 0x00 "c" 0xFFFFFFFF          -> reclass_value
//   source_key   := "k" keyword 0x00 "s" run_no seq          -> source_value
//   serp_key     := "q" keyword 0x00 engine 0x00 fetched_on  -> serp_value
//   crawl_counter_key := "!next_crawl"                       -> fixed32be(next crawl number)
//   crawl_key    := "w" crawl_no                             -> crawl_value
//   page_key     := "p" crawl_no url                         -> page_value
//
//   run_no       := fixed32be, 1..0xFFFFFFFE ; the run id shown to users is "r" + %06u ("r000001")
//                   0xFFFFFFFF is the re-classification slot (PutClassifications), never a run
//   seq          := fixed32be, the order of ImportWriter::Add within its run
//   keyword      := the normalised keyword, UTF-8, never empty, never holding 0x00
//   engine       := "google" | "bing" | "duckduckgo" | ... (no 0x00)
//   fetched_on   := "YYYY-MM-DD"
//   crawl_no     := fixed32be, 1..0xFFFFFFFE ; shown to users as "w" + %06u ("w000001")
//   url          := the page's normalised URL (crawler/web_url.h), never empty, no 0x00, at most 8 KiB
//
// So everything about one keyword (its classifications, then its sources
// by run) is contiguous, and one keyword's group is found by seeking to
// "k" keyword 0x00. Rows of an import are blind-written under their run
// number; a reader only sees rows whose run record is committed (see
// docs/store.md, "Atomic imports").
//
// Values (every value starts with its version byte; all are version 1):
//
//   schema_value := "klantreis-store" 0x00 varint32(schema version)
//   run_value    := 0x01 kind:u8 state:u8 str(file) str(file_hash) str(format)
//                   str(encoding) zigzag64(started_at) varint64(rows_read)
//                   varint64(rows_stored) varint64(rows_rejected)
//                   varint32(n) { varint64(line) str(message) }*n
//                   str(model_version) str(row_model_version)
//                   kind:  0 = import (others reserved);  state: 0 = pending, 1 = committed
//                   row_model_version: the model version class_values of this
//                   run refer to with model_flag 1 (saves repeating it per row)
//   source_value := 0x01 str(display) lang:u8 varint64(line) flags:u8
//                   [zigzag64(volume)]            if flags & 1
//                   volume_kind:u8
//                   varint32(n) { month varint64-zigzag(searches) }*n
//                   varint32(n) { str(name) str(value) }*n
//                   [str(file)]                   if flags & 2  (else the run's file)
//                   [str(format)]                 if flags & 4  (else the run's format)
//   month        := varint32(year*12 + month-1 + 1)          for "YYYY-MM"
//                 | varint32(0) str(text)                    for anything else
//   class_value  := 0x01 stage:u8 fixed64le(confidence, IEEE double) runner_up:u8 (0xFF = none)
//                   navigational:u8 lang:u8 model_flag:u8 [str(model_version)] if model_flag == 0
//                   varint32(n) { str(rule) stage:u8 fixed64le(weight) varint32(m) { str(token) }*m }*n
//   reclass_value := fixed32be(as_of run_no) class_value   (class_value's model_flag 1 = "")
//                   the keyword's classification unless a committed run
//                   newer than as_of classified it again
//   serp_value   := 0x01 str(source) str(parsed_json) compression:u8 (0 = none, 1 = zstd)
//                   varint64(html size) str(html, compressed; zstd frames carry a checksum)
//   crawl_value  := 0x01 JSON object {state: "pending"|"committed", site, start_urls[], started_at,
//                   finished_at, pages, interrupted, stopped_by, summary (object or null)}
//   page_value   := 0x01 JSON object, the fields of kr::WebPage (core/page.h) by name
//                   (url, final_url, status, redirects[], ..., terms[], indexable); unknown fields
//                   are ignored and missing ones take their defaults, so fields can be added
//   str          := varint32(length) bytes
//
// Stage, Language and VolumeKind bytes are the enum values of core/ (which
// are themselves marked "DO NOT CHANGE").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"
#include "klantreis/store/store.h"

namespace kr::store::schema {

// The layout described above. Opening a store with a higher version fails.
inline constexpr uint32_t kSchemaVersion = 1;
inline constexpr uint8_t kValueVersion = 1;

inline constexpr char kSchemaKey[] = "!schema";
inline constexpr char kCounterKey[] = "!next_run";
inline constexpr char kMetaPrefix = 'm';
inline constexpr char kRunPrefix = 'r';
inline constexpr char kHashPrefix = 'h';
inline constexpr char kKeywordPrefix = 'k';
inline constexpr char kSerpPrefix = 'q';
inline constexpr char kCrawlCounterKey[] = "!next_crawl";
inline constexpr char kCrawlPrefix = 'w';
inline constexpr char kPagePrefix = 'p';
inline constexpr size_t kMaxPageUrlBytes = 8192;
inline constexpr char kClassTag = 'c';
inline constexpr char kSourceTag = 's';

// The class_key slot written by PutClassifications (re-classification).
inline constexpr uint32_t kReclassifiedRun = 0xFFFFFFFFu;

enum class RunKind : uint8_t { kImport = 0 };
enum class RunState : uint8_t { kPending = 0, kCommitted = 1 };

// ---- keys ----
std::string EncodeFixed32BE(uint32_t v);
uint32_t DecodeFixed32BE(const char* p);

std::string RunKey(uint32_t run_no);
std::string RunId(uint32_t run_no);                     // "r000001"
std::optional<uint32_t> ParseRunId(std::string_view id);
std::string HashKey(std::string_view file_hash);
std::string MetaKey(std::string_view name);
std::string KeywordPrefix(std::string_view keyword);    // "k" keyword 0x00
void AppendClassKey(std::string* dst, std::string_view keyword, uint32_t run_no);
void AppendSourceKey(std::string* dst, std::string_view keyword, uint32_t run_no, uint32_t seq);
std::string SerpPrefix(std::string_view keyword);       // "q" keyword 0x00
std::string SerpKey(std::string_view keyword, std::string_view engine, std::string_view fetched_on);

// A class_key or source_key taken apart. keyword points into the key.
struct KeywordKey {
  std::string_view keyword;
  char tag = 0;  // kClassTag or kSourceTag
  uint32_t run_no = 0;
  uint32_t seq = 0;
};
// False when `key` is not a well-formed class_key/source_key.
bool ParseKeywordKey(std::string_view key, KeywordKey* out);

std::string CrawlKey(uint32_t crawl_no);
std::string CrawlId(uint32_t crawl_no);                 // "w000001"
std::string PagePrefix(uint32_t crawl_no);              // "p" crawl_no
std::string PageKey(uint32_t crawl_no, std::string_view url);

// ---- values ----
std::string EncodeSchemaValue(uint32_t version);
// The version, or InvalidArgument when the value is not a klantreis schema marker.
Result<uint32_t> DecodeSchemaValue(std::string_view value);

struct RunValue {
  ImportRun run;  // id and committed are derived from the key and state
  RunKind kind = RunKind::kImport;
  RunState state = RunState::kPending;
  std::string row_model_version;
};
std::string EncodeRunValue(const RunValue& v);
// Corruption (message names what is wrong) on a bad or newer value.
Status DecodeRunValue(std::string_view value, RunValue* out);

// Appends a source_value. `run_file`/`run_format` are the run's; the
// source's own file/format are only stored when they differ.
void AppendSourceValue(std::string* dst, std::string_view display, Language lang, const SourceRef& src,
                       std::string_view run_file, std::string_view run_format);
// Decodes into display/lang/src; src->file/format are the run's unless the
// value overrides them; src->run_id is left alone.
Status DecodeSourceValue(std::string_view value, std::string* display, Language* lang, SourceRef* src,
                         std::string_view run_file, std::string_view run_format);

// Appends a class_value; model_version equal to `row_model_version` is not repeated.
void AppendClassValue(std::string* dst, const Classification& c, std::string_view row_model_version);
Status DecodeClassValue(std::string_view value, std::string_view row_model_version, Classification* out);

// reclass_value: the run number the re-classification is as new as, then a class_value.
void AppendReclassValue(std::string* dst, const Classification& c, uint32_t as_of_run);
Status DecodeReclassValue(std::string_view value, uint32_t* as_of_run, Classification* out);

// serp_value with the HTML zstd-compressed (deterministic: the same
// snapshot always encodes to the same bytes). snap.key/engine/fetched_on
// live in the key and are not part of the value.
Result<std::string> EncodeSerpValue(const SerpSnapshot& snap);
Status DecodeSerpValue(std::string_view value, SerpSnapshot* out);

// crawl_value and page_value (schema_pages.cc). Decoders: Corruption naming
// what is wrong on a bad or newer value.
std::string EncodeCrawlValue(const CrawlRun& run);
Status DecodeCrawlValue(std::string_view value, CrawlRun* out);  // out->id/committed from the caller
std::string EncodePageValue(const WebPage& page);
Status DecodePageValue(std::string_view value, WebPage* out);

}  // namespace kr::store::schema
