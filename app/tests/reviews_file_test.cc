// The text of reviews.tsv and of a fixes file on bad input: every line end,
// a BOM, broken encoding, control characters, a huge line, missing and extra
// columns, a damaged header, duplicates; each refusal names the file and
// the line, and what is written reads back the same.
#include "klantreis/app/reviews_file.h"

#include <gtest/gtest.h>

#include <string>

namespace kr::app {
namespace {

Result<std::vector<Review>> Reviews(std::string_view text) {
  return ParseReviewsText(text, "p/reviews.tsv", ReviewText::kReviewsFile);
}
Result<std::vector<Review>> Fixes(std::string_view text) {
  return ParseReviewsText(text, "fixes.tsv", ReviewText::kFixes);
}

// The error message, or "ok".
std::string Error(const Result<std::vector<Review>>& r) { return r.ok() ? "ok" : r.status().message(); }

TEST(ReviewsText, EveryLineEndAndABomReadTheSameRows) {
  for (std::string_view text : {
           std::string_view("query\tstage\nfiets\tuse\nfiets kopen\tpurchase\n"),
           std::string_view("query\tstage\r\nfiets\tuse\r\nfiets kopen\tpurchase\r\n"),
           std::string_view("query\tstage\rfiets\tuse\rfiets kopen\tpurchase\r"),  // classic Mac: CR only
           std::string_view("\xEF\xBB\xBFquery\tstage\nfiets\tuse\nfiets kopen\tpurchase"),
       }) {
    auto r = Fixes(text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->size(), 2u) << text;
    EXPECT_EQ((*r)[0].query, "fiets");
    EXPECT_EQ((*r)[1].stage, Stage::kPurchase);
  }
  // Two files joined: the second one's BOM is no part of its first query.
  auto joined = Fixes("\xEF\xBB\xBF" "fiets\tuse\n\xEF\xBB\xBF" "kopen\tpurchase\n");
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  ASSERT_EQ(joined->size(), 2u);
  EXPECT_EQ((*joined)[1].query, "kopen");
  // Line numbers count a lone CR as a line end too.
  EXPECT_EQ(Error(Fixes("query\tstage\rfiets\tuse\rfiets\tnope\r")), "fixes.tsv:3: unknown stage \"nope\" (latent_need, "
            "concrete_need, orientation, consideration, decision, purchase, delivery, use, loyalty, advocacy)");
}

TEST(ReviewsText, BrokenEncodingAndControlCharactersNameTheirLine) {
  EXPECT_EQ(Error(Reviews("fiets\tuse\nk\xE9uken\tuse\n")),
            "p/reviews.tsv:2: not valid UTF-8 (byte 2 of the line; save the file as UTF-8)");
  EXPECT_EQ(Error(Reviews("fiets\tuse\n\nfi\x01ts\tuse\n")), "p/reviews.tsv:3: a control character (0x01) at byte 3 of the line");
  EXPECT_EQ(Error(Fixes(std::string_view("fiets\0kopen\tpurchase\n", 21))),
            "fixes.tsv:1: a control character (0x00) at byte 6 of the line");
}

TEST(ReviewsText, AHugeLineIsRefusedWithItsSize) {
  std::string text = "query\tstage\n" + std::string(1100000, 'a') + "\tuse\n";
  EXPECT_EQ(Error(Fixes(text)), "fixes.tsv:2: the query is 1100000 bytes, a review takes at most 4096");
  std::string fits = std::string(kMaxReviewQueryBytes, 'a') + "\tuse\n";
  EXPECT_TRUE(Fixes(fits).ok());
}

TEST(ReviewsText, MissingColumnsAndAnEmptyStageAreSaid) {
  EXPECT_EQ(Error(Fixes("fiets kopen purchase\n")), "fixes.tsv:1: expected QUERY<TAB>STAGE (no tab in \"fiets kopen purchase\")");
  EXPECT_EQ(Error(Reviews("# c\nfiets\n")),
            "p/reviews.tsv:2: expected query<TAB>stage<TAB>author<TAB>date<TAB>previous (no tab in \"fiets\")");
  EXPECT_NE(Error(Reviews("fiets\t\tann\n")).find("p/reviews.tsv:1: no stage ("), std::string::npos);
  EXPECT_EQ(Error(Reviews("\tuse\n")), "p/reviews.tsv:1: the query is empty");
  // Author, date and previous may be absent (a hand-written row) and a header is optional.
  auto r = Reviews("fiets\tuse\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_TRUE((*r)[0].author.empty());
  EXPECT_FALSE((*r)[0].previous.has_value());
}

TEST(ReviewsText, AReviewsFileWithAShiftedRowOrAWrongHeaderIsRefused) {
  EXPECT_EQ(Error(Reviews("fiets\tuse\tann\t2026-12-01\t\tstray\n")),
            "p/reviews.tsv:1: 6 columns, reviews.tsv has 5 (query, stage, author, date, previous): a tab inside a query?");
  EXPECT_TRUE(Reviews("fiets\tuse\tann\t2026-12-01\t\t\t\n").ok()) << "empty trailing cells are no column";
  EXPECT_TRUE(Fixes("fiets\tuse\tann\twhatever\tmore\n").ok()) << "a fixes file ignores further columns";
  EXPECT_EQ(Error(Reviews("query\tstage\tdate\tauthor\nfiets\tuse\t2026-12-01\tann\n")),
            "p/reviews.tsv:1: header column 3 is \"date\", expected query, stage, author, date, previous");
  EXPECT_EQ(Error(Reviews("fiets\tuse\tann\tgisteren\n")), "p/reviews.tsv:1: date \"gisteren\", expected YYYY-MM-DD");
  EXPECT_EQ(Error(Reviews("fiets\tuse\tann\t2026-12-01\tusage\n")), "p/reviews.tsv:1: unknown previous stage \"usage\"");
  EXPECT_NE(Error(Reviews("<<<<<<< HEAD\nfiets\tuse\n")).find("p/reviews.tsv:1: expected query<TAB>stage"),
            std::string::npos);
}

TEST(ReviewsText, TheSameQueryTwiceIsNoGuess) {
  // A hand edit or a merge of two branches: which row holds is not guessed.
  EXPECT_EQ(Error(Reviews("query\tstage\tauthor\tdate\tprevious\nfiets\tuse\tann\t2026-12-01\t\n"
                          "kopen\tpurchase\t\t\t\nFiets \tpurchase\tbob\t2026-12-02\t\n")),
            "p/reviews.tsv:4: \"Fiets\" again (line 2 gives use, this line purchase): one row per query, keep the right one");
  EXPECT_EQ(Error(Reviews("fiets\tuse\nfiets\tuse\n")),
            "p/reviews.tsv:2: \"fiets\" again (also on line 1): one row per query, keep the right one");
  // In a fixes file the same fix twice is harmless, two stages are not.
  auto same = Fixes("fiets\tuse\nFIETS\tgebruiksfase\n");
  ASSERT_TRUE(same.ok()) << same.status().message();
  EXPECT_EQ(same->size(), 2u);
  EXPECT_EQ(Error(Fixes("fiets\tuse\nfiets\tpurchase\n")),
            "fixes.tsv:2: \"fiets\" again (line 1 gives use, this line purchase): one row per query, keep the right one");
  EXPECT_EQ(Error(Fixes("# only a comment\nquery\tstage\n")), "fixes.tsv: no QUERY<TAB>STAGE lines");
}

TEST(ReviewsText, WhatIsWrittenReadsBackTheSame) {
  std::vector<Review> in = {
      {"zomerbanden", Stage::kDecision, "ann", "2026-12-01", Stage::kConcreteNeed},
      {"ketting\tspringt\reraf", Stage::kUse, "b\x01o\nb", "", std::nullopt},  // cells made safe when written
      {"Ölfilter wechseln", Stage::kUse, "", "2026-12-03", Stage::kUse},
  };
  const std::string text = FormatReviewsText(in);
  auto back = Reviews(text);
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[0].query, "ketting springt eraf");
  EXPECT_EQ((*back)[0].author, "b o b");
  EXPECT_EQ((*back)[1].query, "Ölfilter wechseln") << "sorted by the normalised query";
  EXPECT_EQ((*back)[2].previous, Stage::kConcreteNeed);
  EXPECT_EQ(FormatReviewsText(*back), text);
}

TEST(ReviewsText, ASetThatTheFileCouldNotHoldIsRefused) {
  // A query starting with '#' was stored and then read as a comment: the review vanished.
  auto hash = ParseReviewAssignment("#fietsen=use");
  ASSERT_FALSE(hash.ok());
  EXPECT_NE(hash.status().message().find("cannot start with '#'"), std::string::npos) << hash.status().message();
  // Invalid UTF-8 was stored as is and made reviews.tsv unreadable for every later command.
  auto latin1 = ParseReviewAssignment("k\xE9uken=use");
  ASSERT_FALSE(latin1.ok());
  EXPECT_NE(latin1.status().message().find("not valid UTF-8"), std::string::npos);
  EXPECT_FALSE(ParseReviewAssignment(std::string(5000, 'a') + "=use").ok());
  auto ok = ParseReviewAssignment("fiets # 2=use");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->query, "fiets # 2");
  EXPECT_TRUE(IsReviewDate("2026-12-01"));
  EXPECT_FALSE(IsReviewDate("2026-00-01"));
  EXPECT_FALSE(IsReviewDate("2026-1-01"));
}

}  // namespace
}  // namespace kr::app
