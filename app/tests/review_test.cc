// Reviewed verdicts: reviews.tsv read and written faithfully, merged by the
// normalised query, applied after every configuration layer (the verdict,
// its trace and the configuration hash change), and parsed with errors that
// name the text or the line.
#include "klantreis/app/review.h"

#include <gtest/gtest.h>

#include "klantreis/classify/classifier.h"
#include "klantreis/testutil.h"

namespace kr::app {
namespace {

using testutil::TempDir;

Review R(const std::string& q, Stage s, const std::string& author = "ann", const std::string& date = "2026-12-01",
         std::optional<Stage> previous = std::nullopt) {
  return Review{q, s, author, date, previous};
}

TEST(Reviews, SaveAndLoadKeepEveryField) {
  TempDir tmp;
  const std::string path = tmp.File("reviews.tsv");
  std::vector<Review> in = {R("tankkaart", Stage::kConcreteNeed, "ann", "2026-12-01", Stage::kConcreteNeed),
                            R("administratie uitbesteden", Stage::kConsideration, "bob", "2026-12-02"),
                            R("ketting\tspringt eraf", Stage::kUse)};
  ASSERT_TRUE(SaveReviews(path, in).ok());
  auto out = LoadReviews(path);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->size(), 3u);
  // Sorted by normalised query; a tab inside a query became a space.
  EXPECT_EQ((*out)[0].query, "administratie uitbesteden");
  EXPECT_EQ((*out)[0].author, "bob");
  EXPECT_FALSE((*out)[0].previous.has_value());
  EXPECT_EQ((*out)[1].query, "ketting springt eraf");
  EXPECT_EQ((*out)[2].stage, Stage::kConcreteNeed);
  EXPECT_EQ((*out)[2].previous, Stage::kConcreteNeed);
  EXPECT_EQ((*out)[2].date, "2026-12-01");
  EXPECT_TRUE(LoadReviews(tmp.File("absent.tsv"))->empty()) << "no file is no reviews";
}

TEST(Reviews, ABadRowNamesFileAndLine) {
  TempDir tmp;
  tmp.Write("r.tsv", "query\tstage\n# a comment\nfiets\tuse\nfiets kopen\n");
  auto r = LoadReviews(tmp.File("r.tsv"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("r.tsv:4:"), std::string::npos) << r.status().message();
  tmp.Write("bad.tsv", "fiets\t\xff\n");
  EXPECT_FALSE(LoadReviews(tmp.File("bad.tsv")).ok()) << "invalid UTF-8 is refused";
}

TEST(Reviews, MergeReplacesTheSameQueryWhateverItsCaseAndSpacing) {
  std::vector<Review> rs = {R("Tankkaart", Stage::kConcreteNeed, "ann", "2026-12-01", Stage::kConcreteNeed)};
  size_t changed = MergeReviews(&rs, {R("  tankkaart ", Stage::kPurchase, "bob", "2026-12-02"), R("fiets", Stage::kUse)});
  EXPECT_EQ(changed, 2u);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].stage, Stage::kPurchase);
  EXPECT_EQ(rs[0].author, "bob");
  EXPECT_EQ(rs[0].previous, Stage::kConcreteNeed) << "the classifier's own verdict is kept from the first review";
  EXPECT_EQ(MergeReviews(&rs, {R("FIETS", Stage::kUse)}), 0u) << "the same stage again changes nothing";
  EXPECT_TRUE(RemoveReview(&rs, "Fiets"));
  EXPECT_FALSE(RemoveReview(&rs, "fiets"));
  EXPECT_EQ(rs.size(), 1u);
}

TEST(Reviews, AnAssignmentSplitsAtTheLastEqualsSignAndTakesIdsOrDutchNames) {
  auto a = ParseReviewAssignment("e=mc2 uitleg=orientation");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->query, "e=mc2 uitleg");
  EXPECT_EQ(a->stage, Stage::kOrientation);
  auto b = ParseReviewAssignment("tankkaart = Concrete Behoefte");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->stage, Stage::kConcreteNeed);
  EXPECT_EQ(ParseReviewAssignment("fiets=latent-need")->stage, Stage::kLatentNeed);
  for (const char* bad : {"fiets", "=use", "fiets=usage", "fiets="}) {
    auto r = ParseReviewAssignment(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

TEST(Reviews, AppliedReviewsDecideTheVerdictSayWhoAndChangeTheConfiguration) {
  auto cfg = classify::LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  const std::string hash = cfg->config_hash;
  auto plain = classify::Classifier::Create(*cfg);
  ASSERT_TRUE(plain.ok());
  ASSERT_NE((*plain)->Classify("vaatwasser laat strepen na").stage, Stage::kAdvocacy);

  ApplyReviews({R("Vaatwasser  laat strepen na", Stage::kAdvocacy, "ann", "2026-12-01")}, &*cfg);
  EXPECT_NE(cfg->config_hash, hash);
  auto reviewed = classify::Classifier::Create(*cfg);
  ASSERT_TRUE(reviewed.ok());
  Classification c = (*reviewed)->Classify("vaatwasser laat strepen na");
  EXPECT_EQ(c.stage, Stage::kAdvocacy);
  EXPECT_EQ(c.confidence, 1.0);
  ASSERT_FALSE(c.rules.empty());
  EXPECT_EQ(c.rules[0].rule, "override reviewed by ann on 2026-12-01");

  auto without = classify::Classifier::Create(WithoutReviews(*cfg, 1));
  ASSERT_TRUE(without.ok());
  EXPECT_EQ((*without)->Classify("vaatwasser laat strepen na").stage, (*plain)->Classify("vaatwasser laat strepen na").stage);
}

TEST(Reviews, TheProjectAppliesItsReviewsAfterEveryLayer) {
  TempDir tmp;
  ASSERT_TRUE(InitProject(tmp.File("p"), "t", "nl-NL").ok());
  tmp.Write("p/klantreis.toml", "[project]\nname = \"t\"\n[classifier.overrides]\n\"monstera\" = \"use\"\n");
  tmp.Write("layer.toml", "[classifier.overrides]\n\"monstera\" = \"loyalty\"\n");
  ASSERT_TRUE(UpdateReviews(tmp.File("p"), [](std::vector<Review>* rs) {
                MergeReviews(rs, {R("monstera", Stage::kConcreteNeed)});
                return Status::Ok();
              }).ok());
  auto p = OpenProject(tmp.File("p"), store::OpenMode::kReadOnly, tmp.File("layer.toml"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->reviews, 1u);
  EXPECT_NE(p->config_source.find("reviews.tsv (1 reviewed)"), std::string::npos) << p->config_source;
  auto c = classify::Classifier::Create(p->classifier);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->Classify("monstera").stage, Stage::kConcreteNeed) << "the review wins over every layer";
  auto base = classify::Classifier::Create(WithoutReviews(p->classifier, p->reviews));
  ASSERT_TRUE(base.ok());
  EXPECT_EQ((*base)->Classify("monstera").stage, Stage::kLoyalty) << "without it, the last layer's override";
  // A failing edit writes nothing.
  Status st = UpdateReviews(tmp.File("p"), [](std::vector<Review>* rs) {
    rs->clear();
    return Status::InvalidArgument("no");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(LoadReviews(ReviewsPath(tmp.File("p")))->size(), 1u);
}

}  // namespace
}  // namespace kr::app
