#include "klantreis/core/text.h"

#include <gtest/gtest.h>

#include "klantreis/core/stage.h"

namespace kr {
namespace {

TEST(CsvField, NeutralisesFormulaCells) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+31 20"), "'+31 20");
  EXPECT_EQ(CsvField("@sum"), "'@sum");
  EXPECT_EQ(CsvField("@home fitness"), "'@home fitness");
  EXPECT_EQ(CsvField("-50% korting"), "'-50% korting");
  EXPECT_EQ(CsvField("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
}

TEST(CsvField, LeavesPlainNumbersAndOrdinaryTextAlone) {
  EXPECT_EQ(CsvField("-5"), "-5");
  EXPECT_EQ(CsvField("+3,5"), "\"+3,5\"");  // quoted for the comma, not neutralised
  EXPECT_EQ(CsvField("-50%"), "-50%");
  EXPECT_EQ(CsvField("fiets -50%"), "fiets -50%");
  EXPECT_EQ(CsvField("e-bike"), "e-bike");
  EXPECT_EQ(CsvField("1+1 gratis"), "1+1 gratis");
  EXPECT_FALSE(IsFormulaLike(""));
  EXPECT_FALSE(IsFormulaLike("-"));
  EXPECT_TRUE(IsFormulaLike("--"));
}

TEST(HtmlEscape, EscapesMarkup) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script>&"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
}

TEST(Utf8, FindsAndReplacesInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("oriëntatie"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xC3"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);  // surrogate
  EXPECT_EQ(SanitizeUtf8("a\xFFz"), "a\xEF\xBF\xBDz");
}

TEST(Stage, IdsRoundTripAndProject) {
  for (Stage s : kAllStages) EXPECT_EQ(StageFromId(StageId(s)), s);
  EXPECT_EQ(FunnelOf(Stage::kPurchase), Funnel::kSales);
  EXPECT_EQ(FunnelOf(Stage::kDelivery), Funnel::kService);
  EXPECT_EQ(IntentOf(Stage::kConcreteNeed, false), Intent::kCommercial);
  EXPECT_EQ(IntentOf(Stage::kLoyalty, true), Intent::kNavigational);
  EXPECT_EQ(Stage5Of(Stage::kOrientation), Stage5::kConsideration);
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace kr
