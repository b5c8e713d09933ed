// Store import speed: µs per row for a streamed import of realistic
// Keyword Planner rows (12 monthly figures, 3 attributes, a classification
// with two rules), in file order (keys in random order) and presorted, plus
// a full ForEachKeyword scan and the peak RSS. For comparison it also times
// raw RocksDB writes of the same rows: one Put per row in random order vs
// sorted batches (why ImportWriter sorts its batches).
//
//   store_bench [--rows N] [--dir DIR] [--no-raw]
//
// Prints one line per measurement. Run it alone (it writes ~1 GB with the
// default 1M rows); it is not part of ctest.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "klantreis/store/schema.h"
#include "klantreis/store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Row {
  std::string key;
  kr::store::SourceRef src;
  kr::Classification c;
};

const char* kWords[] = {"fiets",   "elektrische", "kopen",  "beste",   "goedkoop", "dames",   "heren",   "accu",
                        "review",  "vergelijken", "prijs",  "tweedehands", "onderhoud", "kortingscode", "bakfiets",
                        "sparta",  "gazelle",    "batavus", "kinder",  "racefiets", "mountainbike", "slot",   "band",
                        "reparatie", "in de buurt", "2024",  "test",    "ervaringen", "zwart",  "28 inch"};

// N distinct keywords of 2-4 words, in a shuffled ("file") order.
std::vector<std::string> MakeKeys(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> keys;
  keys.reserve(n);
  const size_t nw = sizeof(kWords) / sizeof(kWords[0]);
  for (size_t i = 0; i < n; ++i) {
    std::string k;
    int words = 2 + static_cast<int>(rng() % 3);
    for (int w = 0; w < words; ++w) {
      if (w) k += ' ';
      k += kWords[rng() % nw];
    }
    k += ' ';
    k += std::to_string(i);  // distinct
    keys.push_back(std::move(k));
  }
  std::shuffle(keys.begin(), keys.end(), rng);
  return keys;
}

Row MakeRow(const std::string& key, uint64_t i) {
  Row r;
  r.key = key;
  r.src.line = i + 3;
  r.src.volume = static_cast<int64_t>((i * 7919) % 100000);
  r.src.volume_kind = kr::VolumeKind::kPlannerAverage;
  static const char* kMonths[] = {"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
                                  "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"};
  r.src.monthly.reserve(12);
  for (int m = 1; m <= 12; ++m) r.src.monthly.push_back({kMonths[m - 1], static_cast<int64_t>((i * m) % 90000)});
  r.src.attrs = {{"competition", "Hoog"}, {"cpc_low", "0,31"}, {"cpc_high", "1,12"}};
  r.c.stage = static_cast<kr::Stage>(i % kr::kNumStages);
  r.c.confidence = 0.7;
  r.c.lang = kr::Language::kNl;
  r.c.model_version = "klantreis-10@0123456789abcdef";
  r.c.rules.push_back({"cue:nl:kopen", kr::Stage::kPurchase, 2.0, {"kopen"}});
  r.c.rules.push_back({"default:rule7", kr::Stage::kConcreteNeed, 0.5, {}});
  return r;
}

long PeakRssMiB() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU seconds (user + system) of this thread or of the whole process
// (which includes RocksDB's background flushes and compactions).
double CpuSeconds(int who) {
  struct rusage ru;
  getrusage(who, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int ImportBench(const std::string& dir, const std::vector<std::string>& keys, const char* label) {
  fs::remove_all(dir);
  auto store = kr::store::Store::Open(dir, kr::store::OpenMode::kReadWrite);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().message().c_str());
    return 1;
  }
  kr::store::ImportRun run;
  run.file = "bench.csv";
  run.file_hash = "bench";
  run.format = "planner";
  run.model_version = "klantreis-10@0123456789abcdef";
  const double thread0 = CpuSeconds(RUSAGE_THREAD), proc0 = CpuSeconds(RUSAGE_SELF);
  auto t0 = Clock::now();
  auto w = (*store)->BeginImport(run);
  if (!w.ok()) return 1;
  for (size_t i = 0; i < keys.size(); ++i) {
    Row r = MakeRow(keys[i], i);
    kr::Status st = (*w)->Add(r.key, r.key, kr::Language::kNl, r.src, r.c);
    if (!st.ok()) {
      std::fprintf(stderr, "add: %s\n", st.message().c_str());
      return 1;
    }
  }
  auto t1 = Clock::now();
  run.rows_read = run.rows_stored = keys.size();
  kr::Status st = (*w)->Commit(run);
  auto t2 = Clock::now();
  const double thread_cpu = CpuSeconds(RUSAGE_THREAD) - thread0, proc_cpu = CpuSeconds(RUSAGE_SELF) - proc0;
  if (!st.ok()) {
    std::fprintf(stderr, "commit: %s\n", st.message().c_str());
    return 1;
  }
  // Row construction is part of the timed loop; measure it alone to subtract.
  auto m0 = Clock::now();
  size_t sink = 0;
  for (size_t i = 0; i < keys.size(); ++i) sink += MakeRow(keys[i], i).src.monthly.size();
  auto m1 = Clock::now();
  const double n = static_cast<double>(keys.size());
  const double make = Seconds(m0, m1);
  std::printf("import %-10s rows=%zu  add=%.3fs  commit=%.3fs  total=%.3fs  store=%.2f us/row wall  "
              "cpu: importing thread %.2f us/row, process %.2f us/row  (row building %.2f us/row excluded%s)\n",
              label, keys.size(), Seconds(t0, t1), Seconds(t1, t2), Seconds(t0, t2),
              (Seconds(t0, t2) - make) / n * 1e6, (thread_cpu - make) / n * 1e6, (proc_cpu - make) / n * 1e6,
              make / n * 1e6, sink == 0 ? "!" : "");

  auto s0 = Clock::now();
  uint64_t seen = 0, volume = 0;
  st = (*store)->ForEachKeyword([&](const kr::store::KeywordRecord& k) {
    ++seen;
    volume += static_cast<uint64_t>(k.MonthlyVolume());
    return true;
  });
  auto s1 = Clock::now();
  if (!st.ok() || seen != keys.size()) {
    std::fprintf(stderr, "scan: %s (%llu keywords)\n", st.message().c_str(), static_cast<unsigned long long>(seen));
    return 1;
  }
  std::printf("scan   %-10s keywords=%llu  %.3fs  %.2f us/keyword\n", label, static_cast<unsigned long long>(seen),
              Seconds(s0, s1), Seconds(s0, s1) / n * 1e6);
  // Re-classification as the report builder does it: batches of 10,000
  // PutClassifications calls from inside ForEachKeyword.
  auto c0 = Clock::now();
  std::vector<std::pair<std::string, kr::Classification>> batch;
  kr::Status put;
  st = (*store)->ForEachKeyword([&](const kr::store::KeywordRecord& k) {
    kr::Classification c = *k.classification;
    c.model_version = "klantreis-10@fedcba9876543210";
    batch.emplace_back(k.key, std::move(c));
    if (batch.size() == 10000) {
      put = (*store)->PutClassifications(batch);
      batch.clear();
    }
    return put.ok();
  });
  if (st.ok() && put.ok()) put = (*store)->PutClassifications(batch);
  auto c1 = Clock::now();
  if (!st.ok() || !put.ok()) {
    std::fprintf(stderr, "reclassify: %s %s\n", st.message().c_str(), put.message().c_str());
    return 1;
  }
  std::printf("reclassify %-6s keywords=%zu  %.3fs  %.2f us/keyword\n", label, keys.size(), Seconds(c0, c1),
              Seconds(c0, c1) / n * 1e6);
  uintmax_t bytes = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    uintmax_t size = e.file_size(ec);  // background compaction may delete files meanwhile
    if (!ec) bytes += size;
  }
  std::printf("disk   %-10s %.1f MiB (%.0f bytes/row)\n", label, bytes / 1048576.0, bytes / n);
  return 0;
}

// Raw RocksDB, same encoded rows: one Put per row in file order vs sorted 4 MiB batches.
int RawBench(const std::string& dir, const std::vector<std::string>& keys, bool sorted) {
  fs::remove_all(dir);
  rocksdb::Options o;
  o.create_if_missing = true;
  o.write_buffer_size = 32u << 20;
  o.max_write_buffer_number = 3;
  o.max_background_jobs = 2;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(o, dir, &raw).ok()) return 1;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;
  auto t0 = Clock::now();
  std::vector<std::pair<std::string, std::string>> batch;
  size_t batch_bytes = 0;
  auto flush = [&]() {
    std::sort(batch.begin(), batch.end());
    rocksdb::WriteBatch b;
    for (auto& [k, v] : batch) b.Put(k, v);
    db->Write(wo, &b);
    batch.clear();
    batch_bytes = 0;
  };
  for (size_t i = 0; i < keys.size(); ++i) {
    Row r = MakeRow(keys[i], i);
    std::string ck, cv, sk, sv;
    kr::store::schema::AppendClassKey(&ck, r.key, 1);
    kr::store::schema::AppendClassValue(&cv, r.c, "");
    kr::store::schema::AppendSourceKey(&sk, r.key, 1, static_cast<uint32_t>(i));
    kr::store::schema::AppendSourceValue(&sv, r.key, kr::Language::kNl, r.src, "", "");
    if (sorted) {
      batch_bytes += ck.size() + cv.size() + sk.size() + sv.size();
      batch.emplace_back(std::move(ck), std::move(cv));
      batch.emplace_back(std::move(sk), std::move(sv));
      if (batch_bytes >= (4u << 20)) flush();
    } else {
      db->Put(wo, ck, cv);
      db->Put(wo, sk, sv);
    }
  }
  if (sorted) flush();
  db->Flush(rocksdb::FlushOptions());
  auto t1 = Clock::now();
  std::printf("raw    %-10s rows=%zu  %.3fs  %.2f us/row (incl. row building)\n", sorted ? "sorted-4M" : "put-each",
              keys.size(), Seconds(t0, t1), Seconds(t0, t1) / keys.size() * 1e6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = 1000000;
  std::string dir = (fs::temp_directory_path() / ("klantreis-store-bench-" + std::to_string(getpid()))).string();
  bool raw = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rows") && i + 1 < argc) rows = std::stoul(argv[++i]);
    else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--no-raw")) raw = false;
    else {
      std::fprintf(stderr, "usage: %s [--rows N] [--dir DIR] [--no-raw]\n", argv[0]);
      return 2;
    }
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::vector<std::string> keys = MakeKeys(rows, 42);
  int rc = ImportBench(dir + "/file-order", keys, "file-order");
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  if (rc == 0) rc = ImportBench(dir + "/presorted", sorted, "presorted");
  if (rc == 0 && raw) rc = RawBench(dir + "/raw-put", keys, false);
  if (rc == 0 && raw) rc = RawBench(dir + "/raw-sorted", keys, true);
  std::printf("peak RSS %ld MiB\n", PeakRssMiB());
  fs::remove_all(dir);
  return rc;
}
