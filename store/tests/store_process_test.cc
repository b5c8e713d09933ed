// Store behaviour across processes: a second writer process gets Busy,
// readers work beside a writer, a writer killed mid-import leaves nothing
// visible, and a write error (file size limit standing in for a full disk)
// comes back as IoError instead of an abort.
//
// Children are this test binary started again (/proc/self/exe) with
// KR_STORE_CHILD=<mode>:<dir>; a static initializer runs the child's job
// before main() and exits, so the child never inherits RocksDB threads.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>

#include "klantreis/store/schema.h"
#include "klantreis/store/store.h"
#include "klantreis/testutil.h"
#include "store_test_util.h"

extern char** environ;

namespace kr::store {
namespace {

using testing::Import;
using testing::Keys;
using testing::MakeRow;
using testing::MakeRun;
using kr::testutil::TempDir;

// ---- the child side ----

void Say(const std::string& line) {
  std::string l = line + "\n";
  (void)!::write(1, l.data(), l.size());
}

// Holds the store open for writing until stdin closes.
int ChildHold(const std::string& dir) {
  auto store = Store::Open(dir, OpenMode::kReadWrite);
  if (!store.ok()) {
    Say("error " + store.status().message());
    return 1;
  }
  Say("ready");
  char buf[64];
  while (::read(0, buf, sizeof buf) > 0) {
  }
  return 0;
}

// 800 hex digits: padding that hardly compresses.
std::string HexPad(std::mt19937_64& rng) {
  std::string pad(800, '\0');
  for (auto& c : pad) c = "0123456789abcdef"[rng() & 15];
  return pad;
}

// Imports `rows` rows named `prefix` N (their "pad" attribute from `pad`) and
// dies without committing, aborting or closing anything.
int CrashMidImport(const std::string& dir, int rows, const std::string& prefix, const std::function<std::string()>& pad) {
  auto store = Store::Open(dir, OpenMode::kReadWrite);
  if (!store.ok()) {
    Say("error " + store.status().message());
    return 1;
  }
  auto w = (*store)->BeginImport(MakeRun("crash.csv", "h-crash"));
  if (!w.ok()) {
    Say("error " + w.status().message());
    return 1;
  }
  auto row = MakeRow("", Stage::kPurchase, 1);
  for (int i = 0; i < rows; ++i) {
    row.src.attrs = {{"pad", pad()}};
    std::string key = prefix + std::to_string(i);
    Status st = (*w)->Add(key, key, Language::kNl, row.src, row.c);
    if (!st.ok()) {
      Say("error " + st.message());
      return 1;
    }
  }
  Say((*w)->run_id());
  ::_exit(0);  // a crash: no destructor runs
}

// Enough rows for several staged SST files, so some land on disk.
int ChildCrash(const std::string& dir) {
  return CrashMidImport(dir, 70000, "crash ", [] { return std::string(1500, 'p'); });
}

// 60,000 rows of hard-to-compress padding (~55 MB): the space a killed import leaves behind.
int ChildCrashIncompressible(const std::string& dir) {
  std::mt19937_64 rng(::getpid());
  return CrashMidImport(dir, 60000, "kw ", [&rng] { return HexPad(rng); });
}

// With RLIMIT_FSIZE = 1 MiB no SST file can be written: the import must fail
// with IoError naming the store, and the process must get here to say so.
int ChildFileSizeLimit(const std::string& dir) {
  ::signal(SIGXFSZ, SIG_IGN);  // else the kernel kills us; we want EFBIG
  struct rlimit rl = {1u << 20, 1u << 20};
  if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) {
    Say("error setrlimit");
    return 1;
  }
  auto store = Store::Open(dir, OpenMode::kReadWrite);
  if (!store.ok()) {
    Say("error " + store.status().message());
    return 1;
  }
  auto w = (*store)->BeginImport(MakeRun("big.csv", "h-big"));
  if (!w.ok()) {
    Say("status " + std::to_string(static_cast<int>(w.status().code())) + " " + w.status().message());
    return 0;
  }
  std::mt19937_64 rng(7);
  auto row = MakeRow("", Stage::kPurchase, 1);
  Status st;
  for (int i = 0; i < 20000 && st.ok(); ++i) {
    row.src.attrs = {{"pad", HexPad(rng)}};  // hard to compress
    std::string key = "kw " + std::to_string(i);
    st = (*w)->Add(key, key, Language::kNl, row.src, row.c);
  }
  if (st.ok()) st = (*w)->Commit(MakeRun("big.csv", "h-big"));
  Say("status " + std::to_string(static_cast<int>(st.code())) + " " + st.message());
  return 0;
}

// Imports a run, starts removing it and dies right after the run was hidden,
// before any of its rows are deleted.
int ChildCrashRemoving(const std::string& dir) {
  auto store = Store::Open(dir, OpenMode::kReadWrite);
  if (!store.ok()) {
    Say("error " + store.status().message());
    return 1;
  }
  std::vector<testing::Row> rows;
  for (int i = 0; i < 2000; ++i) rows.push_back(MakeRow("weg " + std::to_string(i), Stage::kPurchase, 1));
  rows.push_back(MakeRow("fiets", Stage::kPurchase, 9));
  auto id = Import(**store, MakeRun("weg.csv", "h-weg"), rows);
  if (!id.ok()) {
    Say("error " + id.status().message());
    return 1;
  }
  Say(*id);
  (void)(*store)->RemoveRun(*id, [] { ::_exit(0); });  // a crash: no destructor runs
  Say("error RemoveRun returned");
  return 1;
}

bool RunChildIfAsked() {
  const char* spec = std::getenv("KR_STORE_CHILD");
  if (spec == nullptr) return false;
  std::string s(spec);
  size_t colon = s.find(':');
  std::string mode = s.substr(0, colon), dir = s.substr(colon + 1);
  int rc = 2;
  if (mode == "hold") rc = ChildHold(dir);
  if (mode == "crash") rc = ChildCrash(dir);
  if (mode == "crash-incompressible") rc = ChildCrashIncompressible(dir);
  if (mode == "fsize") rc = ChildFileSizeLimit(dir);
  if (mode == "crash-removing") rc = ChildCrashRemoving(dir);
  std::fflush(nullptr);
  ::_exit(rc);
}
const bool kIsChild = RunChildIfAsked();

// ---- the parent side ----

class Child {
 public:
  Child(const std::string& mode, const std::string& dir) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
    env_store.push_back("KR_STORE_CHILD=" + mode + ":" + dir);
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    char exe[] = "/proc/self/exe";
    char* argv[] = {exe, nullptr};
    if (posix_spawn(&pid_, exe, &fa, nullptr, argv, envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
  }
  ~Child() {
    CloseStdin();
    if (pid_ > 0) Wait();
    if (from_child_ >= 0) ::close(from_child_);
  }
  bool started() const { return pid_ > 0; }
  std::string ReadLine() {
    std::string line;
    char c;
    while (::read(from_child_, &c, 1) == 1) {
      if (c == '\n') break;
      line += c;
    }
    return line;
  }
  void CloseStdin() {
    if (to_child_ >= 0) ::close(to_child_);
    to_child_ = -1;
  }
  // The exit code, or -1 when the child did not exit normally.
  int Wait() {
    int status = 0;
    if (pid_ <= 0) return -1;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

TEST(StoreProcesses, SecondWriterProcessIsBusyWhileReadersStillWork) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(Import(**store, MakeRun("a.csv", "h-a"), {MakeRow("fiets", Stage::kConcreteNeed, 5)}).ok());
  }
  Child holder("hold", dir);
  ASSERT_TRUE(holder.started());
  ASSERT_EQ(holder.ReadLine(), "ready");

  auto second = Store::Open(dir, OpenMode::kReadWrite);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.status().IsBusy()) << second.status().message();
  EXPECT_EQ(second.status().message(), "store " + dir + " is in use by another process (LOCK held)");

  auto reader = Store::Open(dir, OpenMode::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(Keys(**reader), std::vector<std::string>{"fiets"});
  EXPECT_EQ((*reader)->ListImports()->size(), 1u);

  holder.CloseStdin();
  EXPECT_EQ(holder.Wait(), 0);
  auto after = Store::Open(dir, OpenMode::kReadWrite);
  EXPECT_TRUE(after.ok()) << "the lock goes with the process: " << after.status().message();
}

TEST(StoreProcesses, AWriterKilledMidImportLeavesNothingVisibleAndItsRowsAreCleanedUp) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(Import(**store, MakeRun("a.csv", "h-a"), {MakeRow("fiets", Stage::kConcreteNeed, 5)}).ok());
  }
  Child crasher("crash", dir);
  ASSERT_TRUE(crasher.started());
  std::string run_id = crasher.ReadLine();
  EXPECT_EQ(crasher.Wait(), 0);
  ASSERT_EQ(run_id, "r000002");
  const uint32_t run_no = *schema::ParseRunId(run_id);

  size_t leftovers = 0;
  {
    auto raw = testing::RawOpen(dir);
    ASSERT_TRUE(raw);
    leftovers = testing::CountRaw(raw.get(), [&](std::string_view k) { return testing::IsRowOfRun(k, run_no); });
  }
  EXPECT_GT(leftovers, 0u) << "some staged rows reached SST files before the crash";
  {
    auto reader = Store::Open(dir, OpenMode::kReadOnly);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_EQ(Keys(**reader), std::vector<std::string>{"fiets"}) << "nothing of the crashed run is visible";
    EXPECT_EQ(*(*reader)->CountKeywords(), 1u);
    EXPECT_FALSE((*reader)->FindRunByHash("h-crash")->has_value());
  }
  {
    auto writer = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_EQ(Keys(**writer), std::vector<std::string>{"fiets"});
    EXPECT_EQ((*writer)->ListImports()->size(), 1u);
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return testing::IsRowOfRun(k, run_no); }), 0u);
  EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return k == schema::RunKey(run_no); }), 0u);
}

TEST(StoreProcesses, AProcessKilledWhileRemovingARunLeavesItRemovedAndItsRowsAreCleanedUp) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(Import(**store, MakeRun("a.csv", "h-a"), {MakeRow("fiets", Stage::kConcreteNeed, 5)}).ok());
  }
  Child remover("crash-removing", dir);
  ASSERT_TRUE(remover.started());
  std::string run_id = remover.ReadLine();
  EXPECT_EQ(remover.Wait(), 0);
  ASSERT_EQ(run_id, "r000002");
  const uint32_t run_no = *schema::ParseRunId(run_id);
  {
    auto raw = testing::RawOpen(dir);
    ASSERT_TRUE(raw);
    EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return testing::IsRowOfRun(k, run_no); }),
              2 * 2001u)
        << "the crash came before any row was deleted";
  }
  {
    auto reader = Store::Open(dir, OpenMode::kReadOnly);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_EQ(Keys(**reader), std::vector<std::string>{"fiets"}) << "the removed run is gone for readers";
    auto fiets = (*reader)->GetKeyword("fiets");
    ASSERT_TRUE(fiets.ok() && fiets->has_value());
    EXPECT_EQ((*fiets)->sources.size(), 1u);
    EXPECT_EQ((*fiets)->MonthlyVolume(), 5);
    EXPECT_FALSE((*reader)->FindRunByHash("h-weg")->has_value());
  }
  {
    auto writer = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_EQ((*writer)->ListImports()->size(), 1u);
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return testing::IsRowOfRun(k, run_no); }), 0u);
  EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return k == schema::RunKey(run_no); }), 0u);
}

TEST(StoreProcesses, WriteErrorsBecomeIoErrorNamingTheStoreNotAnAbort) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  Child child("fsize", dir);
  ASSERT_TRUE(child.started());
  std::string line = child.ReadLine();
  EXPECT_EQ(child.Wait(), 0) << "the child ran to its end: " << line;
  const std::string want = "status " + std::to_string(static_cast<int>(Status::Code::kIoError)) + " store " + dir;
  EXPECT_EQ(line.substr(0, want.size()), want) << line;
  // Nothing of the failed import is visible afterwards.
  auto store = Store::Open(dir, OpenMode::kReadWrite);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(*(*store)->CountKeywords(), 0u);
  EXPECT_TRUE((*store)->ListImports()->empty());
}


uint64_t StoreBytes(const std::string& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

TEST(StoreProcesses, KilledAndAbortedImportsGiveTheirSpaceBackOnRecovery) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  std::vector<testing::Row> rows;
  for (int i = 0; i < 50; ++i) rows.push_back(MakeRow("fiets " + std::to_string(i), Stage::kPurchase, i + 1));
  {
    auto store = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(Import(**store, MakeRun("a.csv", "h-a"), rows).ok());
  }
  const uint64_t clean = StoreBytes(dir);
  uint64_t worst = 0;
  for (int kill = 0; kill < 3; ++kill) {
    Child crasher("crash-incompressible", dir);
    ASSERT_TRUE(crasher.started());
    EXPECT_EQ(crasher.ReadLine().rfind("r0000", 0), 0u);
    EXPECT_EQ(crasher.Wait(), 0);
    worst = std::max(worst, StoreBytes(dir));
    auto store = Store::Open(dir, OpenMode::kReadWrite);  // recovery
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ(*(*store)->CountKeywords(), 50u);
  }
  EXPECT_GT(worst, clean + (8u << 20)) << "each killed import left ~55 MB of rows before recovery";
  const uint64_t recovered = StoreBytes(dir);
  EXPECT_LT(recovered, clean + (2u << 20)) << "clean " << clean << " bytes, before recovery " << worst
                                           << ", after three killed imports and recovery " << recovered;
  // An import aborted in the process (an error, Ctrl-C) gives its space back at once.
  {
    auto store = Store::Open(dir, OpenMode::kReadWrite);
    ASSERT_TRUE(store.ok());
    auto w = (*store)->BeginImport(MakeRun("b.csv", "h-b"));
    ASSERT_TRUE(w.ok());
    std::mt19937_64 rng(11);
    auto row = MakeRow("", Stage::kPurchase, 1);
    for (int i = 0; i < 60000; ++i) {
      row.src.attrs = {{"pad", HexPad(rng)}};
      std::string key = "kw " + std::to_string(i);
      ASSERT_TRUE((*w)->Add(key, key, Language::kNl, row.src, row.c).ok());
    }
    (*w)->Abort();
    EXPECT_LT(StoreBytes(dir), clean + (2u << 20)) << "after an aborted 55 MB import";
    EXPECT_EQ(*(*store)->CountKeywords(), 50u);
  }
}

}  // namespace
}  // namespace kr::store
