// The import pipeline over a real project: read, normalise, classify, store.
#include "klantreis/app/pipeline.h"

#include <gtest/gtest.h>

#include "klantreis/app/report_builder.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::TempDir;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitProject(tmp_.File("p"), "t", "nl-NL").ok());
    auto p = OpenProject(tmp_.File("p"), store::OpenMode::kReadWrite, "");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_ = std::move(p).value();
  }
  TempDir tmp_;
  Project project_;
};

TEST_F(PipelineTest, ImportStoresOneKeywordPerNormalisedFormWithEverySource) {
  tmp_.Write("a.csv", "keyword,volume\nHardloopschoenen Kopen,100\nhardloopschoenen  kopen,90\n");
  auto r = ImportFile(project_, tmp_.File("a.csv"), {}, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->run.rows_stored, 2u);
  auto n = project_.store->CountKeywords();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1u);
  auto k = project_.store->GetKeyword("hardloopschoenen kopen");
  ASSERT_TRUE(k.ok() && k->has_value());
  EXPECT_EQ((*k)->sources.size(), 2u);
  ASSERT_TRUE((*k)->classification.has_value());
  EXPECT_EQ((*k)->classification->stage, Stage::kPurchase);
  EXPECT_EQ((*k)->classification->model_version, project_.classifier.Version());
}

TEST_F(PipelineTest, ReimportOfTheSameBytesIsANoOp) {
  tmp_.Write("a.txt", "fiets kopen\n");
  ASSERT_TRUE(ImportFile(project_, tmp_.File("a.txt"), {}, false).ok());
  auto again = ImportFile(project_, tmp_.File("a.txt"), {}, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_imported);
  auto runs = project_.store->ListImports();
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->size(), 1u);
}

TEST_F(PipelineTest, StrictImportLeavesNothingBehind) {
  tmp_.Write("bad.csv", "keyword,volume\ngoed,10\nslecht,veel\n");
  auto r = ImportFile(project_, tmp_.File("bad.csv"), {}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad.csv:3"), std::string::npos) << r.status().ToString();
  EXPECT_EQ(*project_.store->CountKeywords(), 0u);
  EXPECT_TRUE(project_.store->ListImports()->empty());
}

TEST_F(PipelineTest, ImportRowsStoresSuggestionsWithEvidenceInTheTrace) {
  std::vector<SourceRow> rows(2);
  rows[0].keyword = "monstera verpotten";
  rows[1].keyword = "monstera";
  std::vector<std::vector<RuleHit>> evidence(2);
  evidence[1].push_back(RuleHit{"serp:shopping", Stage::kDecision, 1.0, {"monstera"}});
  auto run = ImportRows(project_, "serp", "test.html", rows, &evidence);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->rows_stored, 2u);
  auto k = project_.store->GetKeyword("monstera");
  ASSERT_TRUE(k.ok() && k->has_value());
  bool found = false;
  for (const auto& h : (*k)->classification->rules) found |= h.rule == "serp:shopping";
  EXPECT_TRUE(found) << "SERP evidence shows in the stored trace";
}

TEST_F(PipelineTest, ReportCoversAllStagesAndSharesSumToOne) {
  tmp_.Write("a.csv", "keyword,volume\nfiets kopen,300\nwat is een e-bike,100\n");
  ASSERT_TRUE(ImportFile(project_, tmp_.File("a.csv"), {}, false).ok());
  auto data = BuildReport(project_);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->stages.size(), 10u);
  double share = 0;
  for (const auto& s : data->stages) share += s.volume_share;
  EXPECT_NEAR(share, 1.0, 1e-9);
  EXPECT_EQ(data->stages[StageIndex(Stage::kPurchase)].monthly_volume, 300);
  EXPECT_EQ(data->meta.model_version, project_.classifier.Version());
}

}  // namespace
}  // namespace kr::app
