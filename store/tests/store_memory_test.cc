// A large import streams: the process's peak memory grows by far less than
// the data imported (no whole-import batch), and every row is there after
// Commit. Nothing is asserted about time (bench/store_bench.cc measures it).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "klantreis/store/store.h"
#include "klantreis/testutil.h"
#include "store_test_util.h"

namespace kr::store {
namespace {

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 when unknown.
uint64_t ProcStatusKiB(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
  }
  return 0;
}

TEST(StoreMemory, A300MegabyteImportStreamsInBoundedMemory) {
  KR_SKIP_UNDER_SANITIZERS();
  if (ProcStatusKiB("VmHWM") == 0) GTEST_SKIP() << "no /proc/self/status";
  kr::testutil::TempDir tmp;
  auto store = Store::Open(tmp.File("store"), OpenMode::kReadWrite);
  ASSERT_TRUE(store.ok()) << store.status().message();
  constexpr int kRows = 200000;
  constexpr size_t kPad = 1500;
  const uint64_t base_kib = ProcStatusKiB("VmRSS");

  auto w = (*store)->BeginImport(testing::MakeRun("big.csv", "h-big"));
  ASSERT_TRUE(w.ok());
  auto row = testing::MakeRow("", Stage::kConcreteNeed, 10, VolumeKind::kListVolume);
  std::string pad(kPad, 'x');
  uint64_t data_bytes = 0;
  for (int i = 0; i < kRows; ++i) {
    // Vary the padding so the rows are not all alike.
    pad[i % kPad] = static_cast<char>('a' + i % 26);
    row.src.attrs = {{"pad", pad}};
    std::string key = "keyword " + std::to_string(i * 7919 % kRows);  // file order is not key order
    row.src.line = i + 2;
    ASSERT_TRUE((*w)->Add(key, key, Language::kNl, row.src, row.c).ok());
    data_bytes += key.size() + kPad;
  }
  ImportRun done = testing::MakeRun("big.csv", "h-big");
  done.rows_read = done.rows_stored = kRows;
  ASSERT_TRUE((*w)->Commit(done).ok());
  const uint64_t peak_kib = ProcStatusKiB("VmHWM");

  const uint64_t growth_mib = (peak_kib > base_kib ? peak_kib - base_kib : 0) / 1024;
  const uint64_t data_mib = data_bytes >> 20;
  RecordProperty("data_mib", static_cast<int>(data_mib));
  RecordProperty("peak_growth_mib", static_cast<int>(growth_mib));
  ASSERT_GT(data_mib, 280u);
  // One 32 MiB staging batch, memtables and caches stay well below the data
  // size; holding the import in memory would exceed it.
  EXPECT_LT(growth_mib, 200u) << "peak RSS grew by " << growth_mib << " MiB for " << data_mib << " MiB of rows";

  EXPECT_EQ(*(*store)->CountKeywords(), static_cast<uint64_t>(kRows));
  auto k = (*store)->GetKeyword("keyword 123");
  ASSERT_TRUE(k.ok() && k->has_value());
  ASSERT_EQ((*k)->sources.size(), 1u);
  EXPECT_EQ((*k)->sources[0].attrs[0].second.size(), kPad);
}

}  // namespace
}  // namespace kr::store
