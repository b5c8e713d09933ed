// RocksDbStore: Store on RocksDB with the layout of schema.h. The design
// (atomic imports by run records, sorted staged batches, cleanup of crash
// leftovers) is described in docs/store.md.
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <rocksdb/slice_transform.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>
#include <set>
#include <unordered_set>

#include "klantreis/store/schema.h"
#include "klantreis/store/store.h"
#include "rocks_pages.h"
#include "rocks_status.h"

namespace kr::store {
namespace {

namespace fs = std::filesystem;
namespace sc = schema;

// Staged import rows are collected up to this many bytes (keys + values),
// sorted, written to an SST file and ingested (IngestExternalFile): no
// memtable, no write-ahead log, no flush, no write stalls, and the rows are
// durable once ingested. Memory stays at about this size whatever the
// import's length. bench/store_bench.cc compares this with memtable writes.
constexpr size_t kBatchBytes = 32u << 20;
// A final batch smaller than this goes through a logged WriteBatch instead
// of an SST file (small imports should not litter level 0 with tiny files);
// the synced commit record makes it durable with it.
constexpr size_t kMinIngestBytes = 1u << 20;
// SST files of an import are built here (inside the store, so ingesting
// them is a hard link) and removed by the next writable Open() after a crash.
constexpr char kStagingDir[] = "import-staging";
// Deletes (abort, crash cleanup, old classifications) go out in batches of this many keys.
constexpr size_t kDeleteBatchKeys = 20000;
// PutClassifications writes this many keywords per batch (each batch atomic).
constexpr size_t kReclassifyChunk = 20000;
// A run record keeps at most this many row errors.
constexpr size_t kMaxStoredErrors = 1000;

struct RunEntry {
  ImportRun run;  // id and committed filled in
  std::string row_model_version;
};
using RunTable = std::map<uint32_t, RunEntry>;

bool IsCommitted(const RunTable& runs, uint32_t run_no, const RunEntry** entry) {
  auto it = runs.find(run_no);
  if (it == runs.end() || !it->second.run.committed) return false;
  *entry = &it->second;
  return true;
}

std::string Quote(std::string_view key) { return "'" + PrintableKey(key) + "'"; }

Status CheckKeyword(std::string_view key, std::string_view what) {
  if (key.empty()) return Status::InvalidArgument(std::string(what) + ": empty keyword");
  if (key.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + ": keyword " + Quote(key) + " holds a NUL byte");
  }
  if (key.size() > kMaxKeywordBytes) {
    return Status::InvalidArgument(std::string(what) + ": keyword " + Quote(key.substr(0, 40)) + "... is longer than " +
                                   std::to_string(kMaxKeywordBytes) + " bytes");
  }
  return Status::Ok();
}

// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char c = static_cast<unsigned char>(prefix.back());
    if (c != 0xFF) {
      prefix.back() = static_cast<char>(c + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // "" = no bound
}

std::string_view V(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class RocksImportWriter;

class RocksDbStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, OpenMode mode);
  ~RocksDbStore() override;

  Result<std::unique_ptr<ImportWriter>> BeginImport(const ImportRun& run) override;
  Result<std::optional<ImportRun>> FindRunByHash(const std::string& file_hash) override;
  Result<std::vector<ImportRun>> ListImports() override;
  Result<ImportRun> RemoveRun(const std::string& run_id, const std::function<void()>& after_hide) override;
  Status ForEachKeyword(const std::function<bool(const KeywordRecord&)>& fn) override;
  Result<std::optional<KeywordRecord>> GetKeyword(const std::string& key) override;
  Result<uint64_t> CountKeywords() override;
  Status PutClassifications(const std::vector<std::pair<std::string, Classification>>& items) override;
  Status PutSerp(const SerpSnapshot& snap) override;
  Result<std::vector<SerpSnapshot>> GetSerps(const std::string& key) override;
  Status PutMeta(const std::string& name, const std::string& value) override;
  Result<std::optional<std::string>> GetMeta(const std::string& name) override;
  Result<std::unique_ptr<PageWriter>> BeginCrawl(const CrawlRun& run) override {
    KR_RETURN_IF_ERROR(RequireWritable("begin crawl"));
    return internal::BeginRocksCrawl(db_.get(), dir_, run);
  }
  Result<std::vector<CrawlRun>> ListCrawls() override { return internal::ListRocksCrawls(db_.get(), dir_); }
  Status ForEachPage(const std::function<bool(const CrawlRun&, const WebPage&)>& fn) override {
    return internal::ForEachRocksPage(db_.get(), dir_, fn);
  }
  const std::string& dir() const override { return dir_; }
  bool read_only() const override { return read_only_; }
  Status Verify(uint64_t* keywords) override;

  // --- for RocksImportWriter ---
  Status Err(const rocksdb::Status& s, std::string_view what) const { return FromRocks(s, dir_, what); }
  rocksdb::DB* db() { return db_.get(); }
  // Makes run `run_no` committed with the final figures of `run`.
  Status CommitRun(uint32_t run_no, const ImportRun& run);
  // Deletes every row of the given runs with keywords in [lo, hi) ("" hi = to
  // the end of the keyword space), then their run records.
  Status DropRuns(const std::set<uint32_t>& runs, const std::string& lo, const std::string& hi);
  // Bulk load on/off: while an import ingests its staged SST files RocksDB's
  // automatic compactions are off (SetOptions, for this process only: every
  // Open starts from MakeOptions), so level 0 grows by one file per batch and
  // nothing is rewritten during the import: its cost is linear in its rows.
  // The files are compacted later, by RocksDB's own compactions in a later
  // writable process (docs/store.md, "Bulk load"). Failures are ignored:
  // compactions during an import cost time, not correctness.
  void BulkLoad(bool on);

 private:
  RocksDbStore(std::string dir, bool read_only) : dir_(std::move(dir)), read_only_(read_only) {}
  Status Init();
  Status LoadRuns();
  Status RequireWritable(std::string_view what) const {
    if (read_only_) return Status::InvalidArgument("store " + dir_ + ": " + std::string(what) + ": store is open read-only");
    return Status::Ok();
  }
  std::shared_ptr<const RunTable> Runs() const {
    std::lock_guard<std::mutex> l(mu_);
    return runs_;
  }
  void SetRuns(std::shared_ptr<const RunTable> t) {
    std::lock_guard<std::mutex> l(mu_);
    runs_ = std::move(t);
  }
  // Reads the entries of the keyword `it` is on into *rec and leaves `it` on
  // the next keyword. *visible is false when no source of it is committed.
  Status ReadKeywordGroup(rocksdb::Iterator* it, const RunTable& runs, KeywordRecord* rec, bool* visible) const;

  std::string dir_;
  bool read_only_;
  std::unique_ptr<rocksdb::DB> db_;
  mutable std::mutex mu_;
  std::shared_ptr<const RunTable> runs_ = std::make_shared<RunTable>();  // guarded by mu_ (pointer swap)
  uint32_t next_run_ = 1;  // writer thread only
};

// ---------------------------------------------------------------------------
// ImportWriter

class RocksImportWriter final : public ImportWriter {
 public:
  RocksImportWriter(RocksDbStore* store, uint32_t run_no, ImportRun begin)
      : store_(store), run_no_(run_no), id_(sc::RunId(run_no)), begin_(std::move(begin)) {
    arena_.reserve(kBatchBytes + (64u << 10));
  }
  ~RocksImportWriter() override {
    if (state_ == State::kOpen || state_ == State::kFailed) Abort();
    (void)WaitBackground();
    EndBulkLoad();
  }

  Status Add(const std::string& key, const std::string& display, Language lang, const SourceRef& source,
             const Classification& classification) override {
    if (state_ != State::kOpen) return Status::InvalidArgument("store " + store_->dir() + ": import " + id_ + " is " + StateName());
    if (key.empty() || key.size() > kMaxKeywordBytes || key.find('\0') != std::string::npos) {
      return CheckKeyword(key, "store " + store_->dir() + ": import " + id_);
    }
    if (seq_ == UINT32_MAX) return Status::InvalidArgument("store " + store_->dir() + ": import " + id_ + ": too many rows");
    if (!any_) {
      min_key_ = max_key_ = key;
      any_ = true;
    } else if (key < min_key_) {
      min_key_ = key;
    } else if (key > max_key_) {
      max_key_ = key;
    }
    size_t off = arena_.size();
    sc::AppendClassKey(&arena_, key, run_no_);
    key_len_ = arena_.size() - off;
    sc::AppendClassValue(&arena_, classification, begin_.model_version);
    PushEntry(off);

    off = arena_.size();
    sc::AppendSourceKey(&arena_, key, run_no_, seq_++);
    key_len_ = arena_.size() - off;
    sc::AppendSourceValue(&arena_, display.empty() ? std::string_view(key) : std::string_view(display), lang, source,
                          begin_.file, begin_.format);
    PushEntry(off);

    if (arena_.size() >= kBatchBytes) {
      Status st = WriteStaged(/*last=*/false);
      if (!st.ok()) {
        state_ = State::kFailed;
        return st;
      }
    }
    return Status::Ok();
  }

  Status Commit(const ImportRun& run) override {
    if (state_ != State::kOpen) return Status::InvalidArgument("store " + store_->dir() + ": import " + id_ + " is " + StateName());
    Status st = WriteStaged(/*last=*/true);
    if (st.ok()) {
      ImportRun final_run = run;
      if (final_run.file.empty()) final_run.file = begin_.file;
      if (final_run.file_hash.empty()) final_run.file_hash = begin_.file_hash;
      if (final_run.format.empty()) final_run.format = begin_.format;
      if (final_run.encoding.empty()) final_run.encoding = begin_.encoding;
      if (final_run.started_at == 0) final_run.started_at = begin_.started_at;
      if (final_run.model_version.empty()) final_run.model_version = begin_.model_version;
      st = store_->CommitRun(run_no_, final_run);
    }
    if (!st.ok()) {
      state_ = State::kFailed;
      return st;
    }
    state_ = State::kCommitted;
    arena_ = std::string();
    entries_ = std::vector<Entry>();
    bg_arena_ = std::string();
    bg_entries_ = std::vector<Entry>();
    EndBulkLoad();
    return Status::Ok();
  }

  void Abort() override {
    if (state_ != State::kOpen && state_ != State::kFailed) return;
    (void)WaitBackground();
    arena_ = std::string();
    entries_ = std::vector<Entry>();
    std::string lo, hi;
    if (any_) {
      lo = sc::KeywordPrefix(min_key_);
      hi = PrefixEnd(sc::KeywordPrefix(max_key_));
    } else {
      lo = hi = std::string(1, sc::kKeywordPrefix);  // nothing written: only the run record goes
    }
    // When this fails the run stays pending and the next writable Open() removes it.
    (void)store_->DropRuns({run_no_}, lo, hi);
    EndBulkLoad();
    state_ = State::kAborted;
  }

  void AbortOnNextOpen() override {
    if (state_ != State::kOpen && state_ != State::kFailed) return;
    (void)WaitBackground();  // a staged file being written: ingested or not, it belongs to the pending run
    arena_ = std::string();
    entries_ = std::vector<Entry>();
    EndBulkLoad();
    state_ = State::kAborted;
  }

  const std::string& run_id() const override { return id_; }

 private:
  enum class State { kOpen, kCommitted, kAborted, kFailed };
  struct Entry {
    uint64_t prefix;   // the key's bytes 1..8, big-endian (see KeyPrefix)
    uint64_t prefix2;  // bytes 9..16
    size_t key_off;
    uint32_t key_len;
    uint32_t val_len;
  };

  // Bytes [from, from+8) of the key, big-endian, zero-padded. Byte 0 is the
  // group byte (the same for every staged key), so prefix = bytes 1..8 and
  // prefix2 = bytes 9..16: most sort comparisons end there, even for
  // keywords sharing their first word.
  static uint64_t KeyPrefix(const char* p, size_t n, size_t from = 1) {
    uint64_t v = 0;
    for (size_t i = from; i < from + 8; ++i) v = (v << 8) | (i < n ? static_cast<unsigned char>(p[i]) : 0);
    return v;
  }
  void PushEntry(size_t key_off) {
    Entry e;
    e.key_off = key_off;
    e.key_len = static_cast<uint32_t>(key_len_);
    e.val_len = static_cast<uint32_t>(arena_.size() - key_off - key_len_);
    e.prefix = KeyPrefix(arena_.data() + key_off, key_len_);
    e.prefix2 = KeyPrefix(arena_.data() + key_off, key_len_, 9);
    entries_.push_back(e);
  }

  const char* StateName() const {
    switch (state_) {
      case State::kOpen: return "open";
      case State::kCommitted: return "already committed";
      case State::kAborted: return "aborted";
      case State::kFailed: return "failed (an earlier write failed)";
    }
    return "?";
  }

  // Hands the staged entries to a background thread that sorts them by key
  // (keeping Add order among equal keys, so the last Add wins) and writes
  // them as an ingested SST file, while Add() goes on filling a fresh
  // buffer. One background write at a time, in order; its error surfaces at
  // the next Add()/Commit(). The last batch is written on the caller's
  // thread (a WriteBatch when small).
  Status WriteStaged(bool last) {
    KR_RETURN_IF_ERROR(WaitBackground());
    if (entries_.empty()) return Status::Ok();
    std::swap(arena_, bg_arena_);
    std::swap(entries_, bg_entries_);
    arena_.clear();
    entries_.clear();
    arena_.reserve(kBatchBytes + (64u << 10));
    if (last) return SortAndWrite(bg_arena_, bg_entries_, /*last=*/true);
    bg_ = std::thread([this] { bg_status_ = SortAndWrite(bg_arena_, bg_entries_, /*last=*/false); });
    return Status::Ok();
  }

  Status WaitBackground() {
    if (bg_.joinable()) bg_.join();
    return bg_status_;
  }

  void EndBulkLoad() {
    if (!bulk_) return;
    store_->BulkLoad(false);
    bulk_ = false;
  }

  Status SortAndWrite(std::string& arena, std::vector<Entry>& entries, bool last) {
    const char* base = arena.data();
    auto key_of = [base](const Entry& e) { return std::string_view(base + e.key_off, e.key_len); };
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      if (a.prefix2 != b.prefix2) return a.prefix2 < b.prefix2;
      int c = key_of(a).compare(key_of(b));
      return c != 0 ? c < 0 : a.key_off < b.key_off;
    });
    Status st;
    if (last && arena.size() < kMinIngestBytes) {
      rocksdb::WriteBatch batch(arena.size() + entries.size() * 8 + 64);
      for (const Entry& e : entries) {
        batch.Put(rocksdb::Slice(base + e.key_off, e.key_len), rocksdb::Slice(base + e.key_off + e.key_len, e.val_len));
      }
      st = store_->Err(store_->db()->Write(rocksdb::WriteOptions(), &batch), "import " + id_ + ": write rows");
    } else {
      st = IngestStaged(base, entries, key_of);
    }
    arena.clear();
    entries.clear();
    return st;
  }

  template <typename KeyOf>
  Status IngestStaged(const char* base, const std::vector<Entry>& entries, const KeyOf& key_of) {
    std::string staging = store_->dir() + "/" + kStagingDir;
    std::error_code ec;
    fs::create_directories(staging, ec);
    if (ec) return Status::IoError("store " + store_->dir() + ": import " + id_ + ": cannot create " + staging + ": " + ec.message());
    const std::string path = staging + "/" + id_ + "-" + std::to_string(files_++) + ".sst";
    rocksdb::Options o = store_->db()->GetOptions();
    o.bottommost_compression = rocksdb::kDisableCompressionOption;  // level-0 file: the fast codec
    // Keep the pages cached: compaction reads this file again soon.
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), o, /*column_family=*/nullptr,
                                  /*invalidate_page_cache=*/false);
    rocksdb::Status s = writer.Open(path);
    for (size_t i = 0; s.ok() && i < entries.size(); ++i) {
      const Entry& e = entries[i];
      if (i + 1 < entries.size() && key_of(entries[i + 1]) == key_of(e)) continue;  // SSTs need unique keys
      s = writer.Put(rocksdb::Slice(base + e.key_off, e.key_len), rocksdb::Slice(base + e.key_off + e.key_len, e.val_len));
    }
    if (s.ok()) s = writer.Finish();
    if (s.ok()) {
      if (!bulk_.exchange(true)) store_->BulkLoad(true);  // from the first ingested file on
      rocksdb::IngestExternalFileOptions io;
      io.move_files = true;
      s = store_->db()->IngestExternalFile({path}, io);
    }
    if (!s.ok()) {
      fs::remove(path, ec);
      return store_->Err(s, "import " + id_ + ": write rows (" + path + ")");
    }
    fs::remove(path, ec);  // normally moved already
    return Status::Ok();
  }

  RocksDbStore* store_;
  uint32_t run_no_;
  std::string id_;
  ImportRun begin_;
  std::thread bg_;           // the background sort + SST write, when running
  Status bg_status_;         // its result (read after join)
  std::string bg_arena_;     // the buffer it owns while running
  std::vector<Entry> bg_entries_;
  State state_ = State::kOpen;
  uint32_t seq_ = 0;
  int files_ = 0;
  std::atomic<bool> bulk_{false};  // BulkLoad(true) is in force (set by the background writer too)
  size_t key_len_ = 0;  // of the entry being added
  std::string arena_;
  std::vector<Entry> entries_;
  bool any_ = false;
  std::string min_key_, max_key_;
};

// ---------------------------------------------------------------------------
// Opening

// The bloom filters hold one entry per keyword group ("k" keyword 0x00) and
// per SERP group ("q" keyword 0x00), not per row: GetKeyword, the existence
// checks of PutClassifications and GetSerps skip every SST file (and there
// are many overlapping level-0 files right after large imports) that has
// nothing of the keyword. Other keys are outside the domain: no filter.
class GroupPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "klantreis.GroupPrefix.1"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* nul = std::memchr(key.data() + 1, 0, key.size() - 1);
    return rocksdb::Slice(key.data(), static_cast<const char*>(nul) - key.data() + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    if (key.size() < 3 || (key[0] != sc::kKeywordPrefix && key[0] != sc::kSerpPrefix)) return false;
    return std::memchr(key.data() + 1, 0, key.size() - 1) != nullptr;
  }
};

rocksdb::Options MakeOptions(bool read_only) {
  rocksdb::Options o;
  o.create_if_missing = !read_only;
  o.max_background_jobs = 2;
  o.write_buffer_size = 32u << 20;
  o.max_write_buffer_number = 3;
  o.level0_file_num_compaction_trigger = 8;
  // Imports add level-0 files with automatic compactions off (BulkLoad): a
  // 5M-row import leaves ~64 of them. The default write stalls (slowdown at
  // 20, stop at 36 files) would then hold the next process's first write
  // (a run record, a report's verdicts) until a compaction of all of them
  // ends; these only stall past any import's count. Reads stay cheap with
  // many level-0 files through the keyword-group bloom filters (GroupPrefix).
  o.level0_slowdown_writes_trigger = 512;
  o.level0_stop_writes_trigger = 1024;
  // A reader opens every table file up front: files a concurrent writer's
  // compaction deletes later stay readable through the open descriptors.
  o.max_open_files = read_only ? -1 : 512;
  o.keep_log_file_num = 2;
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  auto supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) { return std::find(supported.begin(), supported.end(), t) != supported.end(); };
  o.compression = has(rocksdb::kLZ4Compression) ? rocksdb::kLZ4Compression
                  : has(rocksdb::kSnappyCompression) ? rocksdb::kSnappyCompression
                                                     : rocksdb::kNoCompression;
  o.bottommost_compression = has(rocksdb::kZSTD) ? rocksdb::kZSTD : o.compression;
  rocksdb::BlockBasedTableOptions t;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.whole_key_filtering = false;  // rows are found by seeking to their group; see GroupPrefix
  o.prefix_extractor = std::make_shared<GroupPrefix>();
  t.block_cache = rocksdb::NewLRUCache(32u << 20);
  t.block_size = 16u << 10;
  t.format_version = 5;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

// Checks `dir` before RocksDB touches it: it must be a RocksDB directory, or
// (for kReadWrite) absent or empty. *fresh says a new store is made.
Status CheckDir(const std::string& dir, bool read_only, bool* fresh) {
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) return Status::IoError("store " + dir + ": " + ec.message());
  if (!fs::exists(st)) {
    if (read_only) return Status::NotFound("store " + dir + " does not exist");
    fs::create_directories(dir, ec);
    if (ec) return Status::IoError("store " + dir + ": cannot create: " + ec.message());
    *fresh = true;
    return Status::Ok();
  }
  if (!fs::is_directory(st)) return Status::InvalidArgument("store " + dir + " is not a directory");
  if (fs::exists(fs::path(dir) / "CURRENT", ec)) {
    *fresh = false;
    return Status::Ok();
  }
  // No CURRENT: only an empty directory (or the remains of a creation that
  // stopped before CURRENT was written) may become a store.
  bool only_rocks_remains = true;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name != "LOCK" && name != "IDENTITY" && name.rfind("LOG", 0) != 0) only_rocks_remains = false;
  }
  if (ec) return Status::IoError("store " + dir + ": " + ec.message());
  if (!only_rocks_remains) {
    return Status::InvalidArgument("store " + dir + " is not a klantreis store (a non-empty directory without a RocksDB CURRENT file)");
  }
  if (read_only) return Status::InvalidArgument("store " + dir + " is not a klantreis store (empty directory)");
  *fresh = true;
  return Status::Ok();
}

Result<std::unique_ptr<Store>> RocksDbStore::Open(const std::string& dir_in, OpenMode mode) {
  if (dir_in.empty()) return Status::InvalidArgument("store: no directory given");
  const bool read_only = mode == OpenMode::kReadOnly;
  std::string dir = dir_in;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  bool fresh = false;
  KR_RETURN_IF_ERROR(CheckDir(dir, read_only, &fresh));

  std::unique_ptr<RocksDbStore> store(new RocksDbStore(dir, read_only));
  rocksdb::Options options = MakeOptions(read_only);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = read_only ? rocksdb::DB::OpenForReadOnly(options, dir, &raw, /*error_if_wal_file_exists=*/false)
                                : rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) {
    if (IsLockHeld(s)) return Status::Busy("store " + dir + " is in use by another process (LOCK held)");
    return FromRocks(s, dir, read_only ? "open read-only" : "open");
  }
  store->db_.reset(raw);
  KR_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

RocksDbStore::~RocksDbStore() {
  if (db_) {
    (void)db_->Close();
    db_.reset();
  }
}

Status RocksDbStore::Init() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), sc::kSchemaKey, &value);
  if (s.IsNotFound()) {
    rocksdb::ReadOptions ro;
    ro.total_order_seek = true;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    it->SeekToFirst();
    KR_RETURN_IF_ERROR(Err(it->status(), "read"));
    if (it->Valid()) {
      return Status::InvalidArgument("store " + dir_ + " is not a klantreis store (a RocksDB database without the klantreis schema marker)");
    }
    if (read_only_) return Status::InvalidArgument("store " + dir_ + " is not a klantreis store (empty, never initialised)");
    rocksdb::WriteBatch b;
    b.Put(sc::kSchemaKey, sc::EncodeSchemaValue(sc::kSchemaVersion));
    b.Put(sc::kCounterKey, sc::EncodeFixed32BE(1));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), "write schema marker"));
    next_run_ = 1;
    return Status::Ok();
  }
  KR_RETURN_IF_ERROR(Err(s, "read schema marker"));
  auto version = sc::DecodeSchemaValue(value);
  if (!version.ok()) return Status::InvalidArgument("store " + dir_ + " is not a klantreis store (" + version.status().message() + ")");
  if (*version > sc::kSchemaVersion) {
    return Status::InvalidArgument("store " + dir_ + " has schema version " + std::to_string(*version) +
                                   ", newer than this klantreis understands (" + std::to_string(sc::kSchemaVersion) +
                                   "); upgrade klantreis to open it");
  }
  KR_RETURN_IF_ERROR(LoadRuns());
  // Crash leftovers: SST files never ingested, and pending runs of a writer
  // that never committed.
  if (!read_only_) {
    std::error_code ec;
    fs::remove_all(fs::path(dir_) / kStagingDir, ec);
    if (ec) return Status::IoError("store " + dir_ + ": cannot remove " + kStagingDir + ": " + ec.message());
    std::set<uint32_t> pending;
    for (const auto& [no, e] : *runs_) {
      if (!e.run.committed) pending.insert(no);
    }
    if (!pending.empty()) KR_RETURN_IF_ERROR(DropRuns(pending, std::string(1, sc::kKeywordPrefix), ""));
  }
  return Status::Ok();
}

Status RocksDbStore::LoadRuns() {
  auto table = std::make_shared<RunTable>();
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  uint32_t max_no = 0;
  const std::string prefix(1, sc::kRunPrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view k = V(it->key());
    if (k.size() != 5) return Status::Corruption("store " + dir_ + ": malformed run key " + Quote(k));
    uint32_t no = sc::DecodeFixed32BE(k.data() + 1);
    sc::RunValue rv;
    Status st = sc::DecodeRunValue(V(it->value()), &rv);
    if (!st.ok()) return st.WithContext("store " + dir_ + ": run " + sc::RunId(no));
    RunEntry e;
    e.run = std::move(rv.run);
    e.run.id = sc::RunId(no);
    e.row_model_version = std::move(rv.row_model_version);
    (*table)[no] = std::move(e);
    max_no = std::max(max_no, no);
  }
  KR_RETURN_IF_ERROR(Err(it->status(), "read run records"));
  std::string counter;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), sc::kCounterKey, &counter);
  if (s.ok() && counter.size() == 4) {
    next_run_ = std::max(sc::DecodeFixed32BE(counter.data()), max_no + 1);
  } else if (s.ok() || s.IsNotFound()) {
    next_run_ = max_no + 1;
  } else {
    return Err(s, "read run counter");
  }
  SetRuns(std::move(table));
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Imports

Result<std::unique_ptr<ImportWriter>> RocksDbStore::BeginImport(const ImportRun& run_in) {
  KR_RETURN_IF_ERROR(RequireWritable("begin import"));
  if (next_run_ >= sc::kReclassifiedRun) return Status::InvalidArgument("store " + dir_ + ": run numbers exhausted");
  ImportRun run = run_in;
  if (run.started_at == 0) run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.committed = false;
  run.rows_read = run.rows_stored = run.rows_rejected = 0;
  run.errors.clear();
  const uint32_t no = next_run_;
  sc::RunValue rv;
  rv.run = run;
  rv.state = sc::RunState::kPending;
  rv.row_model_version = run.model_version;
  rocksdb::WriteBatch b;
  b.Put(sc::RunKey(no), sc::EncodeRunValue(rv));
  b.Put(sc::kCounterKey, sc::EncodeFixed32BE(no + 1));
  rocksdb::WriteOptions wo;
  wo.sync = true;  // the pending record must be on disk before any of its rows
  KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), "begin import " + sc::RunId(no)));
  next_run_ = no + 1;

  auto table = std::make_shared<RunTable>(*Runs());
  RunEntry e;
  e.run = run;
  e.run.id = sc::RunId(no);
  e.row_model_version = run.model_version;
  (*table)[no] = std::move(e);
  SetRuns(std::move(table));
  return std::unique_ptr<ImportWriter>(new RocksImportWriter(this, no, run));
}

Status RocksDbStore::CommitRun(uint32_t run_no, const ImportRun& run_in) {
  auto runs = Runs();
  auto found = runs->find(run_no);
  if (found == runs->end()) return Status::InvalidArgument("store " + dir_ + ": commit: no run " + sc::RunId(run_no));
  sc::RunValue rv;
  rv.run = run_in;
  if (rv.run.errors.size() > kMaxStoredErrors) rv.run.errors.resize(kMaxStoredErrors);
  rv.state = sc::RunState::kCommitted;
  rv.row_model_version = found->second.row_model_version;
  rocksdb::WriteBatch b;
  b.Put(sc::RunKey(run_no), sc::EncodeRunValue(rv));
  if (!rv.run.file_hash.empty()) b.Put(sc::HashKey(rv.run.file_hash), sc::EncodeFixed32BE(run_no));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), "commit import " + sc::RunId(run_no)));

  auto table = std::make_shared<RunTable>(*Runs());
  RunEntry& e = (*table)[run_no];
  e.run = std::move(rv.run);
  e.run.id = sc::RunId(run_no);
  e.run.committed = true;
  e.row_model_version = rv.row_model_version;
  SetRuns(std::move(table));
  return Status::Ok();
}

void RocksDbStore::BulkLoad(bool on) {
  (void)db_->SetOptions({{"disable_auto_compactions", on ? "true" : "false"}});
}

Status RocksDbStore::DropRuns(const std::set<uint32_t>& runs, const std::string& lo, const std::string& hi) {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2u << 20;
  ro.total_order_seek = true;
  std::string upper = hi.empty() ? std::string(1, sc::kKeywordPrefix + 1) : hi;
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  rocksdb::WriteBatch b;
  size_t n = 0;
  rocksdb::WriteOptions wo;
  std::string what = "drop uncommitted run";
  for (uint32_t r : runs) what += " " + sc::RunId(r);
  std::string first, last;  // the deleted keys' range, compacted below
  for (it->Seek(lo); it->Valid(); it->Next()) {
    sc::KeywordKey kk;
    if (!sc::ParseKeywordKey(V(it->key()), &kk)) continue;
    if (runs.count(kk.run_no) == 0) continue;
    if (first.empty()) first = it->key().ToString();
    last.assign(it->key().data(), it->key().size());
    b.Delete(it->key());
    if (++n == kDeleteBatchKeys) {
      KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), what));
      b.Clear();
      n = 0;
    }
  }
  KR_RETURN_IF_ERROR(Err(it->status(), what));
  for (uint32_t r : runs) b.Delete(sc::RunKey(r));
  wo.sync = true;
  KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), what));
  auto table = std::make_shared<RunTable>(*Runs());
  for (uint32_t r : runs) table->erase(r);
  SetRuns(std::move(table));
  // Give the space back: the deletes are only tombstones beside the rows
  // until a compaction of their range meets both (an aborted 20 MB import
  // kept 15 MB, five killed ones 70 MB). Compacting the range the rows
  // spanned, down to the last level, drops both. A failure (a full disk)
  // leaves the space to RocksDB's own compactions; the rows are gone anyway.
  if (!first.empty()) {
    rocksdb::CompactRangeOptions co;
    co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
    rocksdb::Slice from(first), to(last);
    (void)db_->CompactRange(co, &from, &to);
  }
  return Status::Ok();
}

Result<ImportRun> RocksDbStore::RemoveRun(const std::string& run_id, const std::function<void()>& after_hide) {
  KR_RETURN_IF_ERROR(RequireWritable("remove import " + run_id));
  auto no = sc::ParseRunId(run_id);
  auto runs = Runs();
  const RunEntry* e = nullptr;
  if (!no || !IsCommitted(*runs, *no, &e)) {
    return Status::NotFound("store " + dir_ + ": no import run " + run_id + " (see `klantreis imports`)");
  }
  ImportRun removed = e->run;
  // Step 1, the moment of removal: the run is pending again (invisible to
  // every reader) and its file is no longer known, in one synced batch.
  sc::RunValue rv;
  rv.run = removed;
  rv.state = sc::RunState::kPending;
  rv.row_model_version = e->row_model_version;
  rocksdb::WriteBatch b;
  b.Put(sc::RunKey(*no), sc::EncodeRunValue(rv));
  if (!removed.file_hash.empty()) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), sc::HashKey(removed.file_hash), &value);
    if (!s.ok() && !s.IsNotFound()) return Err(s, "remove import " + run_id + ": read hash index");
    if (s.ok() && value.size() == 4 && sc::DecodeFixed32BE(value.data()) == *no) b.Delete(sc::HashKey(removed.file_hash));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), "remove import " + run_id));
  auto table = std::make_shared<RunTable>(*runs);
  (*table)[*no].run.committed = false;
  SetRuns(std::move(table));
  if (after_hide) after_hide();
  // Step 2: the rows and the record, as for an aborted or crashed import.
  KR_RETURN_IF_ERROR(DropRuns({*no}, std::string(1, sc::kKeywordPrefix), ""));
  return removed;
}

Result<std::optional<ImportRun>> RocksDbStore::FindRunByHash(const std::string& file_hash) {
  if (file_hash.empty()) return std::optional<ImportRun>();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), sc::HashKey(file_hash), &value);
  if (s.IsNotFound()) return std::optional<ImportRun>();
  KR_RETURN_IF_ERROR(Err(s, "find run by hash " + file_hash));
  if (value.size() != 4) return Status::Corruption("store " + dir_ + ": hash index entry " + file_hash + " is malformed");
  auto runs = Runs();
  const RunEntry* e = nullptr;
  if (!IsCommitted(*runs, sc::DecodeFixed32BE(value.data()), &e)) return std::optional<ImportRun>();
  return std::optional<ImportRun>(e->run);
}

Result<std::vector<ImportRun>> RocksDbStore::ListImports() {
  auto runs = Runs();
  std::vector<ImportRun> out;
  for (const auto& [no, e] : *runs) {
    if (e.run.committed) out.push_back(e.run);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Keywords

Status RocksDbStore::ReadKeywordGroup(rocksdb::Iterator* it, const RunTable& runs, KeywordRecord* rec,
                                      bool* visible) const {
  sc::KeywordKey kk;
  if (!sc::ParseKeywordKey(V(it->key()), &kk)) {
    return Status::Corruption("store " + dir_ + ": malformed keyword key " + Quote(V(it->key())));
  }
  rec->key.assign(kk.keyword);
  rec->display.clear();
  rec->lang = Language::kUnd;
  rec->sources.clear();
  rec->classification.reset();
  std::string class_value, reclass_value;
  const RunEntry* class_run = nullptr;
  uint32_t class_run_no = 0;
  std::string display;
  for (; it->Valid(); it->Next()) {
    if (!sc::ParseKeywordKey(V(it->key()), &kk)) {
      return Status::Corruption("store " + dir_ + ": malformed keyword key " + Quote(V(it->key())));
    }
    if (kk.keyword != rec->key) break;
    if (kk.tag == sc::kClassTag && kk.run_no == sc::kReclassifiedRun) {
      reclass_value.assign(it->value().data(), it->value().size());  // sorts after the runs' entries
      continue;
    }
    const RunEntry* run = nullptr;
    if (!IsCommitted(runs, kk.run_no, &run)) continue;
    if (kk.tag == sc::kClassTag) {
      class_value.assign(it->value().data(), it->value().size());  // later runs come later: last wins
      class_run = run;
      class_run_no = kk.run_no;
      continue;
    }
    SourceRef src;
    src.run_id = run->run.id;
    Language lang;
    Status st = sc::DecodeSourceValue(V(it->value()), &display, &lang, &src, run->run.file, run->run.format);
    if (!st.ok()) return st.WithContext("store " + dir_ + ": keyword " + Quote(rec->key) + " run " + run->run.id);
    if (rec->sources.empty()) rec->display = display;
    rec->lang = lang;
    rec->sources.push_back(std::move(src));
  }
  if (!it->status().ok()) return Err(it->status(), "read keyword " + Quote(rec->key));
  *visible = !rec->sources.empty();
  if (!*visible) return Status::Ok();
  if (!reclass_value.empty()) {
    // A re-classification counts unless a run committed after it classified the keyword again.
    Classification c;
    uint32_t as_of = 0;
    Status st = sc::DecodeReclassValue(reclass_value, &as_of, &c);
    if (!st.ok()) return st.WithContext("store " + dir_ + ": keyword " + Quote(rec->key) + " re-classification");
    if (class_run == nullptr || as_of >= class_run_no) {
      rec->classification = std::move(c);
      return Status::Ok();
    }
  }
  if (class_run != nullptr) {
    Classification c;
    Status st = sc::DecodeClassValue(class_value, class_run->row_model_version, &c);
    if (!st.ok()) return st.WithContext("store " + dir_ + ": keyword " + Quote(rec->key) + " run " + class_run->run.id);
    rec->classification = std::move(c);
  }
  return Status::Ok();
}

namespace {

// A full scan of the keyword groups on a snapshot, without filling the
// block cache (reports and counts read everything once).
struct KeywordScan {
  explicit KeywordScan(rocksdb::DB* db) : snap(db), upper(1, sc::kKeywordPrefix + 1), upper_slice(upper) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snap.snapshot();
    ro.fill_cache = false;
    ro.readahead_size = 2u << 20;
    ro.total_order_seek = true;
    ro.iterate_upper_bound = &upper_slice;
    it.reset(db->NewIterator(ro));
  }
  rocksdb::ManagedSnapshot snap;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
};

}  // namespace

Status RocksDbStore::ForEachKeyword(const std::function<bool(const KeywordRecord&)>& fn) {
  auto runs = Runs();  // before the snapshot: every run in it is complete in the snapshot
  KeywordScan scan(db_.get());
  rocksdb::Iterator* it = scan.it.get();
  const std::string lower(1, sc::kKeywordPrefix);
  KeywordRecord rec;
  it->Seek(lower);
  while (it->Valid()) {
    bool visible = false;
    KR_RETURN_IF_ERROR(ReadKeywordGroup(it, *runs, &rec, &visible));
    if (visible && !fn(rec)) break;
  }
  return Err(it->status(), "iterate keywords");
}

Result<std::optional<KeywordRecord>> RocksDbStore::GetKeyword(const std::string& key) {
  if (key.empty() || key.find('\0') != std::string::npos) return std::optional<KeywordRecord>();
  auto runs = Runs();
  rocksdb::ManagedSnapshot snap(db_.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = snap.snapshot();
  std::string prefix = sc::KeywordPrefix(key);
  std::string upper = PrefixEnd(prefix);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  it->Seek(prefix);
  if (!it->Valid()) {
    KR_RETURN_IF_ERROR(Err(it->status(), "read keyword " + Quote(key)));
    return std::optional<KeywordRecord>();
  }
  KeywordRecord rec;
  bool visible = false;
  KR_RETURN_IF_ERROR(ReadKeywordGroup(it.get(), *runs, &rec, &visible));
  if (!visible) return std::optional<KeywordRecord>();
  return std::optional<KeywordRecord>(std::move(rec));
}

Result<uint64_t> RocksDbStore::CountKeywords() {
  auto runs = Runs();
  KeywordScan scan(db_.get());
  rocksdb::Iterator* it = scan.it.get();
  const std::string lower(1, sc::kKeywordPrefix);
  uint64_t count = 0;
  std::string last;  // last keyword counted
  bool have_last = false;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    sc::KeywordKey kk;
    if (!sc::ParseKeywordKey(V(it->key()), &kk)) {
      return Status::Corruption("store " + dir_ + ": malformed keyword key " + Quote(V(it->key())));
    }
    if (kk.tag != sc::kSourceTag) continue;
    if (have_last && kk.keyword == last) continue;
    const RunEntry* run = nullptr;
    if (!IsCommitted(*runs, kk.run_no, &run)) continue;
    last.assign(kk.keyword);
    have_last = true;
    ++count;
  }
  KR_RETURN_IF_ERROR(Err(it->status(), "count keywords"));
  return count;
}

Status RocksDbStore::PutClassifications(const std::vector<std::pair<std::string, Classification>>& items) {
  KR_RETURN_IF_ERROR(RequireWritable("put classifications"));
  if (items.empty()) return Status::Ok();
  for (const auto& [key, c] : items) {
    KR_RETURN_IF_ERROR(CheckKeyword(key, "store " + dir_ + ": put classifications"));
  }
  // Blind writes into each keyword's re-classification slot, stamped with
  // the newest committed run: the verdict of a run committed later wins
  // again (see ReadKeywordGroup). No reads, so this costs what a write costs.
  uint32_t as_of = 0;
  {
    auto runs = Runs();
    for (const auto& [no, e] : *runs) {
      if (e.run.committed) as_of = std::max(as_of, no);
    }
  }
  rocksdb::WriteBatch b;
  std::string key_buf, value_buf;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& [key, c] = items[i];
    key_buf.clear();
    sc::AppendClassKey(&key_buf, key, sc::kReclassifiedRun);
    value_buf.clear();
    sc::AppendReclassValue(&value_buf, c, as_of);
    b.Put(key_buf, value_buf);
    bool last = i + 1 == items.size();
    if (last || (i + 1) % kReclassifyChunk == 0) {
      rocksdb::WriteOptions wo;
      wo.sync = last;
      KR_RETURN_IF_ERROR(Err(db_->Write(wo, &b), "put classifications (up to keyword " + Quote(key) + ")"));
      b.Clear();
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// SERP snapshots and meta

bool IsDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

Status RocksDbStore::PutSerp(const SerpSnapshot& snap) {
  KR_RETURN_IF_ERROR(RequireWritable("put serp"));
  const std::string what = "store " + dir_ + ": put serp";
  KR_RETURN_IF_ERROR(CheckKeyword(snap.key, what));
  if (snap.engine.empty() || snap.engine.find('\0') != std::string::npos) {
    return Status::InvalidArgument(what + " " + Quote(snap.key) + ": bad engine name " + Quote(snap.engine));
  }
  if (!IsDate(snap.fetched_on)) {
    return Status::InvalidArgument(what + " " + Quote(snap.key) + ": fetched_on " + Quote(snap.fetched_on) +
                                   " is not YYYY-MM-DD");
  }
  auto value = sc::EncodeSerpValue(snap);
  if (!value.ok()) return value.status().WithContext(what + " " + Quote(snap.key));
  const std::string key = sc::SerpKey(snap.key, snap.engine, snap.fetched_on);
  std::string existing;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &existing);
  if (s.ok() && existing == *value) return Status::Ok();  // the same snapshot again: nothing changes
  if (!s.ok() && !s.IsNotFound()) return Err(s, "read serp " + Quote(snap.key));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return Err(db_->Put(wo, key, *value), "put serp " + Quote(snap.key) + " " + snap.engine + " " + snap.fetched_on);
}

Result<std::vector<SerpSnapshot>> RocksDbStore::GetSerps(const std::string& key) {
  std::vector<SerpSnapshot> out;
  if (key.empty() || key.find('\0') != std::string::npos) return out;
  std::string prefix = sc::SerpPrefix(key);
  std::string upper = PrefixEnd(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string_view rest = V(it->key()).substr(prefix.size());
    size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) return Status::Corruption("store " + dir_ + ": malformed serp key " + Quote(V(it->key())));
    SerpSnapshot snap;
    snap.key = key;
    snap.engine = rest.substr(0, nul);
    snap.fetched_on = rest.substr(nul + 1);
    Status st = sc::DecodeSerpValue(V(it->value()), &snap);
    if (!st.ok()) return st.WithContext("store " + dir_ + ": serp " + Quote(key) + " " + snap.engine + " " + snap.fetched_on);
    out.push_back(std::move(snap));
  }
  KR_RETURN_IF_ERROR(Err(it->status(), "read serps of " + Quote(key)));
  std::stable_sort(out.begin(), out.end(), [](const SerpSnapshot& a, const SerpSnapshot& b) {
    if (a.fetched_on != b.fetched_on) return a.fetched_on > b.fetched_on;
    return a.engine < b.engine;
  });
  return out;
}

Status RocksDbStore::PutMeta(const std::string& name, const std::string& value) {
  KR_RETURN_IF_ERROR(RequireWritable("put meta"));
  if (name.empty()) return Status::InvalidArgument("store " + dir_ + ": put meta: empty name");
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return Err(db_->Put(wo, sc::MetaKey(name), value), "put meta " + Quote(name));
}

Result<std::optional<std::string>> RocksDbStore::GetMeta(const std::string& name) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), sc::MetaKey(name), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  KR_RETURN_IF_ERROR(Err(s, "get meta " + Quote(name)));
  return std::optional<std::string>(std::move(value));
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, OpenMode mode) {
  return RocksDbStore::Open(dir, mode);
}

Status RocksDbStore::Verify(uint64_t* keywords) {
  KR_RETURN_IF_ERROR(Err(db_->VerifyChecksum(), "verify checksums"));
  // Every key and value, through the same decoders the readers use.
  KR_RETURN_IF_ERROR(LoadRuns());
  uint64_t n = 0;
  Status serps;
  KR_RETURN_IF_ERROR(ForEachKeyword([&](const KeywordRecord& k) {
    ++n;
    auto s = GetSerps(k.key);
    if (!s.ok()) serps = s.status();
    return serps.ok();
  }));
  KR_RETURN_IF_ERROR(serps);
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
  }
  KR_RETURN_IF_ERROR(Err(it->status(), "read every key"));
  if (keywords) *keywords = n;
  return Status::Ok();
}

Status Store::Repair(const std::string& dir) {
  rocksdb::Options options = MakeOptions(/*read_only=*/false);
  options.create_if_missing = false;
  KR_RETURN_IF_ERROR(FromRocks(rocksdb::RepairDB(dir, options), dir, "repair"));
  // The lost table may have held the schema marker or the run counter (they
  // are written first): put them back, the counter past every run left.
  rocksdb::DB* raw = nullptr;
  KR_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, dir, &raw), dir, "open after repair"));
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteBatch b;
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), sc::kSchemaKey, &value);
  if (s.IsNotFound()) b.Put(sc::kSchemaKey, sc::EncodeSchemaValue(sc::kSchemaVersion));
  else KR_RETURN_IF_ERROR(FromRocks(s, dir, "read schema marker after repair"));
  uint32_t next = 1;
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  const std::string prefix(1, sc::kRunPrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() == 5) next = std::max(next, sc::DecodeFixed32BE(it->key().data() + 1) + 1);
  }
  KR_RETURN_IF_ERROR(FromRocks(it->status(), dir, "read runs after repair"));
  it.reset();
  s = db->Get(rocksdb::ReadOptions(), sc::kCounterKey, &value);
  if (s.IsNotFound() || (s.ok() && value.size() == 4 && sc::DecodeFixed32BE(value.data()) < next)) {
    b.Put(sc::kCounterKey, sc::EncodeFixed32BE(next));
  } else {
    KR_RETURN_IF_ERROR(FromRocks(s, dir, "read run counter after repair"));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (b.Count() > 0) KR_RETURN_IF_ERROR(FromRocks(db->Write(wo, &b), dir, "write markers after repair"));
  return FromRocks(db->Close(), dir, "close after repair");
}

}  // namespace kr::store
