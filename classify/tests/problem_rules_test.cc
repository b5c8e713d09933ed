// Behaviour of the rules that tell a problem from a solution and a product
// noun from a buying act, found on real English exports (issue 9): questions
// about a condition, conditions with a verb or a word for their course, a
// named remedy before "for", Dutch conditions as nouns, alternatives of a
// named brand, and cue words that are attributes. The queries are made up
// for this test, in other wording than the exports and the labelled sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "klantreis/classify/classifier.h"
#include "../src/lexicon_match.h"

namespace kr::classify {
namespace {

class ProblemRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cfg = LoadClassifierConfig("");
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    auto c = Classifier::Create(*cfg);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    classifier_ = std::move(c).value().release();
  }
  static void TearDownTestSuite() {
    delete classifier_;
    classifier_ = nullptr;
  }
  static std::string Verdict(const std::string& q) {
    Classification r = classifier_->Classify(q);
    std::string trace;
    for (const RuleHit& h : r.rules) trace += h.rule + "; ";
    last_trace_ = trace;
    return std::string(StageId(r.stage));
  }
  static bool Fired(const std::string& q, const std::string& rule) {
    Classification r = classifier_->Classify(q);
    return std::any_of(r.rules.begin(), r.rules.end(), [&](const RuleHit& h) { return h.rule == rule; });
  }
  static Classifier* classifier_;
  static std::string last_trace_;
};
Classifier* ProblemRulesTest::classifier_ = nullptr;
std::string ProblemRulesTest::last_trace_;

TEST_F(ProblemRulesTest, AQuestionAboutAConditionIsTheProblemNotOrientation) {
  for (const char* q : {"how long does a migraine last", "when do hot flashes stop", "hoe lang duurt buikgriep",
                        "how long does back pain usually last"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
  EXPECT_TRUE(Fired("how long does a migraine last", "shape:problem_question"));
  // A question for a definition stays orientation, and so does a question
  // that names a solution.
  EXPECT_EQ(Verdict("what is a migraine"), "orientation") << last_trace_;
  EXPECT_EQ(Verdict("wat is hielspoor"), "orientation") << last_trace_;
  EXPECT_EQ(Verdict("how long does a dishwasher last"), "orientation") << last_trace_;
}

TEST_F(ProblemRulesTest, AConditionWithAVerbOrItsCourseStillHeadsThePhrase) {
  for (const char* q : {"arthritis age", "asthma stages", "psoriasis onset"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
  // A product noun after it names the solution.
  EXPECT_EQ(Verdict("asthma inhaler"), "concrete_need") << last_trace_;
}

TEST_F(ProblemRulesTest, ANamedRemedyBeforeForIsTheSolution) {
  EXPECT_EQ(Verdict("turmeric for arthritis"), "concrete_need") << last_trace_;
  EXPECT_TRUE(Fired("turmeric for arthritis", "wordclass:condition~purpose"));
  // A word for its course is no remedy.
  EXPECT_EQ(Verdict("usual age for arthritis"), "latent_need") << last_trace_;
}

TEST_F(ProblemRulesTest, DutchConditionsNamedAsANounAreProblems) {
  for (const char* q : {"tennisarm", "muisarm", "hielspoor", "buikgriep", "kalknagels", "ingegroeide teennagel"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
  // A remedy for it is a named solution, still.
  EXPECT_EQ(Verdict("brace tegen tennisarm kopen"), "purchase") << last_trace_;
}

TEST_F(ProblemRulesTest, TwoWordHealthStatesAreProblems) {
  for (const char* q : {"weight gain after 40", "brain fog", "mood swings teenager"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
}

TEST_F(ProblemRulesTest, TheLikeOfANamedBrandAsksForAlternatives) {
  EXPECT_EQ(Verdict("design apps like canva"), "consideration") << last_trace_;
  EXPECT_TRUE(Fired("design apps like canva", "pattern:like_brand"));
  EXPECT_FALSE(Fired("it looks like canva", "pattern:like_brand"));
}

TEST_F(ProblemRulesTest, ProductNounsAndAttributesAreNoBuyingOrComparing) {
  // "apps" names the category; "hire" after a noun is the rental service.
  EXPECT_EQ(Verdict("habit tracking apps"), "concrete_need") << last_trace_;
  EXPECT_EQ(Verdict("marquee hire"), "concrete_need") << last_trace_;
  EXPECT_EQ(Verdict("hire a marquee"), "purchase") << last_trace_;
  // A review that is a task, a replacement that is a new product.
  EXPECT_EQ(Verdict("code review tools"), "concrete_need") << last_trace_;
  EXPECT_EQ(Verdict("replacement windows"), "concrete_need") << last_trace_;
  EXPECT_EQ(Verdict("replacement battery for my drill"), "loyalty") << last_trace_;
  // Free is a price, also when it is free online.
  EXPECT_EQ(Verdict("pdf editor free online"), "decision") << last_trace_;
  // An outage of a thing one uses is a fault.
  EXPECT_EQ(Verdict("email server outage"), "use") << last_trace_;
}

TEST_F(ProblemRulesTest, AnEnglishVerbThatOpensATaskIsASituation) {
  for (const char* q : {"paying off the mortgage early", "keeping the garden tidy while abroad",
                        "moving to another city alone"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
  EXPECT_TRUE(Fired("moving to another city alone", "shape:task"));
  // Before a noun a verb form makes a compound, and verbs of wanting name
  // what is wanted: no task.
  for (const char* q : {"design software for teams", "running shoes wide fit", "managed it services london",
                        "need a plumber tonight"}) {
    EXPECT_FALSE(Fired(q, "shape:task")) << q;
  }
}

TEST_F(ProblemRulesTest, APersonDoingOrUndergoingSomethingIsASituation) {
  for (const char* q : {"my son hates homework", "students keep missing deadlines", "we moved to a colder house"}) {
    EXPECT_EQ(Verdict(q), "latent_need") << q << "\n  " << last_trace_;
  }
  // A compound with a person noun, a wanted thing, a product named first.
  for (const char* q : {"baby monitor with camera", "i need a new laptop", "notebooks for teachers organizing lessons"}) {
    EXPECT_FALSE(Fired(q, "shape:situation")) << q;
  }
}

TEST_F(ProblemRulesTest, TwoBrandsJoinedByAPrepositionAreNoList) {
  EXPECT_EQ(Verdict("hoe koppel ik mijn sonos aan spotify"), "use") << last_trace_;
  EXPECT_FALSE(Fired("hoe koppel ik mijn sonos aan spotify", "pattern:brand_list"));
  EXPECT_TRUE(Fired("sonos spotify", "pattern:brand_list"));
  EXPECT_TRUE(Fired("spotify vs deezer", "pattern:brand_list"));
}

TEST_F(ProblemRulesTest, SolvingAProblemOfASubjectIsTheProblemOfAThingUse) {
  EXPECT_EQ(Verdict("mijn kind slaapt slecht hoe oplossen"), "latent_need") << last_trace_;
  EXPECT_EQ(Verdict("printer probleem oplossen"), "use") << last_trace_;
}

TEST(EnglishVerbTable, RowsNeedAWordAndALemma) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(internal::ParseEnglishVerbTsv("# c\nword\tlemma\nkept\tkeep\n", "t.tsv", &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].first, "kept");
  EXPECT_EQ(out[0].second, "en_verb");
  Status bad = internal::ParseEnglishVerbTsv("word\tlemma\nkept\n", "t.tsv", &out);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.ToString().find("t.tsv:2"), std::string::npos) << bad.ToString();
}

}  // namespace
}  // namespace kr::classify
