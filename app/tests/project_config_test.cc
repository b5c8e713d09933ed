// Configuration layering: shipped, then the project's klantreis.toml, then
// --config files in order; a --config file adds to the project file, never
// replaces it.
#include <gtest/gtest.h>

#include <algorithm>

#include "klantreis/app/project.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::TempDir;

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(ProjectConfig, ConfigFilesLayerOnTheProjectFileInOrder) {
  TempDir tmp;
  ASSERT_TRUE(InitProject(tmp.File("p"), "t", "nl-NL").ok());
  tmp.Write("p/klantreis.toml", "[project]\nname = \"t\"\n[classifier]\nown_brands = [\"groenhuis\"]\n"
                                "[classifier.overrides]\n\"monstera\" = \"use\"\n");
  tmp.Write("agency.toml", "[classifier]\ncompetitors = [\"intratuin\"]\n[classifier.overrides]\n\"monstera\" = \"loyalty\"\n");
  tmp.Write("client.toml", "[classifier]\nproduct_terms = [\"potgrond\"]\n");

  auto project_only = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, "");
  ASSERT_TRUE(project_only.ok()) << project_only.status().message();
  EXPECT_TRUE(Has(project_only->classifier.own_brands, "groenhuis"));
  EXPECT_FALSE(Has(project_only->classifier.competitors, "intratuin"));

  auto layered = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly,
                             std::vector<std::string>{tmp.File("agency.toml"), tmp.File("client.toml")});
  ASSERT_TRUE(layered.ok()) << layered.status().message();
  const auto& c = layered->classifier;
  EXPECT_TRUE(Has(c.own_brands, "groenhuis")) << "the project file still applies";
  EXPECT_TRUE(Has(c.competitors, "intratuin"));
  EXPECT_TRUE(Has(c.product_terms, "potgrond"));
  EXPECT_NE(c.config_hash, project_only->classifier.config_hash);
  EXPECT_NE(layered->config_source.find("klantreis.toml + " + tmp.File("agency.toml") + " + " + tmp.File("client.toml")),
            std::string::npos)
      << layered->config_source;
  // The same exact query overridden twice: the later layer wins.
  auto classifier = classify::Classifier::Create(c);
  ASSERT_TRUE(classifier.ok());
  EXPECT_EQ((*classifier)->Classify("monstera").stage, Stage::kLoyalty);

  // One --config (the CLI's flag) layers the same way.
  auto one = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, tmp.File("agency.toml"));
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(Has(one->classifier.own_brands, "groenhuis"));
  EXPECT_TRUE(Has(one->classifier.competitors, "intratuin"));

  auto missing = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, tmp.File("nope.toml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.toml: configuration file not found"), std::string::npos);
}

TEST(ProjectConfig, BrandingComesFromTheProjectFileWithTheLogoEmbedded) {
  TempDir tmp;
  ASSERT_TRUE(InitProject(tmp.File("p"), "t", "nl-NL").ok());
  tmp.Write("p/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  tmp.Write("p/klantreis.toml", "[project]\nname = \"t\"\n[branding]\nagency = \"Noord\"\nlogo = \"logo.svg\"\n"
                                "primary_colour = \"#123456\"\n");
  auto p = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, "");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->branding.agency, "Noord");
  EXPECT_EQ(p->branding.logo_mime, "image/svg+xml");
  EXPECT_EQ(p->branding.primary_colour, "#123456");
  tmp.Write("p/klantreis.toml", "[project]\nname = \"t\"\n[branding]\nagency = \"Noord\"\nlogo_file = \"x\"\n");
  auto bad = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, "");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("klantreis.toml: branding.logo_file: unknown key"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace kr::app
