// The analyzer chain: table-driven cases (input -> tokens with flags, parts
// and stems), the ASCII fast path checked against ICU, random and invalid
// input, configuration.
#include "klantreis/classify/analyzer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "klantreis/core/text.h"

namespace kr::classify {
namespace {

bool FileExists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

#define REQUIRE_WORD_LISTS()                                                                          \
  if (!FileExists(AnalyzerOptions{}.dutch_wordlist_path) || !FileExists(AnalyzerOptions{}.english_wordlist_path)) \
  GTEST_SKIP() << "Debian word lists absent (wdutch, wbritish)"

std::unique_ptr<Analyzer> Make(const AnalyzerOptions& o) {
  auto a = Analyzer::Create(o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : nullptr;
}

// Options without the Debian word lists: runs the same everywhere.
AnalyzerOptions NoWordLists() {
  AnalyzerOptions o;
  o.dutch_wordlist_path = "";
  o.english_wordlist_path = "";
  return o;
}

// One letter per flag, in a fixed order.
std::string FlagLetters(uint32_t f) {
  std::string s;
  const std::pair<uint32_t, char> letters[] = {
      {kTokWord, 'W'},     {kTokNumber, 'N'}, {kTokQuestion, 'Q'}, {kTokStop, 'S'},
      {kTokProtected, 'P'}, {kTokCompound, 'C'}, {kTokDomain, 'D'}, {kTokSymbol, 'Y'},
      {kTokBrand, 'B'},    {kTokOperator, 'O'}, {kTokUnit, 'U'},
  };
  for (const auto& [bit, c] : letters) {
    if (f & bit) s += c;
  }
  return s;
}

// "norm[/stem][{part+part}]:FLAGS" per token, space-separated.
std::string Render(const Analysis& a) {
  std::string s;
  for (const Token& t : a.tokens) {
    if (!s.empty()) s += ' ';
    s += t.norm;
    if (t.stem != t.norm) s += "/" + t.stem;
    if (!t.parts.empty()) {
      s += "{";
      for (size_t i = 0; i < t.parts.size(); ++i) s += (i ? "+" : "") + t.parts[i];
      s += "}";
    }
    s += ':';
    s += FlagLetters(t.flags);
  }
  return s;
}

struct Case {
  const char* input;
  const char* tokens;
  const char* lang;  // nullptr: not checked
};

void RunTable(Analyzer& an, const std::vector<Case>& table) {
  Analysis a;
  for (const Case& c : table) {
    an.Analyze(c.input, &a);
    EXPECT_EQ(Render(a), c.tokens) << "input: " << c.input;
    if (c.lang) {
      EXPECT_EQ(LanguageId(a.lang), c.lang) << "input: " << c.input;
    }
  }
}

TEST(AnalyzerTest, CreatesWithDefaultOptionsAndRecordsVersions) {
  auto a = Analyzer::Create(AnalyzerOptions{});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const std::string v = a.value()->Version();
  EXPECT_NE(v.find("icu-72"), std::string::npos) << v;
  EXPECT_NE(v.find("snowball-2.2.0 nl,en"), std::string::npos) << v;
  EXPECT_NE(v.find("wordlist nl="), std::string::npos) << v;
  EXPECT_FALSE(ShippedAnalyzerOptions().filters.empty());
}

// Tokens, normalisation, flags and stems that do not need the word lists.
TEST(AnalyzerTest, TokensFlagsAndStemsTable) {
  auto an = Make(NoWordLists());
  RunTable(*an, {
      {"Hoe kan ik fietsen kopen?", "hoe:WQS kan:WS ik:WS fietsen/fiets:W kopen/kop:W ?:Y", "nl"},
      {"how to clean running shoes", "how:WQS to:WS clean:W running/run:W shoes/shoe:W", "en"},
      {"WAT IS EEN CREDITNOTA", "wat:WQS is:W een:WS creditnota:W", "nl"},
      // Apostrophes: the 's is inflection for the stemmer; ’ is '.
      {"auto's kopen", "auto's/auto:W kopen/kop:W", "nl"},
      {"auto’s kopen", "auto's/auto:W kopen/kop:W", "nl"},
      // Hyphens: one token without the hyphen, the pieces as parts.
      {"e-bike", "ebike/ebik{e+bike}:WC", nullptr},
      {"E-Bike accu", "ebike/ebik{e+bike}:WC accu:W", nullptr},
      {"t-shirt", "tshirt{t+shirt}:WC", nullptr},
      {"kmo-facturatie", "kmofacturatie{kmo+facturatie}:WC", nullptr},
      // Numbers with units and dimensions.
      {"laptop 16 inch", "laptop:W 16:N inch:WU", nullptr},
      {"8kg", "8kg{8+kg}:WNU", nullptr},
      {"boxspring 160x200", "boxspring:W 160x200{160+x+200}:WN", nullptr},
      {"2,5 kg", "2,5:N kg:WU", nullptr},
      {"1.5l", "1.5l{1.5+l}:WNU", nullptr},
      {"27\" monitor", "27:N \":Y monitor:W", nullptr},  // inches, not a phrase quote
      {"inch", "inch:W", nullptr},                      // a unit only after a number
      // Domains and URLs.
      {"bol.com retour", "bol.com{bol+com}:WD retour:W", nullptr},
      {"www.coolblue.nl", "www.coolblue.nl{coolblue+nl}:WD", nullptr},
      {"https://www.bol.com/nl/p?x=1 retour", "https://www.bol.com/nl/p?x=1{bol+com}:D retour:W", nullptr},
      // Search operators.
      {"site:bol.com fiets", "site::O bol.com{bol+com}:WD fiets/fiet:W", nullptr},
      {"\"exact online\" -gratis", "\":YO exact:W online/onlin:W \":YO -:YO gratis:W", nullptr},
      {"fiets OR auto", "fiets/fiet:W or:O auto:W", nullptr},
      {"fiets or auto", "fiets/fiet:W or:WS auto:W", nullptr},  // lower-case "or" is a (stop) word
      // Emoji and symbols stay tokens.
      {"😀 fiets 👍🏽", "😀:Y fiets/fiet:W 👍🏽:Y", nullptr},
      {"€50 korting", "€:Y 50:N korting:W", nullptr},
      {"50% korting", "50:N %:Y korting:W", nullptr},
      // NFKC, case folding, diacritics.
      {"Oriëntatie", "orientatie:W", nullptr},
      {"ﬁets", "fiets/fiet:W", nullptr},
      {"Ｋｏｐｅｎ", "kopen/kop:W", nullptr},
  });
}

TEST(AnalyzerTest, OffsetsAreBytesIntoTheInput) {
  auto an = Make(NoWordLists());
  Analysis a;
  const std::string q = "Oriëntatie  e-bike?";
  an->Analyze(q, &a);
  ASSERT_EQ(a.tokens.size(), 3u);
  EXPECT_EQ(a.tokens[0].text, "Oriëntatie");
  EXPECT_EQ(a.tokens[0].begin, 0u);
  EXPECT_EQ(a.tokens[0].end, 11u);  // ë is two bytes
  EXPECT_EQ(a.tokens[1].text, "e-bike");
  EXPECT_EQ(q.substr(a.tokens[1].begin, a.tokens[1].end - a.tokens[1].begin), "e-bike");
  EXPECT_EQ(a.tokens[2].text, "?");
  EXPECT_EQ(a.tokens[2].begin, 19u);
}

// With the Debian word lists: compounds, e-prefix joining, language.
TEST(AnalyzerTest, WordListTable) {
  REQUIRE_WORD_LISTS();
  auto an = Make(AnalyzerOptions{});
  RunTable(*an, {
      {"e-bike accu", "ebike/ebik{e+bike}:WC accu:W", "nl"},
      {"ebike accu", "ebike/ebik{e+bike}:WC accu:W", "nl"},
      {"e bike accu", "ebike/ebik{e+bike}:WC accu:W", "nl"},
      {"vitamine e tabletten", "vitamine/vitamin{vita+mine}:WC e:W tabletten/tablet:W", "nl"},
      {"hardloopschoenen dames", "hardloopschoenen/hardloopschoen{hardloop+schoenen}:WC dames:W", "nl"},
      {"kortingscode zalando", "kortingscode/kortingscod{korting+code}:WC zalando:W", "nl"},
      {"klantenservice bellen", "klantenservice/klantenservic{klant+service}:WC bellen/bell:W", "nl"},
      {"retourformulier", "retourformulier{retour+formulier}:WC", "nl"},
      {"bezorgkosten", "bezorgkosten/bezorgkost{bezorg+kosten}:WC", "nl"},
      {"administratie uitbesteden", "administratie:W uitbesteden/uitbested:W", "nl"},
      {"bestelling", "bestelling/bestell:W", "nl"},
      {"laptop 16 inch", "laptop:W 16:N inch:WU", "nl"},  // no evidence: the market prior
      {"why is my electricity bill so high", "why:WQS is:W my:WS electricity/electr:W bill:W so:WS high:W",
       "en"},
  });
}

TEST(AnalyzerTest, MixedQueryStemsEachWordInItsOwnLanguage) {
  REQUIRE_WORD_LISTS();
  auto an = Make(AnalyzerOptions{});
  Analysis a;
  an->Analyze("beste running shoes", &a);
  EXPECT_TRUE(a.mixed);
  ASSERT_EQ(a.tokens.size(), 3u);
  EXPECT_EQ(a.tokens[0].lang, Language::kNl);
  EXPECT_EQ(a.tokens[0].stem, "best");
  EXPECT_EQ(a.tokens[2].lang, Language::kEn);
  EXPECT_EQ(a.tokens[2].stem, "shoe");
  an->Analyze("beste fiets", &a);
  EXPECT_FALSE(a.mixed);
}

TEST(AnalyzerTest, ProtectedWordsAndBrandsAreMarkedAndNeverStemmedIntoEachOther) {
  AnalyzerOptions o = NoWordLists();
  o.protected_words = {"kopen", "track en trace"};
  o.brands = {"bol", "bol.com", "exact online", "e-bike", "bever"};
  auto an = Make(o);
  RunTable(*an, {
      {"fietsen kopen", "fietsen/fiets:W kopen:WP", nullptr},
      {"bevers", "bevers:W", nullptr},  // Snowball says "bever": a brand, so the word stays
      {"fietsen", "fietsen/fiets:W", nullptr},
      {"bol.com", "bol.com{bol+com}:WPDB", nullptr},
      {"exact online inloggen", "exact:WPB online:WPB inloggen/inlogg:W", nullptr},
      {"exact", "exact:W", nullptr},  // half a brand phrase is no brand
      {"postnl track en trace", "postnl:W track:WP en:WSP trace:WP", nullptr},
      {"e bike", "ebike{e+bike}:WPCB", nullptr},  // joined because the brand list knows it
  });
}

TEST(AnalyzerTest, ForcedLanguageStemsEverythingInIt) {
  AnalyzerOptions o = NoWordLists();
  o.force_lang = Language::kEn;
  auto en = Make(o);
  o.force_lang = Language::kNl;
  auto nl = Make(o);
  Analysis a;
  en->Analyze("fietsen running", &a);
  EXPECT_EQ(a.lang, Language::kEn);
  EXPECT_FALSE(a.mixed);
  EXPECT_EQ(Render(a), "fietsen:W running/run:W");
  nl->Analyze("fietsen running", &a);
  EXPECT_EQ(a.lang, Language::kNl);
  EXPECT_EQ(Render(a), "fietsen/fiets:W running:W");
}

TEST(AnalyzerTest, NoWordsMeansUndetermined) {
  auto an = Make(NoWordLists());
  Analysis a;
  for (const char* q : {"", "   ", "123 456", "?!", "😀"}) {
    an->Analyze(q, &a);
    EXPECT_EQ(a.lang, Language::kUnd) << q;
  }
}

TEST(AnalyzerTest, ReusedAnalysisIsResetBetweenCalls) {
  auto an = Make(NoWordLists());
  Analysis a;
  an->Analyze("kmo-facturatie bol.com 8kg fiets auto wat", &a);
  ASSERT_EQ(a.tokens.size(), 6u);
  an->Analyze("fiets", &a);
  ASSERT_EQ(a.tokens.size(), 1u);
  EXPECT_EQ(Render(a), "fiets/fiet:W");
  an->Analyze("", &a);
  EXPECT_TRUE(a.tokens.empty());
  an->Analyze(std::string_view(), &a);
  EXPECT_TRUE(a.tokens.empty());
}

// The ASCII fast path must give exactly what ICU gives.
TEST(AnalyzerTest, AsciiFastPathMatchesIcuOnRandomAscii) {
  AnalyzerOptions fast = NoWordLists();
  AnalyzerOptions icu = fast;
  icu.ascii_fast_path = false;
  auto a = Make(fast);
  auto b = Make(icu);
  const std::string alphabet = "abcXYZ019_.,;:'-\"?!/ \t\n\r()#@&*|+=~$%e\x01\x7f`^{}[]<>\\";
  std::mt19937 rng(7);
  Analysis x, y;
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 24, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    a->Analyze(s, &x);
    b->Analyze(s, &y);
    ASSERT_EQ(x.tokens.size(), y.tokens.size()) << "[" << s << "]";
    for (size_t k = 0; k < x.tokens.size(); ++k) {
      ASSERT_EQ(x.tokens[k].begin, y.tokens[k].begin) << "[" << s << "]";
      ASSERT_EQ(x.tokens[k].end, y.tokens[k].end) << "[" << s << "]";
      ASSERT_EQ(x.tokens[k].flags, y.tokens[k].flags) << "[" << s << "]";
      ASSERT_EQ(x.tokens[k].norm, y.tokens[k].norm) << "[" << s << "]";
      ASSERT_EQ(x.tokens[k].stem, y.tokens[k].stem) << "[" << s << "]";
      ASSERT_EQ(x.tokens[k].parts, y.tokens[k].parts) << "[" << s << "]";
    }
    ASSERT_EQ(x.lang, y.lang) << "[" << s << "]";
  }
}

TEST(AnalyzerTest, InvalidUtf8IsReplacedNeverACrash) {
  auto an = Make(NoWordLists());
  Analysis a;
  const std::string bad = "fiets\xC3\x28 kopen \xFF\xFE \xE2\x82";
  an->Analyze(bad, &a);
  ASSERT_FALSE(a.tokens.empty());
  EXPECT_EQ(a.tokens[0].norm, "fiets");
  bool replaced = false;
  for (const Token& t : a.tokens) {
    EXPECT_EQ(FindInvalidUtf8(t.text), std::string::npos);
    EXPECT_EQ(FindInvalidUtf8(t.norm), std::string::npos);
    replaced |= t.text.find("\xEF\xBF\xBD") != std::string::npos;
  }
  EXPECT_TRUE(replaced);
}

TEST(AnalyzerTest, RandomBytesKeepOffsetsInRangeAndIncreasing) {
  auto an = Make(AnalyzerOptions{});  // with the word lists when present: compounds on junk too
  std::mt19937 rng(42);
  Analysis a;
  const std::string pieces[] = {"e-", "-", "bike", "'s", "é", "\xCC\x81", "😀", "\xF0\x9F", "site:", "\"",
                                "kortings", "code", "16", "kg", ".com", " ", "\xFF", std::string(1, '\0')};
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    if (i % 2) {
      s.resize(rng() % 64);
      for (char& c : s) c = static_cast<char>(rng() % 256);
    } else {
      for (int k = rng() % 12; k > 0; --k) s += pieces[rng() % std::size(pieces)];
    }
    an->Analyze(s, &a);
    uint32_t prev = 0;
    for (const Token& t : a.tokens) {
      ASSERT_GE(t.begin, prev) << i;
      ASSERT_LT(t.begin, t.end) << i;
      ASSERT_LE(t.end, s.size()) << i;
      ASSERT_EQ(FindInvalidUtf8(t.text), std::string::npos) << i;
      ASSERT_EQ(FindInvalidUtf8(t.norm), std::string::npos) << i;
      prev = t.end;
    }
  }
  // A long text (page text) is fine too.
  std::string page;
  for (int i = 0; i < 20000; ++i) page += "klantenservice bellen 😀 e-bike ";
  an->Analyze(page, &a);
  EXPECT_EQ(a.tokens.size(), 80000u);
  EXPECT_EQ(a.tokens.back().end, page.size() - 1);
}

TEST(AnalyzerTest, DescribeNamesTheChainAndDegradesWithoutWordLists) {
  auto an = Make(NoWordLists());
  const std::string d = an->Describe();
  for (const char* f : {"icu-word", "normalize", "join", "flags", "protect", "compounds", "langid", "stem",
                        "snowball 2.2.0"}) {
    EXPECT_NE(d.find(f), std::string::npos) << f << "\n" << d;
  }
  EXPECT_NE(d.find("none configured"), std::string::npos) << d;
  AnalyzerOptions missing;
  missing.dutch_wordlist_path = "/nonexistent/nederlands";
  auto m = Make(missing);
  EXPECT_NE(m->Describe().find("MISSING: /nonexistent/nederlands"), std::string::npos) << m->Describe();
}

TEST(AnalyzerTest, FilterChainIsConfigurable) {
  AnalyzerOptions o = NoWordLists();
  o.filters = {"normalize", "flags"};
  auto an = Make(o);
  Analysis a;
  an->Analyze("Fietsen kopen e-bike", &a);
  EXPECT_EQ(Render(a), "fietsen:W kopen:W e:W -:Y bike:W");
  EXPECT_EQ(a.lang, Language::kUnd);
  EXPECT_NE(an->Describe().find("(off)      stem"), std::string::npos) << an->Describe();

  o.filters = {"normalize", "stemmer"};
  auto bad = Analyzer::Create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_NE(bad.status().message().find("unknown filter 'stemmer'"), std::string::npos) << bad.status().message();

  o.filters = {"normalize", "stem", "langid"};
  auto order = Analyzer::Create(o);
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("out of order"), std::string::npos) << order.status().message();

  o.filters = {"stem"};
  EXPECT_FALSE(Analyzer::Create(o).ok());
}

TEST(AnalyzerTest, TomlSettingsApplyAndBadKeysNameTheKey) {
  AnalyzerOptions o;
  Status st = ApplyAnalyzerToml(
      "[analyzer]\nfilters = [\"normalize\", \"stem\"]\nascii_fast_path = false\nbrands = [\"acme\"]\n"
      "[analyzer.compounds]\nmin_part = 5\n[analyzer.langid]\nprior = \"en\"\n",
      "p.toml", &o);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(o.filters, (std::vector<std::string>{"normalize", "stem"}));
  EXPECT_FALSE(o.ascii_fast_path);
  EXPECT_EQ(o.brands, std::vector<std::string>{"acme"});
  EXPECT_EQ(o.compounds.min_part, 5);
  EXPECT_EQ(o.langid.prior, Language::kEn);

  const std::pair<const char*, const char*> bad[] = {
      {"[analyzer]\nfilter = []\n", "analyzer.filter: unknown key"},
      {"[analyzer]\nascii_fast_path = 1\n", "analyzer.ascii_fast_path"},
      {"[analyzer.compounds]\nmin_part = 0\n", "analyzer.compounds.min_part"},
      {"[analyzer.langid]\nprior = \"fr\"\n", "analyzer.langid.prior"},
      {"[analyzer\n", "p.toml line 1"},
  };
  for (const auto& [text, want] : bad) {
    AnalyzerOptions x;
    Status e = ApplyAnalyzerToml(text, "p.toml", &x);
    ASSERT_FALSE(e.ok()) << text;
    EXPECT_TRUE(e.IsInvalidArgument()) << text;
    EXPECT_NE(e.message().find(want), std::string::npos) << e.message();
    EXPECT_EQ(e.message().rfind("p.toml", 0), 0u) << e.message();
  }
}

TEST(AnalyzerTest, MissingLanguageListIsAnError) {
  AnalyzerOptions o = NoWordLists();
  o.langid.nl_words = "/nonexistent/nl.tsv";
  auto a = Analyzer::Create(o);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("/nonexistent/nl.tsv"), std::string::npos) << a.status().message();
}

TEST(AnalyzerTest, TokenFlagNamesAreReadable) {
  EXPECT_EQ(TokenFlagNames(kTokWord | kTokQuestion | kTokStop), "word|question|stop");
  EXPECT_EQ(TokenFlagNames(0), "");
}

TEST(NormalizeKeywordTest, FoldsCaseKeepsDiacriticsCollapsesSpace) {
  const std::pair<const char*, const char*> table[] = {
      {"  Oriëntatie   Fase \t", "oriëntatie fase"},
      {"CAFÉ", "café"},
      {"e\xCC\x81", "é"},                // combining accent composed (NFC)
      {"ﬁets\xC2\xA0kopen", "fiets kopen"},  // ligature, no-break space
      {"Straße", "strasse"},
      {"", ""},
  };
  for (const auto& [in, want] : table) EXPECT_EQ(NormalizeKeyword(in), want) << in;
}

TEST(NormalizeKeywordTest, FoldForMatchRemovesDiacritics) {
  const std::pair<const char*, const char*> table[] = {
      {"Oriëntatie", "orientatie"}, {"CAFÉ", "cafe"}, {"e\xCC\x81", "e"}, {"auto’s", "auto's"},
      {"Ｋｏｐｅｎ", "kopen"},      {"Ĳs", "ijs"},    {"ÆØÅ", "æøa"},
  };
  for (const auto& [in, want] : table) EXPECT_EQ(FoldForMatch(in), want) << in;
}

}  // namespace
}  // namespace kr::classify
