// The text a crawled page is classified by, and the page stage it gives:
// title, first h1 and URL path words, each word once.
#include "klantreis/app/site_report.h"

#include <gtest/gtest.h>

#include "klantreis/classify/classifier.h"

namespace kr::app {
namespace {

WebPage Page(const std::string& url, const std::string& title, const std::string& h1) {
  WebPage p;
  p.url = url;
  p.status = 200;
  p.html = true;
  p.title = title;
  if (!h1.empty()) p.h1.push_back(h1);
  return p;
}

TEST(PageStageText, TitleH1AndPathWordsEachWordOnce) {
  EXPECT_EQ(PageStageText(Page("https://groenhuis.example/kamerplanten", "Alle kamerplanten", "Kamerplanten")),
            "Alle kamerplanten");
  EXPECT_EQ(PageStageText(Page("https://groenhuis.example/verzorging/monstera-verpotten.html",
                               "Monstera verpotten: zo doe je dat", "Monstera verpotten")),
            "Monstera verpotten: zo doe je dat verzorging");
  EXPECT_EQ(PageStageText(Page("https://x.example/", "", "")), "");
  EXPECT_EQ(PageStageText(Page("https://x.example/Oriëntatie", "Oriëntatie", "")), "Oriëntatie")
      << "diacritics and case do not make a word new";
}

TEST(PageStageText, ACategoryPageIsNotReadAsASituation) {
  auto cfg = classify::LoadClassifierConfig("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  auto c = classify::Classifier::Create(*cfg);
  ASSERT_TRUE(c.ok());
  auto v = ClassifyPage(**c, Page("https://groenhuis.example/kamerplanten", "Alle kamerplanten", "Kamerplanten"));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->stage, Stage::kConcreteNeed);
}

}  // namespace
}  // namespace kr::app
