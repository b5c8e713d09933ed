// A mistyped configuration is an error naming the file, line and key, never
// a silent fall-back to the defaults: wrong types in [project], unknown or
// misspelt tables, tables that only the shipped model may set.
#include <gtest/gtest.h>

#include "klantreis/app/project.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::TempDir;

// Opens a project whose klantreis.toml is `text`; returns the error message ("" when it opens).
std::string OpenWith(TempDir& tmp, const std::string& text) {
  EXPECT_TRUE(InitProject(tmp.File("p"), "t", "nl-NL").ok());
  tmp.Write("p/klantreis.toml", text);
  auto p = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, "");
  return p.ok() ? "" : p.status().message();
}

TEST(ConfigShape, AProjectNameThatIsNotAStringIsAnErrorWithFileLineAndKey) {
  TempDir tmp;
  std::string msg = OpenWith(tmp, "# comment\n[project]\nname = 5\n");
  EXPECT_NE(msg.find("klantreis.toml:3: project.name: expected a string, got an integer"), std::string::npos) << msg;
}

TEST(ConfigShape, AMarketGivenAsAnArrayOrNotALanguageTagIsAnError) {
  TempDir tmp;
  std::string msg = OpenWith(tmp, "[project]\nmarket = [\"nl-NL\"]\n");
  EXPECT_NE(msg.find("project.market: expected a string, got an array"), std::string::npos) << msg;
  TempDir tmp2;
  msg = OpenWith(tmp2, "[project]\nmarket = \"Nederland\"\n");
  EXPECT_NE(msg.find("'Nederland' is not a market such as nl-NL"), std::string::npos) << msg;
}

TEST(ConfigShape, AMisspeltTableIsAnErrorListingTheKnownOnes) {
  TempDir tmp;
  std::string msg = OpenWith(tmp, "[project]\nname = \"t\"\n\n[classifer]\nown_brands = [\"x\"]\n");
  EXPECT_NE(msg.find("klantreis.toml:4: classifer: unknown table (known tables: project, classifier"),
            std::string::npos)
      << msg;
}

TEST(ConfigShape, ThresholdsBelongToTheShippedModelNotToAProjectFile) {
  TempDir tmp;
  std::string msg = OpenWith(tmp, "[thresholds]\nactive = 0.5\n");
  EXPECT_NE(msg.find("thresholds: unknown table"), std::string::npos) << msg;
}

TEST(ConfigShape, AnUnknownKeyInProjectOrATopLevelValueIsAnError) {
  TempDir tmp;
  std::string msg = OpenWith(tmp, "[project]\nnaam = \"t\"\n");
  EXPECT_NE(msg.find("project.naam: unknown key (known: name, market)"), std::string::npos) << msg;
  TempDir tmp2;
  msg = OpenWith(tmp2, "market = \"nl-NL\"\n");
  EXPECT_NE(msg.find("market: unknown top-level key"), std::string::npos) << msg;
  TempDir tmp3;
  msg = OpenWith(tmp3, "classifier = 3\n");
  EXPECT_NE(msg.find("classifier: expected a table [classifier], got an integer"), std::string::npos) << msg;
}

TEST(ConfigShape, EveryShippedTableAndAValidMarketOpen) {
  TempDir tmp;
  EXPECT_EQ(OpenWith(tmp, "[project]\nname = \"t\"\nmarket = \"nl-BE\"\n[classifier]\n[analyzer]\n[plan]\n"
                          "[serp]\n[suggest]\n"),
            "");
}

TEST(ConfigShape, AConfigLayerIsCheckedTooAndItsMarketApplies) {
  TempDir tmp;
  ASSERT_TRUE(InitProject(tmp.File("p"), "t", "nl-NL").ok());
  tmp.Write("bad.toml", "[classifer]\n");
  auto bad = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, tmp.File("bad.toml"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.toml:1: classifer: unknown table"), std::string::npos)
      << bad.status().message();
  auto no_project = LoadCommandConfig("", tmp.File("bad.toml"));
  ASSERT_FALSE(no_project.ok()) << "classify --config without a project checks the file as well";

  tmp.Write("be.toml", "[project]\nmarket = \"nl-BE\"\n");
  auto be = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, tmp.File("be.toml"));
  ASSERT_TRUE(be.ok()) << be.status().message();
  EXPECT_EQ(be->market, "nl-BE");
}

}  // namespace
}  // namespace kr::app
