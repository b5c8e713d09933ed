// Topic clustering behaviour on small hand-written keyword sets.
#include "klantreis/plan/topics.h"

#include <gtest/gtest.h>

#include <map>

#include "klantreis/plan/terms.h"

namespace kr::plan {
namespace {

struct Kw {
  const char* text;
  Stage stage;
  int64_t volume;
};

std::unique_ptr<Topics> Cluster(const std::vector<Kw>& kws, const PlanConfig& cfg = ShippedPlanConfig()) {
  auto b = TopicBuilder::Create(cfg, classify::AnalyzerOptions{}, Language::kNl);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  for (const auto& k : kws) (*b)->Add({k.text, k.stage, k.volume});
  return (*b)->Build();
}

// keyword text -> topic id
std::map<std::string, uint32_t> Ids(const Topics& t) {
  std::map<std::string, uint32_t> m;
  for (uint32_t i = 0; i < t.keyword_count(); ++i) m[std::string(t.keyword(i))] = t.topic_of(i);
  return m;
}

TEST(TermExtractor, StemsCompoundsAndDropsIntentWordsAndNumbers) {
  auto ex = TermExtractor::Create(ShippedPlanConfig(), classify::AnalyzerOptions{}, Language::kNl);
  ASSERT_TRUE(ex.ok());
  KeywordTerms a, b;
  (*ex)->Extract("fietsaccu kopen 2024", &a);
  (*ex)->Extract("accu's fietsen", &b);
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.terms.size(), 2u);
  (*ex)->Extract("hoe lang duurt opladen?", &a);
  EXPECT_TRUE(a.question);
  ASSERT_EQ(a.terms.size(), 1u);
}

TEST(TermExtractor, SynonymSetsBecomeOneTerm) {
  PlanConfig cfg = ShippedPlanConfig();
  cfg.synonyms = {{"e-bike", "ebike", "elektrische fiets"}};
  auto ex = TermExtractor::Create(cfg, classify::AnalyzerOptions{}, Language::kNl);
  ASSERT_TRUE(ex.ok());
  KeywordTerms a, b;
  (*ex)->Extract("elektrische fiets accu", &a);
  (*ex)->Extract("accu e bike", &b);
  EXPECT_EQ(a.terms, b.terms);
}

TEST(Topics, VariantsShareATopicAndStagesThatNeedOtherPagesStayApart) {
  auto t = Cluster({{"e-bike accu opladen", Stage::kUse, 900},
                    {"ebike accu opladen", Stage::kUse, 300},
                    {"accu e-bike opladen hoe lang", Stage::kUse, 50},
                    {"e-bike accu kopen", Stage::kPurchase, 800},
                    {"e-bike accu kapot", Stage::kUse, 400},
                    {"e-bike accu", Stage::kConcreteNeed, 2000},
                    {"e-bike accu prijs", Stage::kDecision, 200},
                    {"fiets", Stage::kConcreteNeed, 5000},
                    {"fietsen", Stage::kConcreteNeed, 4000},
                    {"beste e-bike", Stage::kConsideration, 700},
                    {"e-bike review", Stage::kConsideration, 100}});
  auto id = Ids(*t);
  EXPECT_EQ(id["e-bike accu opladen"], id["ebike accu opladen"]);
  EXPECT_EQ(id["e-bike accu opladen"], id["accu e-bike opladen hoe lang"]);
  EXPECT_NE(id["e-bike accu opladen"], id["e-bike accu kapot"]);
  EXPECT_NE(id["e-bike accu opladen"], id["e-bike accu kopen"]);
  EXPECT_NE(id["e-bike accu kapot"], id["e-bike accu kopen"]);
  EXPECT_EQ(id["e-bike accu kopen"], id["e-bike accu"]);
  EXPECT_EQ(id["e-bike accu prijs"], id["e-bike accu"]);
  EXPECT_EQ(id["fiets"], id["fietsen"]);
  EXPECT_EQ(id["beste e-bike"], id["e-bike review"]);
  EXPECT_NE(id["beste e-bike"], id["e-bike accu"]);
  // Ids by volume: the biggest head is topic 1.
  EXPECT_EQ(id["fiets"], 1u);
  const auto& top = t->topic(id["e-bike accu"]);
  EXPECT_EQ(t->keyword(top.label), "e-bike accu");
  EXPECT_EQ(top.monthly_volume, 3000);
  EXPECT_EQ(top.stage, Stage::kConcreteNeed);
  const std::string binding = t->BindingTerms(top.label);
  EXPECT_NE(binding.find("accu"), std::string::npos) << binding;
  EXPECT_NE(binding.find("e-bike"), std::string::npos) << binding;
}

}  // namespace
}  // namespace kr::plan

namespace kr::plan {
namespace {

struct SerpKw {
  const char* text;
  Stage stage;
  int64_t volume;
  std::vector<std::string> urls;
};

std::unique_ptr<Topics> ClusterSerps(const std::vector<SerpKw>& kws, const PlanConfig& cfg = ShippedPlanConfig()) {
  auto b = TopicBuilder::Create(cfg, classify::AnalyzerOptions{}, Language::kNl);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  for (const auto& k : kws) {
    KeywordInput in{k.text, k.stage, k.volume};
    in.serp_urls = k.urls;
    (*b)->Add(in);
  }
  return (*b)->Build();
}

TEST(SerpUrlKey, DropsSchemeWwwFragmentAndOneTrailingSlash) {
  EXPECT_EQ(SerpUrlKey("https://www.Domain.COM/"), "domain.com");
  EXPECT_EQ(SerpUrlKey("http://a.nl/p/?x=1#top"), "a.nl/p/?x=1");
  EXPECT_EQ(SerpUrlKey("https://a.nl/Pad/"), "a.nl/Pad");
}

TEST(SerpTopics, SharedResultUrlsJoinAndTooFewKeepApartWhateverTheInputOrder) {
  const std::vector<std::string> base = {"https://a.nl/1", "https://b.nl/2", "https://c.nl/3", "https://d.nl/4"};
  std::vector<SerpKw> kws = {
      {"peppol", Stage::kConcreteNeed, 900, base},
      {"wat is peppol", Stage::kOrientation, 400, {"https://www.a.nl/1/", "http://b.nl/2", "https://c.nl/3#x"}},
      {"peppol factuur", Stage::kConcreteNeed, 300, {"https://a.nl/1", "https://b.nl/2", "https://z.nl"}},
      {"peppol aansluiten", Stage::kConcreteNeed, 200, {}},
  };
  auto t = ClusterSerps(kws);
  auto ids = Ids(*t);
  EXPECT_EQ(ids["peppol"], ids["wat is peppol"]);  // 3 shared URLs: one page, across stage groups
  EXPECT_NE(ids["peppol"], ids["peppol factuur"]);  // 2 shared: apart
  for (uint32_t i = 0; i < t->keyword_count(); ++i) {
    if (t->keyword(i) == "wat is peppol") EXPECT_EQ(t->SerpBinding(i), "a.nl/1 b.nl/2 c.nl/3");
    if (t->keyword(i) == "peppol") EXPECT_EQ(t->SerpBinding(i), "a.nl/1 b.nl/2 c.nl/3");
    if (t->keyword(i) == "peppol factuur") EXPECT_EQ(t->SerpBinding(i), "");
  }
  std::vector<SerpKw> reversed(kws.rbegin(), kws.rend());
  auto t2 = ClusterSerps(reversed);
  EXPECT_EQ(Ids(*t2), ids);
  PlanConfig two = ShippedPlanConfig();
  two.serp_min_shared = 2;
  auto ids2 = Ids(*ClusterSerps(kws, two));
  EXPECT_EQ(ids2["peppol"], ids2["peppol factuur"]);
}

}  // namespace
}  // namespace kr::plan
