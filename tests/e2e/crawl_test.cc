// klantreis crawl and report against the local test site
// (tests/testutil test_site.h): the summary, pages.csv, a re-crawl, Ctrl-C.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fcntl.h>
#include <string>
#include <thread>
#include <vector>

#include "klantreis/test_site.h"
#include "klantreis/testutil.h"

namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;
using kr::testutil::TestSite;

struct RunResult {
  int code = -1;
  std::string out, err;
};

// Starts klantreis with `args` (no shell), stdout/stderr into files of `tmp`.
pid_t Start(const TempDir& tmp, const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    int out = open(tmp.File(".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(tmp.File(".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(KLANTREIS_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KLANTREIS_BIN, argv.data());
    _exit(127);
  }
  return pid;
}

RunResult Finish(const TempDir& tmp, pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadAll(tmp.File(".out"));
  r.err = ReadAll(tmp.File(".err"));
  return r;
}

RunResult Klantreis(const TempDir& tmp, const std::vector<std::string>& args) { return Finish(tmp, Start(tmp, args)); }

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find('\n', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

class CrawlCli : public ::testing::Test {
 protected:
  void SetUp() override {
    proj_ = tmp_.File("proj");
    ASSERT_EQ(Klantreis(tmp_, {"init", proj_, "--name", "Groenhuis"}).code, 0);
  }
  TempDir tmp_;
  std::string proj_;
};

TEST_F(CrawlCli, CrawlsTheSiteStoresPagesAndReportsPagesCsv) {
  TestSite site(2000, 3u << 20);
  RunResult r = Klantreis(tmp_, {"crawl", site.Origin() + "/", "-p", proj_, "--delay", "0", "--timeout", "0.5",
                           "--max-depth", "3", "--max-page-bytes", "100000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("crawl w000001 of " + site.Origin()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("blocked by robots.txt 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("statuses:"), std::string::npos) << r.out;
  EXPECT_EQ(site.CountOtherHost(), 0);
  EXPECT_EQ(site.Count("/private/secret"), 0);

  r = Klantreis(tmp_, {"report", "-p", proj_, "--out", tmp_.File("rep"), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("pages.csv"), std::string::npos) << r.out;
  std::vector<std::string> rows = Lines(ReadAll(tmp_.File("rep/pages.csv")));
  ASSERT_GT(rows.size(), 10u);
  EXPECT_EQ(rows[0].rfind("url,status,indexable,canonical,stage,title", 0), 0u) << rows[0];
  bool home = false, dup = false, blocked = false;
  for (const std::string& row : rows) {
    if (row.rfind(site.Origin() + "/,200,yes,,", 0) == 0) {
      home = true;
      EXPECT_NE(row.find("Groenhuis kamerplanten"), std::string::npos) << row;
    }
    if (row.rfind(site.Origin() + "/dup,200,no," + site.Origin() + "/products,", 0) == 0) dup = true;
    if (row.rfind(site.Origin() + "/private/secret,,no,", 0) == 0) blocked = true;
  }
  EXPECT_TRUE(home && dup && blocked) << ReadAll(tmp_.File("rep/pages.csv"));

  // A re-crawl with fewer pages replaces the first crawl's pages.
  r = Klantreis(tmp_, {"crawl", site.Origin() + "/", "-p", proj_, "--delay", "0", "--max-pages", "2", "--no-sitemaps",
                       "-q"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("crawl w000002"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped by max pages"), std::string::npos) << r.out;
  r = Klantreis(tmp_, {"report", "-p", proj_, "--out", tmp_.File("rep2"), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  rows = Lines(ReadAll(tmp_.File("rep2/pages.csv")));
  EXPECT_EQ(rows.size(), 3u) << ReadAll(tmp_.File("rep2/pages.csv"));  // header + 2 pages
}

TEST_F(CrawlCli, CtrlCKeepsWhatWasStoredAndSaysSo) {
  TestSite site(0, 1000);
  pid_t pid = Start(tmp_, {"crawl", site.Origin() + "/", "-p", proj_, "--delay", "0.3", "--no-sitemaps"});
  // Wait until a few pages were fetched, then interrupt.
  for (int i = 0; i < 100 && site.Log().size() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(pid, SIGINT);
  RunResult r = Finish(tmp_, pid);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("crawl interrupted"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("interrupted: the "), std::string::npos) << r.out;
  r = Klantreis(tmp_, {"report", "-p", proj_, "--out", tmp_.File("rep"), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> rows = Lines(ReadAll(tmp_.File("rep/pages.csv")));
  EXPECT_GE(rows.size(), 3u);   // header + the pages fetched before Ctrl-C
  EXPECT_LT(rows.size(), 15u);  // not the whole site
}

TEST_F(CrawlCli, UsageErrorsExitTwo) {
  EXPECT_EQ(Klantreis(tmp_, {"crawl", "mailto:x@y.z", "-p", proj_}).code, 2);
  EXPECT_EQ(Klantreis(tmp_, {"crawl", "http://127.0.0.1:1/", "-p", proj_, "--max-pages", "0"}).code, 2);
  EXPECT_EQ(Klantreis(tmp_, {"crawl", "http://127.0.0.1:1/", "-p", proj_, "--timeout", "0"}).code, 2);
  EXPECT_EQ(Klantreis(tmp_, {"crawl", "-p", proj_}).code, 2);
}

TEST_F(CrawlCli, UnreachableSiteStoresNothingAllowedAndSaysWhy) {
  RunResult r = Klantreis(tmp_, {"crawl", "http://127.0.0.1:9/", "-p", proj_, "--delay", "0", "--timeout", "1", "-q"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing allowed"), std::string::npos) << r.out;
}

}  // namespace
