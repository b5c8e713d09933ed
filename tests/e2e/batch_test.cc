// End-to-end tests of `klantreis batch`: many projects from one batch file,
// broken ones among them, run twice; bad batch files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.h"
#include "klantreis/testutil.h"

namespace fs = std::filesystem;

namespace {

using kr::e2e::CmdResult;
using kr::e2e::Klantreis;
using kr::e2e::Lines;
using kr::e2e::Quote;
using kr::testutil::ReadAll;
using kr::testutil::TempDir;

// The line of `text` that starts with `prefix` ("" when none).
std::string LineStarting(const std::string& text, const std::string& prefix) {
  for (const auto& l : Lines(text)) {
    if (l.rfind(prefix, 0) == 0) return l;
  }
  return "";
}

// A report file with its generation time blanked (the only part allowed to change).
std::string WithoutTimes(const std::string& text) {
  static const std::regex kIso("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
  return std::regex_replace(text, kIso, "TIME");
}

// Holds the RocksDB LOCK of a store like a second klantreis process would.
class StoreLock {
 public:
  explicit StoreLock(const std::string& store_dir) {
    fd_ = ::open((store_dir + "/LOCK").c_str(), O_RDWR | O_CREAT, 0644);
    struct flock f {};
    f.l_type = F_WRLCK;
    f.l_whence = SEEK_SET;
    locked_ = fd_ >= 0 && fcntl(fd_, F_SETLK, &f) == 0;
  }
  ~StoreLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool locked() const { return locked_; }

 private:
  int fd_ = -1;
  bool locked_ = false;
};

TEST(Batch, ProjectsRunWithBrokenOnesAmongThemAndAnUnchangedRerunGivesTheSameResults) {
  TempDir tmp;
  tmp.Write("exports/fiets-a.csv", "keyword,volume\nfiets kopen,1000\nwat is een e-bike,500\nfiets reparatie,200\n");
  tmp.Write("exports/fiets-b.csv", "keyword,volume\nbeste e-bike 2024,800\nfiets kopen,900\n");
  tmp.Write("exports/plant.csv", "keyword,volume\nmonstera bestellen,300\nkamerplant verpotten,150\n");
  tmp.Write("exports/garbage.csv", std::string("\x01\x02\x03\x00\x00\xff\xfe", 7));
  tmp.Write("bad-config.toml", "[[classifier.cues]]\nphrase = \"x\"\nstage = \"usage\"\n");
  tmp.Write("plant.toml", "[classifier]\nproduct_terms = [\"monstera\"]\n");
  // The locked project exists already; its store is held by "another process".
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(tmp.File("clients/locked"))).code, 0);
  tmp.Write("batch.toml", R"(
[defaults]
projects_dir = "clients"
market = "nl-NL"

[[project]]
name = "fiets"
inputs = ["exports/fiets-*.csv"]

[[project]]
name = "missing"
inputs = ["exports/plant.csv", "exports/nope.csv"]

[[project]]
name = "plant"
inputs = ["exports/plant.csv"]
config = "plant.toml"
formats = ["csv", "html"]

[[project]]
name = "garbage"
inputs = ["exports/garbage.csv"]

[[project]]
name = "badconfig"
inputs = ["exports/plant.csv"]
config = "bad-config.toml"

[[project]]
name = "locked"
inputs = ["exports/plant.csv"]

[[project]]
name = "crawler"
inputs = ["exports/plant.csv"]
crawl = "http://127.0.0.1:1/"
crawl_delay = 0
)");
  StoreLock lock(tmp.File("clients/locked/store"));
  ASSERT_TRUE(lock.locked());
  const std::string out = tmp.File("out");
  const std::string run = "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(out) + " --jobs 3";

  CmdResult first = Klantreis(tmp, run);
  EXPECT_EQ(first.code, 1) << first.out << first.err;
  // One line per project; the failed ones say why, on stdout and stderr.
  EXPECT_NE(LineStarting(first.out, "ok      fiets").find("4 keywords  (2 imported, 0 unchanged)"), std::string::npos)
      << first.out;
  EXPECT_NE(LineStarting(first.out, "ok      plant").find("2 keywords"), std::string::npos) << first.out;
  // A site that refuses connections: crawled (its error pages stored), once.
  EXPECT_NE(LineStarting(first.out, "ok      crawler").find("crawl: w000001 of http://127.0.0.1:1: "), std::string::npos)
      << first.out;
  EXPECT_NE(first.err.find("project missing failed: " + tmp.File("exports/nope.csv") + ": input not found"),
            std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("project garbage failed: " + tmp.File("exports/garbage.csv")), std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("project badconfig failed: " + tmp.File("bad-config.toml")), std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("unknown stage \"usage\""), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("project locked failed: "), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("LOCK"), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find("project fiets failed"), std::string::npos);
  EXPECT_NE(first.out.find("3 of 7 projects ok"), std::string::npos) << first.out;

  // A missing input fails before anything is created.
  EXPECT_FALSE(fs::exists(tmp.File("clients/missing")));
  EXPECT_FALSE(fs::exists(out + "/missing"));
  // The good projects have their reports.
  for (const char* f : {"stages.csv", "keywords.csv", "report.md", "report.json", "report.html", "report.xlsx"}) {
    EXPECT_TRUE(fs::exists(out + "/fiets/" + f)) << f;
  }
  EXPECT_TRUE(fs::exists(out + "/plant/report.html"));
  EXPECT_FALSE(fs::exists(out + "/plant/report.xlsx"));  // formats = ["csv", "html"]
  EXPECT_NE(ReadAll(out + "/fiets/stages.csv").find("purchase,sales,1,900,"), std::string::npos)
      << ReadAll(out + "/fiets/stages.csv");

  std::string summary = ReadAll(out + "/summary.csv");
  auto rows = Lines(summary);
  ASSERT_EQ(rows.size(), 31u) << summary;
  EXPECT_EQ(rows[0].rfind("project,stage,keywords,monthly_volume,volume_share", 0), 0u);
  EXPECT_EQ(rows[1].rfind("fiets,latent_need,", 0), 0u);
  EXPECT_EQ(rows[10].rfind("fiets,advocacy,", 0), 0u);
  EXPECT_EQ(rows[11].rfind("plant,latent_need,", 0), 0u);
  EXPECT_EQ(rows[21].rfind("crawler,latent_need,", 0), 0u);
  EXPECT_NE(summary.find("fiets,purchase,1,900,"), std::string::npos);
  EXPECT_EQ(summary.find("garbage"), std::string::npos);

  std::string index = ReadAll(out + "/index.html");
  for (const char* name : {"fiets", "plant", "crawler", "missing", "garbage", "badconfig", "locked"}) {
    EXPECT_NE(index.find("data-project=\"" + std::string(name) + "\""), std::string::npos) << name;
  }
  EXPECT_NE(index.find("href=\"fiets/report.html\""), std::string::npos);
  EXPECT_NE(index.find("nope.csv: input not found"), std::string::npos);
  EXPECT_EQ(index.find(tmp.path()), std::string::npos) << "no local paths in the portfolio";
  // No leftovers of the child processes.
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_NE(e.path().filename().string().rfind(".batch", 0), 0u) << e.path();
  }

  // Again, nothing changed: nothing imported, the same summary and reports.
  std::string fiets_keywords = ReadAll(out + "/fiets/keywords.csv");
  std::string fiets_html = ReadAll(out + "/fiets/report.html");
  std::string fiets_json = ReadAll(out + "/fiets/report.json");
  CmdResult runs_before = Klantreis(tmp, "imports -p " + Quote(tmp.File("clients/fiets")));
  CmdResult second = Klantreis(tmp, run);
  EXPECT_EQ(second.code, 1) << second.err;
  EXPECT_NE(LineStarting(second.out, "ok      fiets").find("(0 imported, 2 unchanged)"), std::string::npos)
      << second.out;
  EXPECT_NE(LineStarting(second.out, "ok      crawler").find("crawl: w000001 of http://127.0.0.1:1 ("), std::string::npos)
      << second.out;
  EXPECT_EQ(ReadAll(out + "/summary.csv"), summary);
  EXPECT_EQ(ReadAll(out + "/fiets/keywords.csv"), fiets_keywords);
  EXPECT_EQ(WithoutTimes(ReadAll(out + "/fiets/report.html")), WithoutTimes(fiets_html));
  EXPECT_EQ(WithoutTimes(ReadAll(out + "/fiets/report.json")), WithoutTimes(fiets_json));
  EXPECT_EQ(WithoutTimes(ReadAll(out + "/index.html")), WithoutTimes(index));
  CmdResult runs_after = Klantreis(tmp, "imports -p " + Quote(tmp.File("clients/fiets")));
  EXPECT_EQ(runs_after.out, runs_before.out) << "an unchanged rerun adds no import run";
}

TEST(Batch, EveryProjectOkExitsZero) {
  TempDir tmp;
  tmp.Write("a.csv", "keyword,volume\nfiets kopen,10\n");
  tmp.Write("b.toml", "[[project]]\nname = \"a\"\ndir = \"p\"\ninputs = [\"a.csv\"]\nformats = [\"csv\"]\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("b.toml")) + " --out " + Quote(tmp.File("o")));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Lines(ReadAll(tmp.File("o/summary.csv"))).size(), 11u);
}

TEST(Batch, BrandingOfTheBatchAndTheProjectIsInTheReportsWithoutLocalPaths) {
  TempDir tmp;
  tmp.Write("a.csv", "keyword,volume\nfiets kopen,10\n");
  // A real 4x4 PNG (libxlsxwriter reads its header).
  tmp.Write("logo.png", std::string("\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x04\x00\x00\x00\x04\x08\x02\x00\x00\x00\x26\x93\x09\x29\x00\x00\x00\x10\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x47\x0c\xc4\x71\x00\xae\x93\x0f\xf1\xd0\x5f\x23\x9e\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82", 73));
  tmp.Write("b.toml", "[defaults]\nbranding = { agency = \"Bureau <Noord>\", logo = \"logo.png\", primary_colour = \"#aa3300\" }\n"
                      "[[project]]\nname = \"a\"\ndir = \"p\"\ninputs = [\"a.csv\"]\nformats = [\"html\", \"xlsx\"]\n"
                      "branding = { accent_colour = \"#00aa00\" }\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("b.toml")) + " --out " + Quote(tmp.File("o")));
  ASSERT_EQ(r.code, 0) << r.err;
  std::string html = ReadAll(tmp.File("o/a/report.html"));
  EXPECT_NE(html.find("<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAA"), std::string::npos);
  EXPECT_NE(html.find("Bureau &lt;Noord&gt;"), std::string::npos);
  EXPECT_NE(html.find("h1,h2{color:#aa3300}"), std::string::npos);
  EXPECT_NE(html.find("{background:#00aa00}"), std::string::npos);
  EXPECT_EQ(html.find(tmp.path()), std::string::npos);
  std::string index = ReadAll(tmp.File("o/index.html"));
  EXPECT_NE(index.find("Bureau &lt;Noord&gt;"), std::string::npos);
  EXPECT_EQ(index.find(tmp.path()), std::string::npos);
  EXPECT_NE(ReadAll(tmp.File("o/a/report.xlsx")).find("xl/media/image1.png"), std::string::npos)
      << "the logo is an image in the workbook";

  tmp.Write("b.toml", "[[project]]\nname = \"a\"\ndir = \"p\"\ninputs = [\"a.csv\"]\n"
                      "branding = { primary_colour = \"red\" }\n");
  CmdResult bad = Klantreis(tmp, "batch " + Quote(tmp.File("b.toml")) + " --out " + Quote(tmp.File("o")));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("branding.primary_colour: \"red\" is no colour"), std::string::npos) << bad.err;
}

TEST(Batch, ABadBatchFileExitsTwoAndRunsNothing) {
  TempDir tmp;
  tmp.Write("a.csv", "keyword,volume\nfiets kopen,10\n");
  tmp.Write("b.toml", "[[project]]\nname = \"a\"\ndir = \"p\"\ninputs = [\"a.csv\"]\n"
                      "[[project]]\nname = \"b\"\ndir = \"q\"\ninputs = [\"a.csv\"]\nformat = [\"csv\"]\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("b.toml")) + " --out " + Quote(tmp.File("o")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("b.toml:9: project[1].format: unknown key"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp.File("o")));
  EXPECT_FALSE(fs::exists(tmp.File("p")));
  CmdResult missing = Klantreis(tmp, "batch " + Quote(tmp.File("nope.toml")));
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos) << missing.err;
}

// One project per real export in ../shared/data/keyword_exports, plus a
// project whose input is missing. The Search Console device and filter
// sheets are no keyword lists: their projects fail and say so.
TEST(Batch, CompareShowsTheChangeSinceLastMonthOnceASecondExportArrives) {
  TempDir tmp;
  fs::create_directories(tmp.File("exports"));
  fs::copy_file("tests/e2e/data/gsc_october.csv", tmp.File("exports/2026-10.csv"));
  tmp.Write("batch.toml",
            "[defaults]\nprojects_dir = \"clients\"\ncompare = true\nformats = [\"csv\", \"html\"]\n\n"
            "[[project]]\nname = \"fietsen\"\ninputs = [\"exports/*.csv\"]\n");
  const std::string run = "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out"));
  CmdResult first = Klantreis(tmp, run);
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("nothing to compare yet"), std::string::npos) << first.out;
  EXPECT_FALSE(fs::exists(tmp.File("out/fietsen/compare.csv")));

  fs::copy_file("tests/e2e/data/gsc_november.csv", tmp.File("exports/2026-11.csv"));
  CmdResult second = Klantreis(tmp, run);
  ASSERT_EQ(second.code, 0) << second.out << second.err;
  // Clicks 25+5+2 = 32 -> 40+3+4 = 47, impressions 440 -> 530; fietsbel new, fietsslot lost.
  const std::string csv = ReadAll(tmp.File("out/fietsen/compare.csv"));
  EXPECT_NE(csv.find("\ntotal,4,32,47,15,440,530,90,440,530,90,1,1,"), std::string::npos) << csv;
  const std::string index = ReadAll(tmp.File("out/index.html"));
  EXPECT_NE(index.find("clicks 32 \u2192 47, impressions 440 \u2192 530; 1 new, 1 lost"), std::string::npos) << index;
  EXPECT_NE(ReadAll(tmp.File("out/fietsen/report.html")).find("<section id=\"compare\">"), std::string::npos);
}

TEST(Batch, ACompareValueThatIsNoModeIsABadBatchFile) {
  TempDir tmp;
  tmp.Write("batch.toml", "[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"x.csv\"]\ncompare = \"lastweek\"\n");
  CmdResult r = Klantreis(tmp, "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("project[0].compare: \"lastweek\""), std::string::npos) << r.err;
}

TEST(Batch, RealExportsOneProjectEachWithABrokenOneRunTwice) {
  KR_REQUIRE_SHARED(probe, "data/keyword_exports/PROVENANCE.md");
  const fs::path dir = fs::path(probe).parent_path();
  std::vector<std::string> exports;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".csv") exports.push_back(e.path().filename().string());
  }
  std::sort(exports.begin(), exports.end());
  ASSERT_GE(exports.size(), 9u);
  TempDir tmp;
  std::string batch = "[defaults]\nprojects_dir = \"clients\"\nmarket = \"en-US\"\nformats = [\"csv\", \"html\"]\n";
  for (const auto& f : exports) {
    batch += "\n[[project]]\nname = \"" + fs::path(f).stem().string() + "\"\ninputs = [\"" + (dir / f).string() +
             "\"]\n";
  }
  batch += "\n[[project]]\nname = \"broken\"\ninputs = [\"" + (dir / "no_such_export.csv").string() + "\"]\n";
  tmp.Write("batch.toml", batch);
  const std::string run = "batch " + Quote(tmp.File("batch.toml")) + " --out " + Quote(tmp.File("out"));
  CmdResult first = Klantreis(tmp, run);
  EXPECT_EQ(first.code, 1) << first.out << first.err;
  size_t ok = 0;
  for (const auto& f : exports) {
    std::string name = fs::path(f).stem().string();
    bool sheet = name.find("devices") != std::string::npos || name.find("filters") != std::string::npos;
    if (sheet) {
      EXPECT_NE(first.err.find("project " + name + " failed: "), std::string::npos) << first.err;
      EXPECT_NE(first.err.find("not the queries sheet"), std::string::npos) << first.err;
    } else {
      EXPECT_NE(LineStarting(first.out, "ok      " + name), "") << first.out << first.err;
      ++ok;
    }
  }
  EXPECT_NE(first.err.find("project broken failed: " + (dir / "no_such_export.csv").string() + ": input not found"),
            std::string::npos)
      << first.err;
  std::string summary = ReadAll(tmp.File("out/summary.csv"));
  EXPECT_EQ(Lines(summary).size(), 1 + 10 * ok);
  // The Ahrefs export: 2,272 keywords in ten stages.
  uint64_t ahrefs = 0;
  for (const auto& l : Lines(summary)) {
    if (l.rfind("ahrefs_matching_terms_en_us_ai-tools,", 0) == 0) {
      ahrefs += std::stoull(l.substr(l.find(',', l.find(',') + 1) + 1));
    }
  }
  EXPECT_EQ(ahrefs, 2272u);
  // index.html: every ok client with its likeability moments (plan/), the Ahrefs one with three.
  const std::string index = ReadAll(tmp.File("out/index.html"));
  const size_t row = index.find("<tr class=\"moments-row\" data-moments=\"ahrefs_matching_terms_en_us_ai-tools\">");
  ASSERT_NE(row, std::string::npos);
  const size_t list = index.find("<ol class=\"moments\">", row), end = index.find("</ol>", list);
  ASSERT_LT(list, index.find("</tr>", row));
  size_t items = 0;
  for (size_t at = index.find("<li title=", list); at < end; at = index.find("<li title=", at + 1)) ++items;
  EXPECT_EQ(items, 3u);

  CmdResult second = Klantreis(tmp, run);
  EXPECT_EQ(second.code, 1);
  EXPECT_EQ(ReadAll(tmp.File("out/summary.csv")), summary);
  EXPECT_NE(LineStarting(second.out, "ok      ahrefs_matching_terms_en_us_ai-tools").find("(0 imported, 1 unchanged)"),
            std::string::npos)
      << second.out;
}

}  // namespace
