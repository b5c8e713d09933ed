// Language tags on short queries: measured on the team's labelled queries
// (../shared/eval/dev.tsv) and a real Flemish Search Console export, plus
// table cases for the rules.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "klantreis/classify/analyzer.h"
#include "klantreis/classify/classifier.h"
#include "klantreis/testutil.h"

namespace kr::classify {
namespace {

bool FileExists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

#define REQUIRE_WORD_LISTS()                                                                          \
  if (!FileExists(AnalyzerOptions{}.dutch_wordlist_path) || !FileExists(AnalyzerOptions{}.english_wordlist_path)) \
  GTEST_SKIP() << "Debian word lists absent (wdutch, wbritish)"

// The analyzer as the classifier builds it: the shipped configuration
// (protected cue words, brands, lexicon parts).
AnalyzerOptions ShippedClassifierOptions() {
  auto c = LoadClassifierConfig("");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? c->analyzer : AnalyzerOptions{};
}

std::unique_ptr<Analyzer> Make(const AnalyzerOptions& o) {
  auto a = Analyzer::Create(o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : nullptr;
}

// RFC 4180 fields of a CSV file (quoted fields may hold commas and newlines).
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string d = ss.str();
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < d.size(); ++i) {
    const char c = d[i];
    if (quoted) {
      if (c == '"' && i + 1 < d.size() && d[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < d.size() && d[i + 1] == '\n') ++i;
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(LangIdTest, AtLeast95PercentRightOnTheDevSet) {
  REQUIRE_WORD_LISTS();
  KR_REQUIRE_SHARED(path, "eval/dev.tsv");
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header: query, lang, stage
  struct Row {
    std::string query, lang;
  };
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    rows.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1)});
  }
  ASSERT_GE(rows.size(), 100u);
  for (const bool shipped : {true, false}) {
    auto an = Make(shipped ? ShippedClassifierOptions() : AnalyzerOptions{});
    Analysis a;
    int right = 0, und = 0;
    std::string wrong;
    for (const Row& r : rows) {
      an->Analyze(r.query, &a);
      const std::string got(LanguageId(a.lang));
      right += got == r.lang;
      und += a.lang == Language::kUnd;
      if (got != r.lang) wrong += "  " + r.query + ": " + got + ", labelled " + r.lang + "\n";
    }
    const double acc = static_cast<double>(right) / rows.size();
    std::printf("dev.tsv (%s): %d/%zu right = %.1f%% (und %d)\n%s",
                shipped ? "shipped classifier configuration" : "AnalyzerOptions{}", right, rows.size(), 100 * acc,
                und, wrong.c_str());
    if (shipped) {
      EXPECT_GE(acc, 0.95);
    }
  }
}

TEST(LangIdTest, TagsTheFlemishSearchConsoleQueriesDutch) {
  REQUIRE_WORD_LISTS();
  KR_REQUIRE_SHARED(path, "data/keyword_exports/gsc_queries_nl_be_zoekopdrachten.csv");
  auto rows = ReadCsv(path);
  ASSERT_GE(rows.size(), 900u);
  ASSERT_EQ(rows[0][0], "Meest uitgevoerde zoekopdrachten");
  AnalyzerOptions o = ShippedClassifierOptions();
  AnalyzerOptions no_prior = o;
  no_prior.langid.use_prior = false;
  auto an = Make(o);
  auto evidence_only = Make(no_prior);
  Analysis a;
  int n = 0, nl = 0, en = 0, nl_evidence = 0, und_evidence = 0;
  std::string not_nl;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].empty() || rows[i][0].empty()) continue;
    ++n;
    an->Analyze(rows[i][0], &a);
    nl += a.lang == Language::kNl;
    en += a.lang == Language::kEn;
    if (a.lang != Language::kNl) not_nl += "  " + rows[i][0] + ": " + std::string(LanguageId(a.lang)) + "\n";
    evidence_only->Analyze(rows[i][0], &a);
    nl_evidence += a.lang == Language::kNl;
    und_evidence += a.lang == Language::kUnd;
  }
  std::printf("GSC nl-BE: %d queries, tagged nl %d (%.1f%%), en %d; without the market prior: nl %d (%.1f%%), und %d\n%s",
              n, nl, 100.0 * nl / n, en, nl_evidence, 100.0 * nl_evidence / n, und_evidence, not_nl.c_str());
  EXPECT_GE(static_cast<double>(nl) / n, 0.97);
  EXPECT_GE(static_cast<double>(nl_evidence) / n, 0.90);
  EXPECT_LE(en, n / 100);
}

TEST(LangIdTest, ShortQueriesTable) {
  REQUIRE_WORD_LISTS();
  auto an = Make(AnalyzerOptions{});
  AnalyzerOptions np;
  np.langid.use_prior = false;
  auto no_prior = Make(np);
  struct Case {
    const char* q;
    const char* lang;           // with the market prior (nl)
    const char* lang_evidence;  // without it
  };
  const Case table[] = {
      {"hoe werkt een warmtepomp", "nl", "nl"},
      {"how does a heat pump work", "en", "en"},
      {"warmtepomp", "nl", "nl"},             // a Dutch compound
      {"tankkaarten", "nl", "nl"},            // inflected compound, not in the list itself
      {"adminstratie", "nl", "und"},          // a typo: spelling hints only
      {"exact be", "nl", "und"},              // "be" is Belgium here
      {"electricity", "en", "en"},            // English list only
      {"laptop", "nl", "und"},                // both languages: no evidence
      {"zalando", "nl", "und"},               // a name
      {"123 456", "und", "und"},              // no words at all
      {"why is my electricity bill so high", "en", "en"},
      {"wat is een creditnota", "nl", "nl"},
      // Long international words only the English list has (species,
      // technical terms) are Dutch too: alone they do not decide.
      {"philodendron", "nl", "und"},
      {"monstera of philodendron", "nl", "und"},  // a Dutch comparison
      {"how to repot a philodendron", "en", "en"},  // English beside it decides
      {"alternatives", "en", "en"},                 // English spelling of its own
      {"mattress", "en", "en"},                     // a short English-only word is English
      // Names in neither list carry no evidence; English words beside them decide.
      {"monstera kobo", "nl", "und"},
      {"watts middle school", "en", "en"},
      {"watts the middle", "en", "en"},
  };
  Analysis a;
  for (const Case& c : table) {
    an->Analyze(c.q, &a);
    EXPECT_EQ(LanguageId(a.lang), c.lang) << c.q << " nl=" << a.nl_score << " en=" << a.en_score;
    no_prior->Analyze(c.q, &a);
    EXPECT_EQ(LanguageId(a.lang), c.lang_evidence) << c.q << " nl=" << a.nl_score << " en=" << a.en_score;
  }
}

TEST(LangIdTest, MixedQueriesAreFlagged) {
  REQUIRE_WORD_LISTS();
  auto an = Make(AnalyzerOptions{});
  Analysis a;
  for (const char* q : {"beste running shoes", "goedkope travel insurance", "review wasmachine kopen the best"}) {
    an->Analyze(q, &a);
    EXPECT_TRUE(a.mixed) << q;
  }
  for (const char* q : {"beste hardloopschoenen", "best running shoes", "laptop kopen"}) {
    an->Analyze(q, &a);
    EXPECT_FALSE(a.mixed) << q;
  }
}

TEST(LangIdTest, BadEvidenceListNamesFileAndLine) {
  AnalyzerOptions o;
  o.dutch_wordlist_path = "";
  o.english_wordlist_path = "";
  testutil::TempDir dir;
  dir.Write("nl.tsv", "# ok\nfiets\t1\nkopen\tveel\n");
  o.langid.nl_words = dir.File("nl.tsv");
  auto a = Analyzer::Create(o);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("nl.tsv line 3"), std::string::npos) << a.status().message();
  EXPECT_NE(a.status().message().find("'veel'"), std::string::npos) << a.status().message();
}

}  // namespace
}  // namespace kr::classify
