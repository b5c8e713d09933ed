// Fault tests of the klantreis binary (issue 10), kept in the suite:
// kill -9 at random moments of an import, Ctrl-C / SIGTERM during import,
// report and serp fetch, a full disk (RLIMIT_FSIZE) during import and
// report, a reader and a second writer during an import. Each runs
// klantreis as a child process and checks what is left afterwards.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "cli_run.h"
#include "klantreis/static_site.h"
#include "klantreis/test_site.h"

namespace {

using namespace kr::e2e;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// A klantreis process started through bash (`exec`, so the pid is klantreis's).
class Running {
 public:
  Running(const TempDir& tmp, const std::string& args, const std::string& prefix = "")
      : out_(tmp.File(".child-out")), err_(tmp.File(".child-err")) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string cmd = prefix + "exec " + Quote(KLANTREIS_BIN) + " " + args + " </dev/null >" + Quote(out_) +
                        " 2>" + Quote(err_);
      ::execl("/bin/bash", "bash", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Running() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  void Signal(int signo) {
    ::kill(pid_, signo);
    signalled_ = Clock::now();
  }
  // Waits for the end; the exit code (-signal when killed by one).
  CmdResult Wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    seconds_after_signal_ = std::chrono::duration<double>(Clock::now() - signalled_).count();
    CmdResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : -1000;
    r.out = ReadAll(out_);
    r.err = ReadAll(err_);
    return r;
  }
  double seconds_after_signal() const { return seconds_after_signal_; }

 private:
  pid_t pid_ = -1;
  std::string out_, err_;
  Clock::time_point signalled_ = Clock::now();
  double seconds_after_signal_ = 0;
};

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// `n` distinct keyword rows with a volume; `tag` makes the file's content its own.
std::string KeywordCsv(int n, const std::string& tag) {
  static const char* kWords[] = {"fiets", "kopen", "huren", "repareren", "elektrische", "lease", "accu", "band",
                                 "zadel", "goedkoop", "beste", "review", "prijs", "winkel", "amsterdam", "utrecht"};
  std::string s = "keyword,volume\n";
  s.reserve(static_cast<size_t>(n) * 40);
  for (int i = 0; i < n; ++i) {
    s += kWords[i % 16];
    s += ' ';
    s += kWords[(i / 16) % 16];
    s += ' ' + tag + std::to_string(i) + ',' + std::to_string(10 + i % 900) + '\n';
  }
  return s;
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

// name -> inode of the regular files in `dir`.
std::map<std::string, ino_t> Inodes(const std::string& dir) {
  std::map<std::string, ino_t> m;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    struct stat st;
    if (::stat(e.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) m[e.path().filename().string()] = st.st_ino;
  }
  return m;
}

std::vector<std::string> TemporaryEntries(const std::string& dir) {
  std::vector<std::string> t;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename().string().find(".tmp.") != std::string::npos) t.push_back(e.path().filename().string());
  }
  return t;
}

class Faults : public CliTest {
 protected:
  size_t Runs() { return Lines(InProject("imports").out).size() - 1; }
  std::string P() const { return " -p " + Quote(proj_); }
};

TEST_F(Faults, ImportKilledAtRandomMomentsLeavesTheStoreWholeReimportableAndItsSpaceReclaimed) {
  tmp_.Write("base.csv", KeywordCsv(50, "basis "));
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
  uint64_t clean = DirBytes(proj_ + "/store");
  tmp_.Write("big.csv", KeywordCsv(300000, "groot "));
  std::mt19937 rng(20261203);
  int killed = 0, latest_ms = 1500;
  for (int round = 0; round < 10 && killed < 5; ++round) {
    Running imp(tmp_, "import -q " + Quote(tmp_.File("big.csv")) + P());
    SleepMs(std::uniform_int_distribution<int>(100, latest_ms)(rng));
    imp.Signal(SIGKILL);
    CmdResult r = imp.Wait();
    CmdResult doctor = InProject("doctor");
    EXPECT_EQ(doctor.code, 0) << "round " << round << ": " << doctor.out << doctor.err;
    // The kill came after the commit (or the import finished first): the
    // run is there whole, never in part.
    const bool committed = Runs() == 2u;
    if (committed) {
      EXPECT_NE(InProject("imports").out.find("\t300000\t300000\t0\t"), std::string::npos)
          << "round " << round << ": a committed run holds every row\n" << InProject("imports").out;
    }
    if (r.code == 0 || committed) {
      // Start again from a store that holds the base import only, so that
      // the checks below are about killed, uncommitted imports alone.
      std::error_code ec;
      std::filesystem::remove_all(proj_ + "/store", ec);
      ASSERT_FALSE(ec) << ec.message();
      ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
      clean = DirBytes(proj_ + "/store");
      killed = 0;
      latest_ms = std::max(200, latest_ms * 2 / 3);  // kill sooner from now on
      continue;
    }
    ++killed;
    EXPECT_EQ(Runs(), 1u) << "round " << round << ": nothing of the killed import is visible";
  }
  ASSERT_GT(killed, 0) << "no import was killed while running";
  // The next writable open removes the killed runs' rows and gives their space back.
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
  const uint64_t recovered = DirBytes(proj_ + "/store");
  EXPECT_LT(recovered, clean + (2u << 20)) << "clean " << clean << " bytes, after " << killed
                                           << " killed imports and recovery " << recovered;
  CmdResult full = InProject("import -q " + Quote(tmp_.File("big.csv")));
  ASSERT_EQ(full.code, 0) << full.err;
  EXPECT_NE(full.out.find("300000 stored"), std::string::npos) << full.out;
  EXPECT_EQ(InProject("doctor").code, 0);
}

TEST_F(Faults, ImportInterruptedBySigintOrSigtermStopsWithinASecondAndSaysWhatWasKept) {
  tmp_.Write("base.csv", KeywordCsv(20, "basis "));
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
  tmp_.Write("small.csv", KeywordCsv(30, "klein "));
  tmp_.Write("big.csv", KeywordCsv(800000, "groot "));
  const std::string small = tmp_.File("small.csv"), big = tmp_.File("big.csv");
  int round = 0;
  for (int signo : {SIGINT, SIGTERM}) {
    const std::string name = signo == SIGINT ? "SIGINT" : "SIGTERM";
    Running imp(tmp_, "import -q " + Quote(small) + " " + Quote(big) + P());
    if (round == 0) {  // wait until small.csv is committed: then big.csv is being read
      for (int i = 0; i < 100 && Runs() < 2; ++i) SleepMs(50);
      ASSERT_EQ(Runs(), 2u);
    }
    SleepMs(round == 0 ? 300 : 1500);  // round 1: small.csv is "already imported", big.csv then runs for seconds
    imp.Signal(signo);
    CmdResult r = imp.Wait();
    ASSERT_EQ(r.code, 1) << name << " came too late? " << r.out << r.err;
    EXPECT_LT(imp.seconds_after_signal(), 2.0) << name;
    std::cerr << "[ measured ] import ended " << imp.seconds_after_signal() << " s after " << name << "\n";
    EXPECT_NE(r.err.find("klantreis: import interrupted (" + name + "): " + big + ": nothing of it was imported"),
              std::string::npos)
        << r.err;
    if (round == 0) {
      EXPECT_NE(r.err.find("kept from this command: " + small + " (r000002)"), std::string::npos) << r.err;
    }
    EXPECT_EQ(Runs(), 2u) << name << ": base and small only";
    ++round;
  }
  EXPECT_EQ(InProject("doctor").code, 0);
  CmdResult again = InProject("import -q " + Quote(big));
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out.find("already imported"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("800000 stored"), std::string::npos) << again.out;
}

TEST_F(Faults, ReportInterruptedAtAnyMomentLeavesTheOldOrTheNewReportNeverAMix) {
  tmp_.Write("kw.csv", KeywordCsv(60000, "rapport "));
  ASSERT_EQ(InProject("import -q " + Quote(tmp_.File("kw.csv"))).code, 0);
  const std::string out = tmp_.File("rep");
  const std::string args = "report -q --format csv,md,json,html,xlsx --out " + Quote(out) + P();
  CmdResult first = Klantreis(tmp_, args);
  ASSERT_EQ(first.code, 0) << first.err;
  int interrupted = 0, completed = 0;
  for (int ms : {150, 400, 800, 1300, 2000, 3000, 4500}) {
    const auto before = Inodes(out);
    ASSERT_GE(before.size(), 8u);
    Running rep(tmp_, args);
    SleepMs(ms);
    rep.Signal(SIGINT);
    CmdResult r = rep.Wait();
    const auto after = Inodes(out);
    EXPECT_TRUE(TemporaryEntries(out).empty()) << ms << " ms: " << TemporaryEntries(out).front();
    size_t same = 0;
    for (const auto& [name, ino] : before) {
      auto it = after.find(name);
      ASSERT_NE(it, after.end()) << ms << " ms: " << name << " disappeared";
      if (it->second == ino) ++same;
    }
    if (r.code == 0 || (same == 0 && r.code == -SIGINT)) {
      // Completed; a SIGINT that lands after the report was published, while
      // the process is already ending (its handlers gone), ends it with the
      // signal: the report is still whole and new.
      ++completed;
      EXPECT_EQ(same, 0u) << ms << " ms: the report completed, every file is new";
    } else {
      ++interrupted;
      EXPECT_TRUE(r.code == 1 || r.code == -SIGINT) << ms << " ms: exit " << r.code << ": " << r.err;
      EXPECT_EQ(same, before.size()) << ms << " ms: interrupted, every file is the old one";
      if (r.code != -SIGINT) {  // a signal before the handler was installed ends the process at once
        EXPECT_NE(r.err.find("klantreis: report interrupted (SIGINT): "), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("nothing in " + out + " was replaced"), std::string::npos) << r.err;
      }
      std::cerr << "[ measured ] report interrupted at " << ms << " ms ended " << rep.seconds_after_signal()
                << " s after SIGINT\n";
    }
  }
  EXPECT_GT(interrupted, 0) << "no report was interrupted (" << completed << " completed)";
}

TEST_F(Faults, DiskFullDuringImportAndReportSaysSoAndKeepsEarlierData) {
  tmp_.Write("base.csv", KeywordCsv(20, "basis "));
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
  tmp_.Write("big.csv", KeywordCsv(200000, "vol "));
  // RLIMIT_FSIZE stands in for a full disk: writes past 256 KiB fail with EFBIG.
  const std::string limit = "trap '' XFSZ; ulimit -f 256; ";
  Running imp(tmp_, "import -q " + Quote(tmp_.File("big.csv")) + P(), limit);
  CmdResult r = imp.Wait();
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("klantreis: store " + proj_ + "/store"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(Runs(), 1u);
  CmdResult doctor = InProject("doctor");
  EXPECT_EQ(doctor.code, 0) << doctor.out << doctor.err;
  EXPECT_NE(doctor.out.find("ok, 20 keywords"), std::string::npos) << doctor.out;

  // A report that cannot be written replaces nothing of the previous one.
  const std::string out = tmp_.File("rep");
  tmp_.Write("more.csv", KeywordCsv(20000, "meer "));
  ASSERT_EQ(InProject("import -q " + Quote(tmp_.File("more.csv"))).code, 0);
  ASSERT_EQ(InProject("report -q --format csv,md --out " + Quote(out)).code, 0);
  const auto before = Inodes(out);
  Running rep(tmp_, "report -q --format csv,md --out " + Quote(out) + P(), limit);
  r = rep.Wait();
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(out + "/"), std::string::npos) << "names the file: " << r.err;
  EXPECT_EQ(r.err.find(".tmp."), std::string::npos) << "names the final path: " << r.err;
  EXPECT_EQ(Inodes(out), before) << "every file is the previous one";
  EXPECT_TRUE(TemporaryEntries(out).empty());
}

TEST_F(Faults, DiskFullDuringACrawlSaysSoAndKeepsTheEarlierCrawl) {
  using S = kr::testutil::StaticSite;
  std::map<std::string, std::string> pages = {{"/", S::Page("Groenhuis", "Kamerplanten", "")}};
  std::string links;
  for (int i = 0; i < 12; ++i) {
    const std::string path = "/plant-" + std::to_string(i);
    pages[path] = S::Page("Plant " + std::to_string(i), "Plant " + std::to_string(i), "<p>verzorging en water</p>");
    links += "<a href=\"" + path + "\">p</a>";
  }
  pages["/"] = S::Page("Groenhuis", "Kamerplanten", links);
  S site(pages);
  const std::string crawl = "crawl " + site.Origin() + "/ --delay 0 -q";
  ASSERT_EQ(InProject(crawl).code, 0);
  // RLIMIT_FSIZE stands in for a full disk: the store's log cannot grow past 1 KiB.
  Running full(tmp_, crawl + P(), "trap '' XFSZ; ulimit -f 1; ");
  CmdResult r = full.Wait();
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("klantreis: store " + proj_ + "/store"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("damaged"), std::string::npos) << "a full disk is no damage: " << r.err;
  CmdResult doctor = InProject("doctor");
  EXPECT_EQ(doctor.code, 0) << doctor.out << doctor.err;
  // The first crawl's pages are still what the report reads, and a crawl with room works again.
  ASSERT_EQ(InProject("report -q --format csv --out " + Quote(tmp_.File("rep"))).code, 0);
  EXPECT_EQ(Lines(ReadAll(tmp_.File("rep/pages.csv"))).size(), 14u);  // header + 13 pages
  EXPECT_EQ(InProject(crawl).code, 0);
}

TEST_F(Faults, AReportAndASecondWriterDuringAnImport) {
  tmp_.Write("base.csv", KeywordCsv(25, "basis "));
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("base.csv"))).code, 0);
  tmp_.Write("big.csv", KeywordCsv(400000, "groot "));
  tmp_.Write("other.csv", KeywordCsv(10, "ander "));
  Running imp(tmp_, "import -q " + Quote(tmp_.File("big.csv")) + P());
  SleepMs(600);
  CmdResult rep = InProject("report -q --format csv --out " + Quote(tmp_.File("rep")));
  CmdResult second = InProject("import " + Quote(tmp_.File("other.csv")));
  CmdResult done = imp.Wait();
  ASSERT_EQ(done.code, 0) << "the import ran to its end: " << done.err;
  ASSERT_EQ(rep.code, 0) << rep.err;
  EXPECT_NE(rep.err.find("in use by another process"), std::string::npos) << rep.err;
  EXPECT_EQ(Lines(ReadAll(tmp_.File("rep/keywords.csv"))).size(), 26u) << "the last committed state: base only";
  EXPECT_EQ(second.code, 1) << second.out;
  EXPECT_NE(second.err.find("in use by another process (LOCK held)"), std::string::npos) << second.err;
  EXPECT_EQ(Lines(second.err).size(), 1u) << second.err;
  CmdResult after = InProject("report -q --format csv --out " + Quote(tmp_.File("rep")));
  ASSERT_EQ(after.code, 0) << after.err;
  EXPECT_EQ(Lines(ReadAll(tmp_.File("rep/keywords.csv"))).size(), 400026u);
}

TEST_F(Faults, SerpFetchInterruptedStopsWithinASecondAndKeepsWhatWasStored) {
  kr::testutil::TestSite site(20000, 1u << 20);  // /slow answers after 20 s
  tmp_.Write("kw.csv", KeywordCsv(5, "serp "));
  ASSERT_EQ(InProject("import " + Quote(tmp_.File("kw.csv"))).code, 0);
  {
    std::string toml = ReadAll(proj_ + "/klantreis.toml");
    toml += "\n[serp]\nurl = \"" + site.Origin() + "/slow?q={query}\"\ntimeout_seconds = 60\n";
    tmp_.Write("proj/klantreis.toml", toml);
  }
  Running fetch(tmp_, "serp fetch --top 3" + P());
  auto slow_hits = [&] {
    int n = 0;
    for (const auto& h : site.Log()) n += h.path.rfind("/slow", 0) == 0;
    return n;
  };
  for (int i = 0; i < 100 && slow_hits() == 0; ++i) SleepMs(50);
  ASSERT_GT(slow_hits(), 0) << "the first fetch started";
  SleepMs(200);
  fetch.Signal(SIGINT);
  CmdResult r = fetch.Wait();
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_LT(fetch.seconds_after_signal(), 2.0);
  std::cerr << "[ measured ] serp fetch ended " << fetch.seconds_after_signal() << " s after SIGINT\n";
  EXPECT_NE(r.err.find("klantreis: serp fetch interrupted (SIGINT): the 0 pages stored before are kept"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(InProject("doctor").code, 0);
}

}  // namespace
