// SerpEvidence: SERP features -> classifier evidence, on real pages and on
// hand-built records.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "klantreis/crawler/serp.h"
#include "klantreis/testutil.h"

namespace kr::crawler {
namespace {

const RuleHit* Find(const std::vector<RuleHit>& hits, const std::string& rule) {
  for (const RuleHit& h : hits) {
    if (h.rule == rule) return &h;
  }
  return nullptr;
}

std::vector<RuleHit> EvidenceOf(const std::string& rel) {
  std::string path = testutil::SharedFile("data/serp_html/" + rel);
  auto p = ParseSerp(testutil::ReadAll(path));
  EXPECT_TRUE(p.ok());
  return p.ok() ? SerpEvidence(*p) : std::vector<RuleHit>{};
}

TEST(SerpEvidence, ShoppingPointsToPurchase) {
  KR_REQUIRE_SHARED(p, "data/serp_html/zlurad_serp-parser/google_desktop_dell.html");
  auto hits = EvidenceOf("zlurad_serp-parser/google_desktop_dell.html");
  const RuleHit* h = Find(hits, "serp:shopping");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->stage, Stage::kPurchase);
  EXPECT_GT(h->weight, 0);
  EXPECT_LT(h->weight, 1.0);  // weaker than a cue in the query itself
  ASSERT_EQ(h->tokens.size(), 1u);
  EXPECT_NE(h->tokens[0].find("shopping results"), std::string::npos);
  EXPECT_NE(Find(hits, "serp:paa"), nullptr);
}

TEST(SerpEvidence, SeveralAdsAndLocalPackPointToDecision) {
  KR_REQUIRE_SHARED(p, "data/serp_html/serp-spider_search-engine-google/google_fr_plombier-paris.html");
  auto hits = EvidenceOf("serp-spider_search-engine-google/google_fr_plombier-paris.html");
  const RuleHit* ads = Find(hits, "serp:ads");
  ASSERT_NE(ads, nullptr);
  EXPECT_EQ(ads->stage, Stage::kDecision);
  EXPECT_EQ(ads->tokens[0], "7 ads");
  const RuleHit* local = Find(hits, "serp:local_pack");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->stage, Stage::kDecision);
  // Strongest first.
  for (size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].weight, hits[i].weight);
}

TEST(SerpEvidence, PaaAndFeaturedSnippetPointToOrientation) {
  KR_REQUIRE_SHARED(p, "data/serp_html/zlurad_serp-parser/google_desktop_featured-snippet.html");
  auto hits = EvidenceOf("zlurad_serp-parser/google_desktop_featured-snippet.html");
  const RuleHit* paa = Find(hits, "serp:paa");
  const RuleHit* fs = Find(hits, "serp:featured_snippet");
  ASSERT_NE(paa, nullptr);
  ASSERT_NE(fs, nullptr);
  EXPECT_EQ(paa->stage, Stage::kOrientation);
  EXPECT_EQ(fs->stage, Stage::kOrientation);
  EXPECT_EQ(Find(hits, "serp:ads"), nullptr);
  EXPECT_EQ(Find(hits, "serp:shopping"), nullptr);
}

TEST(SerpEvidence, HowToVideosPointToUse) {
  SerpPage p;
  p.kind = SerpKind::kResults;
  p.videos = {{"How to descale a Senseo coffee machine", "https://www.youtube.com/watch?v=1"},
              {"Senseo ontkalken handleiding", "https://www.youtube.com/watch?v=2"},
              {"Senseo commercial 2004", "https://www.youtube.com/watch?v=3"}};
  auto hits = SerpEvidence(p);
  const RuleHit* h = Find(hits, "serp:howto_videos");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->stage, Stage::kUse);
  EXPECT_EQ(h->tokens[0], "2 how-to videos");

  p.videos = {{"Senseo commercial 2004", "https://www.youtube.com/watch?v=3"}};
  EXPECT_EQ(Find(SerpEvidence(p), "serp:howto_videos"), nullptr);
}

TEST(SerpEvidence, OneAdIsNotEnough) {
  SerpPage p;
  p.kind = SerpKind::kResults;
  p.ads.push_back({1, "top", "Fietsen", "https://a.example/", ""});
  EXPECT_EQ(Find(SerpEvidence(p), "serp:ads"), nullptr);
  p.ads.push_back({2, "top", "Fietsen 2", "https://b.example/", ""});
  EXPECT_NE(Find(SerpEvidence(p), "serp:ads"), nullptr);
}

TEST(SerpEvidence, CaptchaAndUnknownPagesGiveNone) {
  KR_REQUIRE_SHARED(p, "data/serp_html/zlurad_serp-parser/google_desktop_recaptcha.html");
  EXPECT_TRUE(EvidenceOf("zlurad_serp-parser/google_desktop_recaptcha.html").empty());
  SerpPage unknown;
  unknown.paa = {"Wat is een fiets?"};
  EXPECT_TRUE(SerpEvidence(unknown).empty());
}

}  // namespace
}  // namespace kr::crawler
