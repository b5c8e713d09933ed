// Store: a project's keywords, sources, volumes, classifications, import
// runs and SERP snapshots in RocksDB. The key schema is in schema.h and
// docs/store.md.
//
// Guarantees:
// - One import is atomic: its rows become visible together at Commit(); a
//   crash before that leaves nothing of it visible, and the next writable
//   Open() removes its remains.
// - Only one process opens a store for writing; a second one gets
//   Status::Busy naming the store directory. Read-only opens always work.
// - Memory stays flat while an import streams rows (no whole-import batch).
// Thread-safety: a Store may be shared between threads for reads; writes
// (ImportWriter, Put*) from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "klantreis/core/keyword.h"
#include "klantreis/core/status.h"
#include "klantreis/store/pages.h"

namespace kr::store {

// The longest keyword key (normalised form) the store takes, in bytes.
inline constexpr size_t kMaxKeywordBytes = 4096;

struct ImportRun {
  std::string id;            // assigned by BeginImport ("r000001", ...), sortable
  std::string file;          // as given by the user
  std::string file_hash;     // sha256 of the file bytes, then ";option=value" for read options given ("" for suggest/serp runs)
  std::string format;        // "planner", "gsc", "semrush", "ahrefs", "list", "csv", "suggest", "serp"
  std::string encoding;      // detected input encoding
  int64_t started_at = 0;    // unix seconds
  uint64_t rows_read = 0;
  uint64_t rows_stored = 0;
  uint64_t rows_rejected = 0;
  std::vector<RowError> errors;  // first errors (capped by the writer)
  std::string model_version;
  bool committed = false;
};

// One source of a keyword: a row in a file, a suggestion, a SERP.
struct SourceRef {
  std::string run_id;
  std::string file;
  std::string format;
  uint64_t line = 0;
  std::optional<int64_t> volume;
  VolumeKind volume_kind = VolumeKind::kNone;
  std::vector<MonthlyVolume> monthly;
  std::vector<std::pair<std::string, std::string>> attrs;
};

// A keyword as the reports see it.
struct KeywordRecord {
  std::string key;        // normalised form (identity)
  std::string display;    // as first seen
  Language lang = Language::kUnd;
  std::vector<SourceRef> sources;  // committed sources only, by run
  std::optional<Classification> classification;

  // Best figure over the sources (lowest VolumeKind wins; ties: latest run).
  int64_t MonthlyVolume(VolumeKind* kind = nullptr) const;
  // Per-month searches merged over sources (best kind per month).
  std::map<std::string, int64_t> Monthly() const;
};

// Streams one import into the store. Not thread-safe.
class ImportWriter {
 public:
  virtual ~ImportWriter() = default;
  // Adds one keyword occurrence. `key` is the normalised form (non-empty,
  // no NUL byte, at most 4096 bytes: else InvalidArgument naming it).
  // source.run_id is ignored (the writer's id is used); source.file/format
  // default to the run's. IoError when a staged batch cannot be written;
  // the writer is then failed and only Abort() remains.
  virtual Status Add(const std::string& key, const std::string& display, Language lang,
                     const SourceRef& source, const Classification& classification) = 0;
  // Makes the whole import visible at once, recording `run` (counts, errors).
  virtual Status Commit(const ImportRun& run) = 0;
  // Drops everything added (also done by the destructor without Commit)
  // and gives its space back (a compaction of the range it spanned).
  virtual void Abort() = 0;
  // Ends the import at once without committing or cleaning up (Ctrl-C):
  // the run stays pending, invisible to readers, and the next writable Open
  // removes its rows, as after a crash.
  virtual void AbortOnNextOpen() = 0;
  virtual const std::string& run_id() const = 0;
};

struct SerpSnapshot {
  std::string key;          // keyword normalised form
  std::string engine;       // "google", "bing", "duckduckgo"
  std::string fetched_on;   // "YYYY-MM-DD"
  std::string html;         // raw page (stored compressed)
  std::string parsed_json;  // the parsed record
  std::string source;       // file path or URL
};

enum class OpenMode { kReadOnly, kReadWrite };

class Store {
 public:
  // Opens (kReadWrite creates) the store in `dir`. Busy when another process
  // holds it for writing; Corruption/InvalidArgument when it is not a
  // klantreis store or its schema version is newer than this binary.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, OpenMode mode);
  virtual ~Store() = default;

  // REQUIRES: opened kReadWrite (else InvalidArgument); the writer is
  // destroyed before this Store. run.file/file_hash/format/encoding/
  // started_at (0 = now)/model_version are recorded at once as a pending
  // run; IoError naming the store when that write fails.
  virtual Result<std::unique_ptr<ImportWriter>> BeginImport(const ImportRun& run) = 0;
  // The committed run that imported a file with this hash, if any (idempotent re-import).
  virtual Result<std::optional<ImportRun>> FindRunByHash(const std::string& file_hash) = 0;
  virtual Result<std::vector<ImportRun>> ListImports() = 0;
  // Removes one committed import run ("r000042"): keywords only it brought
  // in disappear, keywords with other sources keep those (their best figure
  // and classification then come from the remaining runs). Atomic and
  // crash-safe: one synced WriteBatch turns the run back to pending and
  // drops its file-hash entry (from then on readers never see its rows, and
  // the file can be imported again); its rows are then deleted, and after a
  // crash the next writable Open() deletes them like any pending run's.
  // `after_hide` (tests) runs between the two steps. NotFound for an
  // unknown or uncommitted run; REQUIRES kReadWrite.
  virtual Result<ImportRun> RemoveRun(const std::string& run_id,
                                      const std::function<void()>& after_hide = nullptr) = 0;

  // Visits committed keywords in key order; stop early by returning false.
  virtual Status ForEachKeyword(const std::function<bool(const KeywordRecord&)>& fn) = 0;
  virtual Result<std::optional<KeywordRecord>> GetKeyword(const std::string& key) = 0;
  virtual Result<uint64_t> CountKeywords() = 0;

  // Replaces the stored classification of existing keywords (re-classify).
  // Keywords not in the store are ignored (they stay absent). A run
  // committed later classifies its keywords anew and wins again. Atomic per
  // batch of 20,000 keywords; InvalidArgument for an empty/NUL keyword,
  // IoError naming the store on write errors. May be called from inside a
  // ForEachKeyword callback (the iteration keeps its snapshot).
  virtual Status PutClassifications(const std::vector<std::pair<std::string, Classification>>& items) = 0;

  // SERP snapshots: one per (key, engine, date); putting the same again changes nothing.
  virtual Status PutSerp(const SerpSnapshot& snap) = 0;
  virtual Result<std::vector<SerpSnapshot>> GetSerps(const std::string& key) = 0;  // newest first

  // Site crawls (pages.h). REQUIRES kReadWrite for BeginCrawl; a crawl left
  // pending by a crash is removed by the next BeginCrawl.
  virtual Result<std::unique_ptr<PageWriter>> BeginCrawl(const CrawlRun& run) = 0;
  virtual Result<std::vector<CrawlRun>> ListCrawls() = 0;  // committed, oldest first
  // The pages of each site's committed crawl, by site then URL; stop early by returning false.
  virtual Status ForEachPage(const std::function<bool(const CrawlRun&, const WebPage&)>& fn) = 0;

  // Small project metadata values (e.g. "project.name").
  virtual Status PutMeta(const std::string& name, const std::string& value) = 0;
  virtual Result<std::optional<std::string>> GetMeta(const std::string& name) = 0;

  virtual const std::string& dir() const = 0;
  // True when opened kReadOnly (Put*/BeginImport then fail).
  virtual bool read_only() const = 0;

  // Reads the whole store: every table file's block checksums (RocksDB
  // VerifyChecksum), then every key and value through the readers (run
  // records, keywords, SERPs). Corruption/IoError naming the store and
  // what failed; *keywords (may be null) is the count of committed keywords.
  virtual Status Verify(uint64_t* keywords) = 0;

  // Rebuilds the store's MANIFEST from its table files (RocksDB RepairDB),
  // for a store that no longer opens or reads (a damaged MANIFEST, a missing
  // CURRENT, a truncated table file: the damaged file's keys are lost).
  // REQUIRES: no process has the store open. The caller backs it up first.
  static Status Repair(const std::string& dir);
};

}  // namespace kr::store
