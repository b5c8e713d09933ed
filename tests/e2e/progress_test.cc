// Progress on stderr for long work: import and report print progress lines
// when asked to (KLANTREIS_PROGRESS=lines, a short interval), and nothing
// with --quiet; stdout stays the command's own output either way.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "klantreis/testutil.h"

namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;

struct CmdRun {
  int code = -1;
  std::string out, err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CmdRun Klantreis(const TempDir& tmp, const std::string& env, const std::string& args) {
  std::string cmd = env + " " + std::string(KLANTREIS_BIN) + " " + args + " >" + Quote(tmp.File(".out")) + " 2>" +
                    Quote(tmp.File(".err")) + " </dev/null";
  int rc = std::system(cmd.c_str());
  CmdRun r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = ReadAll(tmp.File(".out"));
  r.err = ReadAll(tmp.File(".err"));
  return r;
}

class ProgressCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    proj_ = tmp_.File("proj");
    ASSERT_EQ(Klantreis(tmp_, "", "init " + Quote(proj_)).code, 0);
    std::string csv = "Keyword,Volume\n";
    for (int i = 0; i < 30000; ++i) csv += "fiets model " + std::to_string(i) + " kopen," + std::to_string(i % 90) + "\n";
    tmp_.Write("kw.csv", csv);
  }
  TempDir tmp_;
  std::string proj_;
};

constexpr const char* kEveryMillisecond = "KLANTREIS_PROGRESS=lines KLANTREIS_PROGRESS_MS=1";

TEST_F(ProgressCliTest, ImportAndReportShowProgressLinesOnStderrOnly) {
  CmdRun imp = Klantreis(tmp_, kEveryMillisecond, "import " + Quote(tmp_.File("kw.csv")) + " -p " + Quote(proj_));
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_NE(imp.err.find("import " + tmp_.File("kw.csv") + ": "), std::string::npos) << imp.err;
  EXPECT_NE(imp.err.find("30,000 rows, "), std::string::npos) << imp.err;
  EXPECT_NE(imp.err.find(", done in "), std::string::npos) << imp.err;
  EXPECT_NE(imp.out.find("30000 stored"), std::string::npos) << imp.out;
  EXPECT_EQ(imp.out.find("rows/s"), std::string::npos) << "progress leaked into stdout: " << imp.out;

  CmdRun rep = Klantreis(tmp_, kEveryMillisecond, "report -p " + Quote(proj_) + " --format csv,md");
  ASSERT_EQ(rep.code, 0) << rep.err;
  EXPECT_NE(rep.err.find("report: "), std::string::npos) << rep.err;
  EXPECT_NE(rep.err.find(" of 30,000 keywords"), std::string::npos) << rep.err;
  EXPECT_NE(rep.err.find("30,000 keywords, "), std::string::npos) << rep.err;
  EXPECT_NE(rep.err.find("report: writing the csv report"), std::string::npos) << rep.err;
  EXPECT_EQ(rep.out.find("keywords/s"), std::string::npos) << rep.out;
}

TEST_F(ProgressCliTest, QuietSilencesProgress) {
  CmdRun imp = Klantreis(tmp_, kEveryMillisecond, "import --quiet " + Quote(tmp_.File("kw.csv")) + " -p " + Quote(proj_));
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_EQ(imp.err, "");
  CmdRun rep = Klantreis(tmp_, kEveryMillisecond, "report -q -p " + Quote(proj_));
  ASSERT_EQ(rep.code, 0) << rep.err;
  EXPECT_EQ(rep.err, "");
}

TEST_F(ProgressCliTest, ShortWorkInALogStaysSilentByDefault) {
  tmp_.Write("small.csv", "Keyword,Volume\nfiets kopen,10\n");
  CmdRun imp = Klantreis(tmp_, "KLANTREIS_PROGRESS=lines", "import " + Quote(tmp_.File("small.csv")) + " -p " + Quote(proj_));
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_EQ(imp.err, "");
}

}  // namespace
