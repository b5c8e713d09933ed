// LoadBatchFile: defaults inherited, paths resolved against the batch file,
// every bad batch file rejected with file, line and key.
#include <gtest/gtest.h>

#include "klantreis/app/batch.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::TempDir;

class BatchFileTest : public ::testing::Test {
 protected:
  Result<BatchFile> Load(const std::string& text) {
    tmp_.Write("b.toml", text);
    return LoadBatchFile(tmp_.File("b.toml"));
  }
  // The error message of a batch file that must be rejected.
  std::string Error(const std::string& text) {
    auto b = Load(text);
    EXPECT_FALSE(b.ok()) << text;
    if (b.ok()) return "";
    EXPECT_TRUE(b.status().IsInvalidArgument()) << b.status().message();
    return b.status().message();
  }
  TempDir tmp_;
};

TEST_F(BatchFileTest, ProjectsInheritDefaultsAndResolvePathsAgainstTheBatchFile) {
  auto b = Load(R"(
[defaults]
projects_dir = "clients"
market = "en-GB"
config = "agency.toml"
formats = ["csv", "html"]

[[project]]
name = "acme"
inputs = ["exports/acme/*.csv", "/abs/kw.csv"]
config = "acme.toml"

[[project]]
name = "Bakkerij Jansen"
dir = "elsewhere/jansen"
market = "nl-NL"
inputs = "jansen.csv"
formats = ["xlsx"]
crawl = "https://jansen.example/"
)");
  ASSERT_TRUE(b.ok()) << b.status().message();
  ASSERT_EQ(b->projects.size(), 2u);
  const BatchProject& a = b->projects[0];
  EXPECT_EQ(a.name, "acme");
  EXPECT_EQ(a.dir, tmp_.File("clients/acme"));
  EXPECT_EQ(a.market, "en-GB");
  EXPECT_EQ(a.inputs, (std::vector<std::string>{tmp_.File("exports/acme/*.csv"), "/abs/kw.csv"}));
  // The agency's config first, then the project's: both layered.
  EXPECT_EQ(a.configs, (std::vector<std::string>{tmp_.File("agency.toml"), tmp_.File("acme.toml")}));
  EXPECT_EQ(a.formats, (std::vector<std::string>{"csv", "html"}));
  EXPECT_EQ(a.crawl, "");
  const BatchProject& j = b->projects[1];
  EXPECT_EQ(j.dir, tmp_.File("elsewhere/jansen"));
  EXPECT_EQ(j.market, "nl-NL");
  EXPECT_EQ(j.inputs, (std::vector<std::string>{tmp_.File("jansen.csv")}));
  EXPECT_EQ(j.formats, (std::vector<std::string>{"xlsx"}));
  EXPECT_EQ(j.crawl, "https://jansen.example/");
  EXPECT_NE(j.line.find("b.toml:13"), std::string::npos) << j.line;
}

TEST_F(BatchFileTest, WithoutFormatsEveryReportFormatIsWritten) {
  auto b = Load("[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"a.csv\"]\n");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->projects[0].formats, (std::vector<std::string>{"csv", "md", "json", "html", "xlsx"}));
  EXPECT_EQ(b->projects[0].market, "nl-NL");
}

TEST_F(BatchFileTest, BadBatchFilesNameFileLineAndKey) {
  std::string e = Error("[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"a.csv\"]\nimput = [\"b.csv\"]\n");
  EXPECT_NE(e.find("b.toml:5"), std::string::npos) << e;
  EXPECT_NE(e.find("project[0].imput: unknown key"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"a.csv\"]\nformats = [\"pdf\"]\n");
  EXPECT_NE(e.find("unknown format \"pdf\""), std::string::npos) << e;

  e = Error("[[project]]\ndir = \"a\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("project[0].name: missing"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("project[0].dir: missing"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ndir = \"a\"\n");
  EXPECT_NE(e.find("project[0].inputs: missing"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"x/../etc\"\ndir = \"a\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("no folder name"), std::string::npos) << e;

  e = Error("[[project]]\nname = \".hidden\"\ndir = \"a\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("may not start with a dot"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"a.csv\"]\n"
            "[[project]]\nname = \"a\"\ndir = \"b\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("also the name of the project at"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ndir = \"x\"\ninputs = [\"a.csv\"]\n"
            "[[project]]\nname = \"b\"\ndir = \"./x\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("one store per project"), std::string::npos) << e;

  e = Error("[[project]]\nname = \"a\"\ndir = 3\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("project[0].dir: expected a string"), std::string::npos) << e;

  e = Error("[defaults]\nname = \"x\"\n[[project]]\nname = \"a\"\ndir = \"a\"\ninputs = [\"a.csv\"]\n");
  EXPECT_NE(e.find("defaults.name: unknown key"), std::string::npos) << e;

  e = Error("[projects]\nname = \"a\"\n");
  EXPECT_NE(e.find("projects: unknown table"), std::string::npos) << e;

  e = Error("[defaults]\nmarket = \"nl-NL\"\n");
  EXPECT_NE(e.find("no [[project]] table"), std::string::npos) << e;

  e = Error("[[project]\nname = \"a\"\n");
  EXPECT_NE(e.find("b.toml:1"), std::string::npos) << e;
}

TEST_F(BatchFileTest, AMissingOrUnreadableBatchFileIsAnInvalidArgument) {
  auto missing = LoadBatchFile(tmp_.File("nope.toml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsInvalidArgument());
  EXPECT_NE(missing.status().message().find("nope.toml"), std::string::npos);
  auto dir = LoadBatchFile(tmp_.path());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find("is a directory"), std::string::npos);
}

TEST_F(BatchFileTest, TheChildProtocolRoundTripsProjectsAndResults) {
  BatchProject p;
  p.name = "acme";
  p.dir = "/x/acme";
  p.inputs = {"/x/*.csv"};
  p.configs = {"/x/a.toml"};
  p.formats = {"csv"};
  p.crawl = "https://a.example/";
  std::string out;
  auto back = BatchProjectFromJson(BatchProjectToJson(p, "/out/acme"), &out);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(out, "/out/acme");
  EXPECT_EQ(back->inputs, p.inputs);
  EXPECT_EQ(back->configs, p.configs);
  EXPECT_EQ(back->crawl, p.crawl);

  reports::PortfolioProject r;
  r.name = "acme";
  r.ok = true;
  r.keywords = 12;
  r.stages[3] = {7, 1200, 0.75};
  r.notes = {"crawl: not supported yet"};
  r.report = "acme/report.html";
  auto rb = PortfolioProjectFromJson(PortfolioProjectToJson(r));
  ASSERT_TRUE(rb.ok()) << rb.status().message();
  EXPECT_EQ(rb->stages[3].monthly_volume, 1200);
  EXPECT_EQ(rb->stages[3].keywords, 7u);
  EXPECT_EQ(rb->notes, r.notes);
  EXPECT_FALSE(PortfolioProjectFromJson("{\"name\":1}").ok());
}

}  // namespace
}  // namespace kr::app
