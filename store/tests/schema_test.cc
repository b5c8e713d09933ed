// The on-disk layout (schema.h): keys sort as documented, values round-trip,
// and damaged or newer values are refused with a clear error, never a crash.
#include "klantreis/store/schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "klantreis/core/text.h"
#include "klantreis/testutil.h"

namespace kr::store::schema {
namespace {

Classification MakeClassification(std::string model) {
  Classification c;
  c.stage = Stage::kDecision;
  c.confidence = 0.8125;
  c.runner_up = Stage::kPurchase;
  c.navigational = true;
  c.lang = Language::kNl;
  c.model_version = std::move(model);
  c.rules.push_back(RuleHit{"cue:nl:kortingscode", Stage::kDecision, 2.5, {"kortingscode"}});
  c.rules.push_back(RuleHit{"brand:coolblue", Stage::kDecision, 0.25, {"coolblue", "nl"}});
  return c;
}

void ExpectSameClassification(const Classification& a, const Classification& b) {
  EXPECT_EQ(a.stage, b.stage);
  EXPECT_EQ(a.confidence, b.confidence);
  EXPECT_EQ(a.runner_up, b.runner_up);
  EXPECT_EQ(a.navigational, b.navigational);
  EXPECT_EQ(a.lang, b.lang);
  EXPECT_EQ(a.model_version, b.model_version);
  ASSERT_EQ(a.rules.size(), b.rules.size());
  for (size_t i = 0; i < a.rules.size(); ++i) {
    EXPECT_EQ(a.rules[i].rule, b.rules[i].rule);
    EXPECT_EQ(a.rules[i].stage, b.rules[i].stage);
    EXPECT_EQ(a.rules[i].weight, b.rules[i].weight);
    EXPECT_EQ(a.rules[i].tokens, b.rules[i].tokens);
  }
}

TEST(SchemaClassValue, RoundTripsEveryField) {
  struct Case {
    const char* name;
    Classification c;
    std::string row_model;
  };
  Classification bare;  // defaults: no runner-up, no rules
  Classification utf8 = MakeClassification("klantreis-10@0011223344556677");
  utf8.rules[0].tokens = {"oriëntatie", "café"};
  utf8.runner_up.reset();
  std::vector<Case> cases = {
      {"model same as run (not repeated)", MakeClassification("m@1"), "m@1"},
      {"model differs from run", MakeClassification("m@2"), "m@1"},
      {"defaults", bare, ""},
      {"utf8 tokens, no runner-up", utf8, "other"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    std::string v;
    AppendClassValue(&v, tc.c, tc.row_model);
    EXPECT_EQ(static_cast<uint8_t>(v[0]), kValueVersion);
    Classification back;
    ASSERT_TRUE(DecodeClassValue(v, tc.row_model, &back).ok());
    ExpectSameClassification(tc.c, back);
  }
}

TEST(SchemaClassValue, ReclassValueCarriesItsRunAndTheVerdict) {
  for (std::string model : {"", "m@9"}) {
    std::string v;
    AppendReclassValue(&v, MakeClassification(model), 0x01000063u);
    uint32_t as_of = 0;
    Classification back;
    ASSERT_TRUE(DecodeReclassValue(v, &as_of, &back).ok());
    EXPECT_EQ(as_of, 0x01000063u);
    ExpectSameClassification(MakeClassification(model), back);
  }
  uint32_t as_of;
  Classification c;
  EXPECT_FALSE(DecodeReclassValue("abc", &as_of, &c).ok());
}

TEST(SchemaClassValue, ModelVersionEqualToTheRunsIsNotRepeated) {
  std::string same, differ;
  AppendClassValue(&same, MakeClassification("a-rather-long-model-version@0123456789abcdef"),
                   "a-rather-long-model-version@0123456789abcdef");
  AppendClassValue(&differ, MakeClassification("a-rather-long-model-version@0123456789abcdef"), "x");
  EXPECT_LT(same.size() + 40, differ.size());
}

TEST(SchemaSourceValue, RoundTripsVolumesMonthsAttrsAndOverrides) {
  SourceRef src;
  src.line = 812;
  src.volume = 2400;
  src.volume_kind = VolumeKind::kPlannerAverage;
  src.monthly = {{"2024-01", 1900}, {"2024-12", 2900}, {"1999-07", 0}, {"Jan 2024", 5}, {"2024-13", 7}};
  src.attrs = {{"cpc", "0,45"}, {"competition", "Hoog"}, {"trend", ""}};
  src.file = "other.csv";
  src.format = "planner";
  std::string v;
  AppendSourceValue(&v, "Kortingscode Coolblue", Language::kNl, src, "kw.csv", "planner");
  std::string display;
  Language lang;
  SourceRef back;
  ASSERT_TRUE(DecodeSourceValue(v, &display, &lang, &back, "kw.csv", "planner").ok());
  EXPECT_EQ(display, "Kortingscode Coolblue");
  EXPECT_EQ(lang, Language::kNl);
  EXPECT_EQ(back.line, 812u);
  EXPECT_EQ(back.volume, 2400);
  EXPECT_EQ(back.volume_kind, VolumeKind::kPlannerAverage);
  EXPECT_EQ(back.monthly, src.monthly);
  EXPECT_EQ(back.attrs, src.attrs);
  EXPECT_EQ(back.file, "other.csv");  // differs from the run: stored
  EXPECT_EQ(back.format, "planner");  // same as the run: taken from it
}

TEST(SchemaSourceValue, NoVolumeAndNegativeFiguresRoundTrip) {
  SourceRef src;
  src.volume_kind = VolumeKind::kNone;
  src.monthly = {{"2023-02", -3}};
  std::string v;
  AppendSourceValue(&v, "x", Language::kUnd, src, "f", "list");
  std::string display;
  Language lang;
  SourceRef back;
  back.volume = 5;
  ASSERT_TRUE(DecodeSourceValue(v, &display, &lang, &back, "f", "list").ok());
  EXPECT_FALSE(back.volume.has_value());
  EXPECT_EQ(back.monthly, src.monthly);
  EXPECT_EQ(back.file, "f");
  EXPECT_EQ(back.format, "list");
}

TEST(SchemaRunValue, RoundTrips) {
  RunValue rv;
  rv.run.file = "/tmp/kw.csv";
  rv.run.file_hash = std::string(64, 'a');
  rv.run.format = "gsc";
  rv.run.encoding = "UTF-16LE";
  rv.run.started_at = 1732370000;
  rv.run.rows_read = 1000;
  rv.run.rows_stored = 998;
  rv.run.rows_rejected = 2;
  rv.run.errors = {{12, "unbalanced quote"}, {40, "volume 'abc' is not a number"}};
  rv.run.model_version = "m@1";
  rv.state = RunState::kCommitted;
  rv.row_model_version = "m@0";
  RunValue back;
  ASSERT_TRUE(DecodeRunValue(EncodeRunValue(rv), &back).ok());
  EXPECT_EQ(back.run.file, rv.run.file);
  EXPECT_EQ(back.run.file_hash, rv.run.file_hash);
  EXPECT_EQ(back.run.format, "gsc");
  EXPECT_EQ(back.run.encoding, "UTF-16LE");
  EXPECT_EQ(back.run.started_at, 1732370000);
  EXPECT_EQ(back.run.rows_read, 1000u);
  EXPECT_EQ(back.run.rows_stored, 998u);
  EXPECT_EQ(back.run.rows_rejected, 2u);
  ASSERT_EQ(back.run.errors.size(), 2u);
  EXPECT_EQ(back.run.errors[1].line, 40u);
  EXPECT_EQ(back.run.errors[1].message, "volume 'abc' is not a number");
  EXPECT_EQ(back.run.model_version, "m@1");
  EXPECT_EQ(back.row_model_version, "m@0");
  EXPECT_TRUE(back.run.committed);
}

TEST(SchemaKeys, RunIdsAreSortableAndParse) {
  EXPECT_EQ(RunId(1), "r000001");
  EXPECT_EQ(RunId(123456), "r123456");
  EXPECT_EQ(ParseRunId("r000042"), 42u);
  EXPECT_EQ(ParseRunId("r0"), std::nullopt);
  EXPECT_EQ(ParseRunId("x000001"), std::nullopt);
  EXPECT_EQ(ParseRunId("r12a"), std::nullopt);
  EXPECT_LT(RunKey(255), RunKey(256));
  EXPECT_LT(RunKey(65535), RunKey(65536));
}

TEST(SchemaKeys, KeywordKeysParseEvenWhenRunNumbersHoldZeroBytes) {
  // Run 99 = 00 00 00 63 ('c'): the parser must not mistake it for a tag.
  for (uint32_t run : {1u, 99u, 0x00630000u, 0xFFFFFFFFu}) {
    for (uint32_t seq : {0u, 0x6300u, 7u}) {
      std::string k;
      AppendSourceKey(&k, "fiets kopen", run, seq);
      KeywordKey kk;
      ASSERT_TRUE(ParseKeywordKey(k, &kk));
      EXPECT_EQ(kk.keyword, "fiets kopen");
      EXPECT_EQ(kk.tag, kSourceTag);
      EXPECT_EQ(kk.run_no, run);
      EXPECT_EQ(kk.seq, seq);
      std::string c;
      AppendClassKey(&c, "fiets kopen", run);
      ASSERT_TRUE(ParseKeywordKey(c, &kk));
      EXPECT_EQ(kk.tag, kClassTag);
      EXPECT_EQ(kk.run_no, run);
    }
  }
  KeywordKey kk;
  EXPECT_FALSE(ParseKeywordKey("kabc", &kk));
  EXPECT_FALSE(ParseKeywordKey(std::string("kabc\0x1234", 10), &kk));
  EXPECT_FALSE(ParseKeywordKey(std::string("k\0c1234", 7), &kk));  // empty keyword
}

TEST(SchemaKeys, OneKeywordsEntriesAreContiguousAndClassificationsComeFirst) {
  // "fiets" is a prefix of "fiets kopen" and of "fietsen": its group must still
  // sort entirely before theirs, so a reader can group by keyword.
  std::vector<std::string> keys;
  for (const char* kw : {"fietsen", "fiets kopen", "fiets"}) {
    for (uint32_t run : {2u, 1u}) {
      std::string s, c;
      AppendSourceKey(&s, kw, run, 3);
      AppendClassKey(&c, kw, run);
      keys.push_back(s);
      keys.push_back(c);
    }
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> order;
  for (const auto& k : keys) {
    KeywordKey kk;
    ASSERT_TRUE(ParseKeywordKey(k, &kk));
    order.push_back(std::string(kk.keyword) + "/" + kk.tag + std::to_string(kk.run_no));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"fiets/c1", "fiets/c2", "fiets/s1", "fiets/s2", "fiets kopen/c1",
                                             "fiets kopen/c2", "fiets kopen/s1", "fiets kopen/s2", "fietsen/c1",
                                             "fietsen/c2", "fietsen/s1", "fietsen/s2"}));
}

TEST(SchemaValues, TruncatedOrNoisyValuesAreCorruptionNotCrashes) {
  SourceRef src;
  src.volume = 10;
  src.volume_kind = VolumeKind::kToolVolume;
  src.monthly = {{"2024-05", 10}};
  src.attrs = {{"kd", "12"}};
  std::string sv;
  AppendSourceValue(&sv, "kw", Language::kEn, src, "f", "semrush");
  std::string cv;
  AppendClassValue(&cv, MakeClassification("m"), "");
  RunValue rv;
  rv.run.errors = {{1, "bad"}};
  std::string runv = EncodeRunValue(rv);
  for (size_t n = 0; n < sv.size(); ++n) {
    std::string d;
    Language l;
    SourceRef s;
    EXPECT_FALSE(DecodeSourceValue(sv.substr(0, n), &d, &l, &s, "", "").ok()) << n;
  }
  for (size_t n = 0; n < cv.size(); ++n) {
    Classification c;
    EXPECT_FALSE(DecodeClassValue(cv.substr(0, n), "", &c).ok()) << n;
  }
  for (size_t n = 0; n < runv.size(); ++n) {
    RunValue r;
    EXPECT_FALSE(DecodeRunValue(runv.substr(0, n), &r).ok()) << n;
  }
  // Random bytes: any outcome but a crash; with the version byte wrong always an error.
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (auto& ch : junk) ch = static_cast<char>(rng());
    std::string d;
    Language l;
    SourceRef s;
    Classification c;
    RunValue r;
    SerpSnapshot snap;
    (void)DecodeSourceValue(junk, &d, &l, &s, "", "");
    (void)DecodeClassValue(junk, "", &c);
    (void)DecodeRunValue(junk, &r);
    (void)DecodeSerpValue(junk, &snap);
  }
}

TEST(SchemaValues, NewerValueVersionIsRefusedWithAClearMessage) {
  std::string cv;
  AppendClassValue(&cv, MakeClassification("m"), "");
  cv[0] = static_cast<char>(kValueVersion + 1);
  Classification c;
  Status st = DecodeClassValue(cv, "", &c);
  EXPECT_EQ(st.code(), Status::Code::kCorruption);
  EXPECT_NE(st.message().find("version 2"), std::string::npos) << st.message();
}

TEST(SchemaMarker, EncodesVersionAndRejectsForeignValues) {
  auto v = DecodeSchemaValue(EncodeSchemaValue(kSchemaVersion));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, kSchemaVersion);
  EXPECT_EQ(*DecodeSchemaValue(EncodeSchemaValue(7)), 7u);
  EXPECT_FALSE(DecodeSchemaValue("hello").ok());
  EXPECT_FALSE(DecodeSchemaValue(std::string("klantreis-store\0", 16)).ok());
}

TEST(SchemaSerpValue, RealSerpPageRoundTripsCompressed) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_featured-snippet.html");
  auto html = ReadFile(path);
  ASSERT_TRUE(html.ok());
  SerpSnapshot snap;
  snap.html = *html;
  snap.parsed_json = R"({"organic":[{"url":"https://example.org"}]})";
  snap.source = path;
  auto v = EncodeSerpValue(snap);
  ASSERT_TRUE(v.ok());
  EXPECT_LT(v->size(), html->size() / 2) << "html is stored compressed";
  EXPECT_EQ(*EncodeSerpValue(snap), *v) << "encoding is deterministic";
  SerpSnapshot back;
  ASSERT_TRUE(DecodeSerpValue(*v, &back).ok());
  EXPECT_EQ(back.html, *html);
  EXPECT_EQ(back.parsed_json, snap.parsed_json);
  EXPECT_EQ(back.source, path);
  std::string damaged = *v;
  damaged[damaged.size() - 5] ^= 0x5A;
  EXPECT_FALSE(DecodeSerpValue(damaged, &back).ok());
}

}  // namespace
}  // namespace kr::store::schema
