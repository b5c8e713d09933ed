#include "klantreis/classify/analyzer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace kr::classify {
namespace {

std::unique_ptr<Analyzer> MakeAnalyzer(AnalyzerOptions o = {}) {
  auto a = Analyzer::Create(o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return std::move(a).value();
}

std::string Norms(const Analysis& a) {
  std::string s;
  for (const Token& t : a.tokens) {
    if (!s.empty()) s += ' ';
    s += t.norm;
  }
  return s;
}

TEST(AnalyzerTest, CreatesWithDefaultOptions) {
  auto a = Analyzer::Create(AnalyzerOptions{});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a.value()->Version().find("icu-"), std::string::npos);
  EXPECT_NE(a.value()->Version().find("snowball-2.2.0"), std::string::npos);
}

TEST(AnalyzerTest, NormalisesCaseAndDiacritics) {
  auto an = MakeAnalyzer();
  Analysis a;
  an->Analyze("Oriëntatie CAFÉ ﬁets", &a);
  EXPECT_EQ(Norms(a), "orientatie cafe fiets");
  ASSERT_EQ(a.tokens.size(), 3u);
  EXPECT_EQ(a.tokens[0].text, "Oriëntatie");
  EXPECT_EQ(a.tokens[0].begin, 0u);
  EXPECT_EQ(a.tokens[0].end, 11u);  // ë is two bytes
}

TEST(AnalyzerTest, QuestionMarkIsASymbolTokenAndQuestionWordsAreFlagged) {
  auto an = MakeAnalyzer();
  Analysis a;
  an->Analyze("Hoe kan ik fietsen kopen?", &a);
  ASSERT_EQ(a.tokens.size(), 6u);
  EXPECT_TRUE(a.tokens[0].flags & kTokQuestion);
  EXPECT_TRUE(a.tokens[0].flags & kTokWord);
  EXPECT_EQ(a.tokens[5].norm, "?");
  EXPECT_TRUE(a.tokens[5].flags & kTokSymbol);
  EXPECT_FALSE(a.tokens[5].flags & kTokWord);
}

TEST(AnalyzerTest, NumbersAreFlagged) {
  auto an = MakeAnalyzer();
  Analysis a;
  an->Analyze("laptop 16 inch 8kg", &a);
  ASSERT_EQ(a.tokens.size(), 4u);
  EXPECT_TRUE(a.tokens[1].flags & kTokNumber);
  EXPECT_FALSE(a.tokens[2].flags & kTokNumber);
  EXPECT_TRUE(a.tokens[3].flags & kTokNumber);
}

TEST(AnalyzerTest, InvalidUtf8IsReplacedNeverACrash) {
  auto an = MakeAnalyzer();
  Analysis a;
  std::string bad = "fiets\xC3\x28 kopen \xFF\xFE";
  an->Analyze(bad, &a);
  ASSERT_FALSE(a.tokens.empty());
  for (const Token& t : a.tokens) {
    EXPECT_LE(t.end, bad.size());
    EXPECT_LT(t.begin, t.end);
  }
}

TEST(AnalyzerTest, RandomBytesKeepOffsetsInRangeAndIncreasing) {
  auto an = MakeAnalyzer();
  std::mt19937 rng(42);
  Analysis a;
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    an->Analyze(s, &a);
    uint32_t prev = 0;
    for (const Token& t : a.tokens) {
      ASSERT_GE(t.begin, prev);
      ASSERT_LT(t.begin, t.end);
      ASSERT_LE(t.end, s.size());
      prev = t.end;
    }
  }
}

TEST(NormalizeKeywordTest, KeepsDiacriticsCollapsesSpace) {
  EXPECT_EQ(NormalizeKeyword("  Oriëntatie   Fase \t"), "oriëntatie fase");
  EXPECT_EQ(FoldForMatch("Oriëntatie"), "orientatie");
}

}  // namespace
}  // namespace kr::classify
