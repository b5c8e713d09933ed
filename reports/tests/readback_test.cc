// The reports as their readers see them: report.html rendered in headless
// Chromium (script runs without errors, charts in the DOM, the search
// filters rows, injected markup stays text) and report.xlsx read back with
// openpyxl (sheets, chart, frozen panes, autofilter, formula-like text).
// Each test skips when its tool (chromium, python3-openpyxl) is missing.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "klantreis/reports/report.h"
#include "klantreis/testutil.h"

namespace kr::reports {
namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;

KeywordLine Kw(std::string keyword, Stage stage, int64_t volume) {
  KeywordLine k;
  k.keyword = std::move(keyword);
  k.lang = Language::kNl;
  k.stage = stage;
  k.monthly_volume = volume;
  k.volume_kind = VolumeKind::kToolVolume;
  k.confidence = 0.9;
  k.evidence = "cue:nl:kopen[kopen]";
  k.sources = {"semrush"};
  return k;
}

ReportData Hostile() {
  std::vector<KeywordLine> kws = {
      Kw("accu kopen", Stage::kPurchase, 900),
      Kw("accu opladen", Stage::kUse, 400),
      Kw("<script>document.title='owned'</script>", Stage::kOrientation, 300),
      Kw("<img src=x onerror=\"document.title='owned'\">", Stage::kOrientation, 200),
      Kw("=HYPERLINK(\"http://evil\",\"klik\")", Stage::kDecision, 100),
      Kw("accu \"quoted\" 'test'", Stage::kDecision, 50),
  };
  kws[0].cpc = 1.25;
  kws[0].difficulty = 40;
  kws[1].monthly = {{"2024-01", 300}, {"2024-02", 500}};
  ReportAccumulator acc;
  for (const auto& k : kws) acc.Add(k);
  ReportMeta meta;
  meta.project = "Accu's & co";
  meta.market = "nl-NL";
  meta.model_version = "klantreis-rules@test";
  meta.config_source = "shipped + /home/someone/project/klantreis.toml";
  ReportData d = acc.Finish(meta);
  d.keywords = std::move(kws);
  return d;
}

// Runs a shell command; stdout into *out, returns the exit status.
int Shell(const std::string& cmd, std::string* out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p);
}

std::string Chromium() {
  for (const char* c : {"chromium", "chromium-browser"}) {
    std::string out;
    if (Shell(std::string("command -v ") + c + " 2>/dev/null", &out) == 0 && !out.empty()) return c;
  }
  return "";
}

// The rendered DOM of file://path#hash; chromium's stderr goes to err_file.
std::string DumpDom(const std::string& chromium, TempDir& tmp, const std::string& url, const std::string& err_file) {
  std::string cmd = "timeout 60 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --enable-logging=stderr --v=0 --user-data-dir='" + tmp.File("profile") + "' --dump-dom '" + url +
                    "' 2>'" + err_file + "'";
  std::string dom;
  EXPECT_EQ(Shell(cmd, &dom), 0) << ReadAll(err_file);
  return dom;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlInChromium, RendersChartsFiltersRowsAndKeepsInjectedMarkupInert) {
  const std::string chromium = Chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium not installed (scripts/setup.sh installs it)";
  TempDir tmp;
  auto sink = MakeSink("html");
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Write(Hostile(), tmp.path()).ok());
  const std::string url = "file://" + tmp.File("report.html");

  std::string dom = DumpDom(chromium, tmp, url, tmp.File("err1.txt"));
  const std::string err = ReadAll(tmp.File("err1.txt"));
  EXPECT_EQ(err.find("Uncaught"), std::string::npos) << err;
  EXPECT_NE(dom.find("data-ready=\"1\""), std::string::npos) << "the script ran to its end";
  EXPECT_NE(dom.find("id=\"chart-stages\""), std::string::npos);
  EXPECT_EQ(Count(dom, "class=\"bar-stage\""), 10u) << "a bar per stage";
  EXPECT_NE(dom.find("id=\"chart-funnel\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"chart-seasonality\""), std::string::npos);
  EXPECT_EQ(dom.find("<title>owned"), std::string::npos) << "no script changed the title";
  EXPECT_EQ(dom.find("<img"), std::string::npos) << "no injected element";
  EXPECT_NE(dom.find("&lt;script&gt;document.title"), std::string::npos);
  EXPECT_EQ(dom.find("/home/someone"), std::string::npos) << "no local paths";
  EXPECT_EQ(Count(dom, "<tr data-intent=\"") - Count(dom, " hidden=\"\""), 6u) << "all rows shown";

  // The search (pre-filled from #q=) hides the rows without "accu".
  std::string filtered = DumpDom(chromium, tmp, url + "#q=accu", tmp.File("err2.txt"));
  EXPECT_NE(filtered.find("data-ready=\"1\""), std::string::npos);
  EXPECT_NE(filtered.find(">3 shown<"), std::string::npos) << "accu kopen, accu opladen, accu \"quoted\"";
  EXPECT_EQ(Count(filtered, "hidden=\"\""), 3u);
}

TEST(XlsxReadBack, OpenpyxlSeesSheetsChartFrozenHeaderAutofilterAndTextFormulas) {
  // The Debian python3 (where python3-openpyxl goes) before any other on PATH.
  std::string python;
  for (const char* py : {"/usr/bin/python3", "python3"}) {
    std::string out;
    if (Shell(std::string(py) + " -c 'import openpyxl' 2>/dev/null", &out) == 0) {
      python = py;
      break;
    }
  }
  if (python.empty()) GTEST_SKIP() << "python3-openpyxl not installed (scripts/setup.sh installs it)";
  TempDir tmp;
  auto sink = MakeSink("xlsx");
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Write(Hostile(), tmp.path()).ok());
  std::string report;
  int rc = Shell(python + " '" KR_REPORTS_TEST_DIR "/xlsx_check.py' '" + tmp.File("report.xlsx") + "' 'HYPERLINK' 2>&1",
               &report);
  EXPECT_EQ(rc, 0) << report;
}

}  // namespace
}  // namespace kr::reports
