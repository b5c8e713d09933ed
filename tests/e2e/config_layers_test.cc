// --config is repeatable: every file is a layer, applied in the order given,
// on top of the shipped configuration and the project's klantreis.toml.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_run.h"

namespace {

using kr::e2e::CmdResult;
using kr::e2e::Klantreis;
using kr::e2e::Lines;
using kr::e2e::Quote;
using kr::testutil::TempDir;

std::string StageOf(const CmdResult& r) { return nlohmann::json::parse(Lines(r.out).at(0))["stage"]; }

TEST(ConfigLayers, RepeatedConfigFilesAreLayeredInTheOrderGiven) {
  TempDir tmp;
  tmp.Write("agency.toml", "[classifier.overrides]\n\"appeltaart recept\" = \"use\"\n\"fiets\" = \"loyalty\"\n");
  tmp.Write("client.toml", "[classifier.overrides]\n\"appeltaart recept\" = \"purchase\"\n");
  const std::string a = " --config " + Quote(tmp.File("agency.toml")), c = " --config " + Quote(tmp.File("client.toml"));
  CmdResult ac = Klantreis(tmp, "classify" + a + c + " 'appeltaart recept' fiets");
  ASSERT_EQ(ac.code, 0) << ac.err;
  EXPECT_EQ(StageOf(ac), "purchase");  // the later layer wins for the same query
  EXPECT_EQ(nlohmann::json::parse(Lines(ac.out).at(1))["stage"], "loyalty");  // the earlier layer still applies
  CmdResult ca = Klantreis(tmp, "classify" + c + a + " 'appeltaart recept'");
  ASSERT_EQ(ca.code, 0) << ca.err;
  EXPECT_EQ(StageOf(ca), "use");
  // One file per --config: a query after it is not taken as a second file.
  CmdResult one = Klantreis(tmp, "classify" + a + " fiets");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(StageOf(one), "loyalty");
}

TEST(ConfigLayers, ReportNamesEveryLayerOfAProject) {
  TempDir tmp;
  const std::string proj = tmp.File("p");
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name P").code, 0);
  tmp.Write("kw.csv", "keyword,volume\nappeltaart recept,10\n");
  ASSERT_EQ(Klantreis(tmp, "import -q " + Quote(tmp.File("kw.csv")) + " -p " + Quote(proj)).code, 0);
  tmp.Write("agency.toml", "[classifier.overrides]\n\"appeltaart recept\" = \"use\"\n");
  tmp.Write("client.toml", "[classifier.overrides]\n\"appeltaart recept\" = \"purchase\"\n");
  CmdResult r = Klantreis(tmp, "report -q --format csv,json -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) +
                                   " --config " + Quote(tmp.File("agency.toml")) + " --config " +
                                   Quote(tmp.File("client.toml")));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(kr::testutil::ReadAll(tmp.File("rep/keywords.csv")).find("appeltaart recept,nl,purchase,"),
            std::string::npos);
  auto json = nlohmann::json::parse(kr::testutil::ReadAll(tmp.File("rep/report.json")));
  const std::string source = json["meta"]["config_source"];
  EXPECT_NE(source.find("klantreis.toml + "), std::string::npos) << source;
  EXPECT_NE(source.find("agency.toml + " + tmp.File("client.toml")), std::string::npos) << source;
}

}  // namespace
