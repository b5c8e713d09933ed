// Site crawls on RocksDB: pages blind-written under a pending crawl number,
// made visible (and the site's earlier crawl removed) by one synced batch.
#include "rocks_pages.h"

#include <rocksdb/write_batch.h>

#include <ctime>
#include <map>

#include "klantreis/store/schema.h"
#include "rocks_status.h"

namespace kr::store::internal {
namespace {

namespace sc = schema;

constexpr size_t kPageBatchBytes = 1u << 20;  // pages go out in ~1 MiB batches

struct CrawlEntry {
  uint32_t no = 0;
  CrawlRun run;
};

Status ReadCrawls(rocksdb::DB* db, const std::string& dir, std::vector<CrawlEntry>* out,
                  const rocksdb::Snapshot* snap = nullptr) {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  ro.snapshot = snap;
  std::string lo(1, sc::kCrawlPrefix), hi(1, static_cast<char>(sc::kCrawlPrefix + 1));
  rocksdb::Slice upper(hi);
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  for (it->Seek(lo); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() != 5) return Status::Corruption("store " + dir + ": malformed crawl key " + PrintableKey(k.ToString()));
    CrawlEntry e;
    e.no = sc::DecodeFixed32BE(k.data() + 1);
    Status st = sc::DecodeCrawlValue(std::string_view(it->value().data(), it->value().size()), &e.run);
    if (!st.ok()) return st.WithContext("store " + dir + ": crawl " + sc::CrawlId(e.no));
    e.run.id = sc::CrawlId(e.no);
    out->push_back(std::move(e));
  }
  return FromRocks(it->status(), dir, "list crawls");
}

class RocksPageWriter final : public PageWriter {
 public:
  RocksPageWriter(rocksdb::DB* db, std::string dir, uint32_t no, CrawlRun run)
      : db_(db), dir_(std::move(dir)), no_(no), id_(sc::CrawlId(no)), run_(std::move(run)) {}
  ~RocksPageWriter() override {
    if (!done_) Abort();
  }

  Status Add(const WebPage& page) override {
    if (done_) return Status::InvalidArgument("store " + dir_ + ": crawl " + id_ + ": already finished");
    if (page.url.empty() || page.url.find('\0') != std::string::npos || page.url.size() > sc::kMaxPageUrlBytes) {
      return Status::InvalidArgument("store " + dir_ + ": crawl " + id_ + ": page URL '" +
                                     page.url.substr(0, 80) + "' is empty, holds a NUL byte or is over 8 KiB");
    }
    batch_.Put(sc::PageKey(no_, page.url), sc::EncodePageValue(page));
    ++added_;
    if (batch_.GetDataSize() >= kPageBatchBytes) return Flush();
    return Status::Ok();
  }

  Status Commit(const CrawlRun& final_run) override {
    if (done_) return Status::InvalidArgument("store " + dir_ + ": crawl " + id_ + ": already finished");
    KR_RETURN_IF_ERROR(Flush());
    CrawlRun r = final_run;
    r.site = run_.site;
    r.started_at = run_.started_at;
    r.committed = true;
    if (r.finished_at == 0) r.finished_at = std::time(nullptr);
    std::vector<CrawlEntry> crawls;
    KR_RETURN_IF_ERROR(ReadCrawls(db_, dir_, &crawls));
    rocksdb::WriteBatch b;
    b.Put(sc::CrawlKey(no_), sc::EncodeCrawlValue(r));
    for (const CrawlEntry& e : crawls) {
      if (e.no == no_ || !e.run.committed || e.run.site != r.site) continue;
      b.DeleteRange(sc::PagePrefix(e.no), sc::PagePrefix(e.no + 1));
      b.Delete(sc::CrawlKey(e.no));
    }
    rocksdb::WriteOptions wo;
    wo.sync = true;
    KR_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &b), dir_, "commit crawl " + id_));
    done_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (done_) return;
    done_ = true;
    batch_.Clear();
    rocksdb::WriteBatch b;
    b.DeleteRange(sc::PagePrefix(no_), sc::PagePrefix(no_ + 1));
    b.Delete(sc::CrawlKey(no_));
    (void)db_->Write(rocksdb::WriteOptions(), &b);  // leftovers are removed by the next BeginCrawl
  }

  const std::string& crawl_id() const override { return id_; }
  uint64_t pages_added() const override { return added_; }

 private:
  Status Flush() {
    if (batch_.Count() == 0) return Status::Ok();
    Status st = FromRocks(db_->Write(rocksdb::WriteOptions(), &batch_), dir_, "crawl " + id_ + ": write pages");
    batch_.Clear();
    return st;
  }

  rocksdb::DB* db_;
  std::string dir_;
  uint32_t no_;
  std::string id_;
  CrawlRun run_;
  rocksdb::WriteBatch batch_;
  uint64_t added_ = 0;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<PageWriter>> BeginRocksCrawl(rocksdb::DB* db, const std::string& dir, const CrawlRun& run_in) {
  if (run_in.site.empty()) return Status::InvalidArgument("store " + dir + ": begin crawl: no site");
  // Crash leftovers: pending crawls are removed first.
  std::vector<CrawlEntry> crawls;
  KR_RETURN_IF_ERROR(ReadCrawls(db, dir, &crawls));
  rocksdb::WriteBatch cleanup;
  for (const CrawlEntry& e : crawls) {
    if (e.run.committed) continue;
    cleanup.DeleteRange(sc::PagePrefix(e.no), sc::PagePrefix(e.no + 1));
    cleanup.Delete(sc::CrawlKey(e.no));
  }
  uint32_t no = 1;
  std::string counter;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), sc::kCrawlCounterKey, &counter);
  if (s.ok() && counter.size() == 4) {
    no = sc::DecodeFixed32BE(counter.data());
  } else if (!s.IsNotFound()) {
    KR_RETURN_IF_ERROR(FromRocks(s, dir, "read crawl counter"));
  }
  if (no == 0 || no >= 0xFFFFFFFEu) return Status::Corruption("store " + dir + ": crawl counter out of range");
  CrawlRun run = run_in;
  run.committed = false;
  if (run.started_at == 0) run.started_at = std::time(nullptr);
  cleanup.Put(sc::kCrawlCounterKey, sc::EncodeFixed32BE(no + 1));
  cleanup.Put(sc::CrawlKey(no), sc::EncodeCrawlValue(run));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  KR_RETURN_IF_ERROR(FromRocks(db->Write(wo, &cleanup), dir, "begin crawl"));
  return std::unique_ptr<PageWriter>(new RocksPageWriter(db, dir, no, std::move(run)));
}

Result<std::vector<CrawlRun>> ListRocksCrawls(rocksdb::DB* db, const std::string& dir) {
  std::vector<CrawlEntry> crawls;
  KR_RETURN_IF_ERROR(ReadCrawls(db, dir, &crawls));
  std::vector<CrawlRun> out;
  for (CrawlEntry& e : crawls)
    if (e.run.committed) out.push_back(std::move(e.run));
  return out;
}

Status ForEachRocksPage(rocksdb::DB* db, const std::string& dir,
                        const std::function<bool(const CrawlRun&, const WebPage&)>& fn) {
  const rocksdb::Snapshot* snap = db->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{db, snap};
  // The newest committed crawl of each site (a commit removes older ones;
  // this also holds between a crash and the next commit).
  std::vector<CrawlEntry> crawls;
  KR_RETURN_IF_ERROR(ReadCrawls(db, dir, &crawls, snap));
  std::map<std::string, CrawlEntry> by_site;
  for (CrawlEntry& e : crawls)
    if (e.run.committed) by_site[e.run.site] = std::move(e);  // ascending numbers: the last wins
  for (const auto& [site, e] : by_site) {
    rocksdb::ReadOptions ro;
    ro.total_order_seek = true;
    ro.snapshot = snap;
    std::string lo = sc::PagePrefix(e.no), hi = sc::PagePrefix(e.no + 1);
    rocksdb::Slice upper(hi);
    ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
    for (it->Seek(lo); it->Valid(); it->Next()) {
      WebPage page;
      Status st = sc::DecodePageValue(std::string_view(it->value().data(), it->value().size()), &page);
      if (!st.ok()) return st.WithContext("store " + dir + ": crawl " + e.run.id + ": page");
      if (!fn(e.run, page)) return Status::Ok();
    }
    KR_RETURN_IF_ERROR(FromRocks(it->status(), dir, "read pages of crawl " + e.run.id));
  }
  return Status::Ok();
}

}  // namespace kr::store::internal
