// The analyzer as the shipped classifier configuration sets it up (cue words
// protected, lexicon words as compound parts): what `klantreis analyze` and
// the classifier see.
#include <gtest/gtest.h>

#include "klantreis/classify/analyzer.h"
#include "klantreis/classify/classifier.h"

namespace kr::classify {
namespace {

std::string PartsWithShippedConfig(const std::string& word) {
  auto cfg = LoadClassifierConfig("");
  EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto an = Analyzer::Create(cfg->analyzer);
  EXPECT_TRUE(an.ok()) << an.status().ToString();
  Analysis a;
  (*an)->Analyze(word, &a);
  if (a.tokens.size() != 1) return "tokens:" + std::to_string(a.tokens.size());
  const Token& t = a.tokens[0];
  if (t.flags & kTokProtected) return "protected";
  std::string out;
  for (const auto& p : t.parts) out += (out.empty() ? "" : "+") + p;
  return out.empty() ? "-" : out;
}

TEST(ShippedConfig, ShortCueWordsAreNotCompoundParts) {
  // "en" (of "track en trace") is protected but must not become a tail.
  EXPECT_EQ(PartsWithShippedConfig("hardloopschoenen"), "hardloop+schoenen");
  EXPECT_EQ(PartsWithShippedConfig("retourformulier"), "retour+formulier");
}

TEST(ShippedConfig, CueWordsStayWhole) {
  EXPECT_EQ(PartsWithShippedConfig("uitbesteden"), "-");
  EXPECT_EQ(PartsWithShippedConfig("administratie"), "-");
}

}  // namespace
}  // namespace kr::classify
