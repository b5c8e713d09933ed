#include "klantreis/core/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace kr {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand, and the text written to a temporary file.
struct Fixture {
  Progress::Clock::time_point t{};
  std::FILE* out = std::tmpfile();
  ~Fixture() { std::fclose(out); }
  Progress::Options Options(Progress::Mode mode) {
    Progress::Options o;
    o.mode = mode;
    o.out = out;
    o.now = [this] { return t; };
    return o;
  }
  std::string Text() {
    std::fflush(out);
    std::rewind(out);
    std::string s;
    char buf[512];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) s.append(buf, n);
    return s;
  }
};

TEST(ProgressTest, ThousandsAreGrouped) {
  EXPECT_EQ(Progress::Thousands(0), "0");
  EXPECT_EQ(Progress::Thousands(999), "999");
  EXPECT_EQ(Progress::Thousands(1000), "1,000");
  EXPECT_EQ(Progress::Thousands(1234567), "1,234,567");
}

TEST(ProgressTest, LineGivesRateShareAndTimeLeftWhenTheTotalIsKnown) {
  EXPECT_EQ(Progress::Line("report", "keywords", 250000, 1000000, 1.0),
            "report: 250,000 of 1,000,000 keywords, 250,000 keywords/s, 25%, 3s left");
  EXPECT_EQ(Progress::Line("import a.csv", "rows", 1200, 0, 2.0), "import a.csv: 1,200 rows, 600 rows/s");
}

TEST(ProgressTest, ShortWorkPrintsNothingInEitherMode) {
  for (auto mode : {Progress::Mode::kLines, Progress::Mode::kTerminal}) {
    Fixture f;
    {
      Progress p("import", "rows", 0, f.Options(mode));
      p.Add(10);
      f.t += 100ms;
      p.Add(10);
    }
    EXPECT_EQ(f.Text(), "");
  }
}

TEST(ProgressTest, LineModePrintsOneLinePerIntervalAndAFinalLine) {
  Fixture f;
  {
    Progress p("import big.csv", "rows", 0, f.Options(Progress::Mode::kLines));
    for (int i = 0; i < 12; ++i) {
      f.t += 1s;
      p.Add(1000);  // lines due at 5 s and 10 s
    }
  }
  EXPECT_EQ(f.Text(),
            "import big.csv: 5,000 rows, 1,000 rows/s\n"
            "import big.csv: 10,000 rows, 1,000 rows/s\n"
            "import big.csv: 12,000 rows, 1,000 rows/s, done in 12s\n");
}

TEST(ProgressTest, TerminalModeRewritesOneLineAndEndsIt) {
  Fixture f;
  Progress p("report", "keywords", 4000, f.Options(Progress::Mode::kTerminal));
  f.t += 250ms;
  p.Set(1000);
  f.t += 250ms;
  p.Set(2000);
  p.Finish();
  std::string text = f.Text();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find("report: 1,000 of 4,000 keywords"), std::string::npos) << text;
  EXPECT_NE(text.find("\rreport: 2,000 of 4,000 keywords, 4,000 keywords/s, 50%, 1s left"), std::string::npos)
      << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("done in 1s"), std::string::npos) << text;
  p.Finish();  // a second Finish prints nothing more
  EXPECT_EQ(f.Text(), text);
}

TEST(ProgressTest, AnEstimatedTotalThatIsExceededClaimsNoShare) {
  Fixture f;
  Progress p("report", "keywords", 100, f.Options(Progress::Mode::kLines));
  f.t += 6s;
  p.Set(150);
  EXPECT_EQ(f.Text(), "report: 150 keywords, 25 keywords/s\n");
}

TEST(ProgressTest, NotesFollowOnlyWorkThatShowedProgress) {
  Fixture quick;
  {
    Progress p("report", "keywords", 0, quick.Options(Progress::Mode::kLines));
    p.Add(3);
    p.Finish();
    p.Note("writing report.xlsx");
  }
  EXPECT_EQ(quick.Text(), "");
  Fixture slow;
  {
    Progress p("report", "keywords", 0, slow.Options(Progress::Mode::kLines));
    slow.t += 6s;
    p.Add(6);
    p.Finish();
    p.Note("writing report.xlsx");
  }
  EXPECT_EQ(slow.Text(), "report: 6 keywords, 1 keywords/s\nreport: 6 keywords, 1 keywords/s, done in 6s\n"
                         "report: writing report.xlsx\n");
}

TEST(ProgressTest, QuietPrintsNothing) {
  Fixture f;
  {
    Progress p("import", "rows", 0, f.Options(Progress::Mode::kQuiet));
    f.t += 60s;
    p.Add(5);
  }
  EXPECT_EQ(f.Text(), "");
}

}  // namespace
}  // namespace kr
