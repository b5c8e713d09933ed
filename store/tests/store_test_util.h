// Helpers shared by the store tests: building rows, importing them, and
// looking at the raw RocksDB contents behind a Store.
#pragma once

#include <rocksdb/db.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "klantreis/store/schema.h"
#include "klantreis/store/store.h"

namespace kr::store::testing {

struct Row {
  std::string key;
  std::string display;
  Language lang = Language::kNl;
  SourceRef src;
  Classification c;
};

inline Row MakeRow(std::string key, Stage stage, std::optional<int64_t> volume = std::nullopt,
                   VolumeKind kind = VolumeKind::kNone, uint64_t line = 0, std::string model = "m@1") {
  Row r;
  r.display = key;
  r.key = std::move(key);
  r.src.line = line;
  r.src.volume = volume;
  r.src.volume_kind = volume ? kind : VolumeKind::kNone;
  r.c.stage = stage;
  r.c.confidence = 0.75;
  r.c.lang = r.lang;
  r.c.model_version = std::move(model);
  r.c.rules.push_back(RuleHit{"test:" + std::string(StageId(stage)), stage, 1.0, {r.key}});
  return r;
}

inline ImportRun MakeRun(std::string file, std::string hash = "", std::string format = "list") {
  ImportRun run;
  run.file = std::move(file);
  run.file_hash = std::move(hash);
  run.format = std::move(format);
  run.encoding = "UTF-8";
  run.started_at = 1732370000;
  run.model_version = "m@1";
  return run;
}

// Imports rows as one committed run; returns its id ("" and a test failure on error).
inline Result<std::string> Import(Store& store, ImportRun run, const std::vector<Row>& rows) {
  auto w = store.BeginImport(run);
  if (!w.ok()) return w.status();
  for (const Row& r : rows) {
    KR_RETURN_IF_ERROR((*w)->Add(r.key, r.display, r.lang, r.src, r.c));
  }
  run.rows_read = run.rows_stored = rows.size();
  std::string id = (*w)->run_id();
  KR_RETURN_IF_ERROR((*w)->Commit(run));
  return id;
}

inline std::vector<std::string> Keys(Store& store) {
  std::vector<std::string> out;
  Status st = store.ForEachKeyword([&](const KeywordRecord& k) {
    out.push_back(k.key);
    return true;
  });
  if (!st.ok()) out.push_back("ERROR: " + st.message());
  return out;
}

// Opens the RocksDB under a (closed or read-held) store read-only, without klantreis.
inline std::unique_ptr<rocksdb::DB> RawOpen(const std::string& dir) {
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &db);
  if (!s.ok()) return nullptr;
  return std::unique_ptr<rocksdb::DB>(db);
}

// Counts raw keys (all of them, or those for which pred is true).
inline size_t CountRaw(rocksdb::DB* db, const std::function<bool(std::string_view key)>& pred) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  size_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (pred(std::string_view(it->key().data(), it->key().size()))) ++n;
  }
  return n;
}

// True when `key` is a keyword row (class or source) of run `run_no`.
inline bool IsRowOfRun(std::string_view key, uint32_t run_no) {
  schema::KeywordKey kk;
  return schema::ParseKeywordKey(key, &kk) && kk.run_no == run_no;
}

}  // namespace kr::store::testing
