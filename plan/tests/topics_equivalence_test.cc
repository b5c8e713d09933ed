// The topic pass against a plain reference: the clustering of docs/plan.md
// written the simplest way (every listed head scored in full, lists kept
// whole and read up to max_candidates), on generated keyword sets (many
// identical term sets, common head terms, split words, several stage
// groups) and on the real Flemish Search Console and Ahrefs exports. The
// TopicBuilder's shortcuts (exact term sets, capped lists, the signature
// bound) must give the same topic for every keyword, under several settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <span>

#include "klantreis/plan/terms.h"
#include "klantreis/plan/topics.h"
#include "klantreis/testutil.h"

namespace kr::plan {
namespace {

struct Kw {
  std::string text;
  Stage stage;
  int64_t volume;
};

// Topic index + 1 per keyword (input order), the docs/plan.md way.
std::vector<uint32_t> Reference(const std::vector<Kw>& kws, const PlanConfig& cfg) {
  auto ex = TermExtractor::Create(cfg, classify::AnalyzerOptions{}, Language::kNl);
  EXPECT_TRUE(ex.ok());
  std::map<std::string, uint32_t> ids;
  std::vector<std::vector<uint32_t>> terms(kws.size());
  KeywordTerms kt;
  for (size_t i = 0; i < kws.size(); ++i) {
    (*ex)->Extract(kws[i].text, &kt);
    for (const auto& term : kt.terms) terms[i].push_back(ids.try_emplace(term, ids.size()).first->second);
    std::sort(terms[i].begin(), terms[i].end());
  }
  std::vector<bool> split(ids.size(), false);
  for (const auto& w : cfg.split_words) {
    (*ex)->Extract(w, &kt);
    for (const auto& term : kt.terms) {
      if (auto it = ids.find(term); it != ids.end()) split[it->second] = true;
    }
  }
  const size_t n = kws.size();
  std::vector<double> weight(ids.size());
  std::vector<uint32_t> df(ids.size(), 0);
  for (const auto& ts : terms) {
    for (uint32_t id : ts) ++df[id];
  }
  for (size_t i = 0; i < weight.size(); ++i) weight[i] = std::log(1.0 + static_cast<double>(n) / df[i]);
  std::array<uint32_t, kNumStages> group{};
  for (int s = 0; s < kNumStages; ++s) group[s] = 100 + s;
  for (size_t g = 0; g < cfg.stage_groups.size(); ++g) {
    for (Stage s : cfg.stage_groups[g]) group[StageIndex(s)] = static_cast<uint32_t>(g);
  }
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (kws[a].volume != kws[b].volume) return kws[a].volume > kws[b].volume;
    return kws[a].text < kws[b].text;
  });
  const double theta = cfg.min_similarity;
  auto prefix = [&](const std::vector<uint32_t>& ts) {
    std::vector<uint32_t> s = ts;
    std::sort(s.begin(), s.end(), [&](uint32_t a, uint32_t b) {
      return weight[a] != weight[b] ? weight[a] > weight[b] : a < b;
    });
    double total = 0;
    for (uint32_t id : ts) total += weight[id];
    std::vector<uint32_t> pre;
    double rest = total;
    for (uint32_t id : s) {
      if (rest < theta * total - 1e-12) break;
      pre.push_back(id);
      rest -= weight[id];
    }
    return pre;
  };
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> lists;  // (group, term) -> topics
  std::vector<uint32_t> head;                                            // topic -> keyword
  std::vector<uint32_t> topic(n, 0);
  for (uint32_t i : order) {
    const auto& a = terms[i];
    const uint32_t g = group[StageIndex(kws[i].stage)];
    int64_t best = -1;
    double best_sim = 0;
    std::vector<bool> seen(head.size(), false);
    const auto pre = a.empty() ? std::vector<uint32_t>{} : prefix(a);
    for (uint32_t term : pre) {
      auto it = lists.find({g, term});
      if (it == lists.end()) continue;
      for (size_t c = 0; c < it->second.size() && c < cfg.max_candidates; ++c) {
        const uint32_t tp = it->second[c];
        if (seen[tp]) continue;
        seen[tp] = true;
        const auto& h = terms[head[tp]];
        double inter = 0, only_a = 0, only_h = 0;
        bool sp = false;
        for (uint32_t id : a) {
          if (std::binary_search(h.begin(), h.end(), id)) {
            inter += weight[id];
          } else {
            only_a += weight[id], sp = sp || split[id];
          }
        }
        for (uint32_t id : h) {
          if (!std::binary_search(a.begin(), a.end(), id)) only_h += weight[id], sp = sp || split[id];
        }
        if (sp) continue;
        const double uni = inter + only_a + only_h;
        const double sim = inter / uni;
        if (sim < theta - 1e-12) continue;
        if (only_a > 0 && only_h > 0 && std::min(only_a, only_h) >= cfg.conflict_share * uni) continue;
        if (sim > best_sim + 1e-12 || (std::abs(sim - best_sim) <= 1e-12 && tp < best)) best_sim = sim, best = tp;
      }
    }
    if (best < 0) {
      best = static_cast<int64_t>(head.size());
      head.push_back(i);
      for (uint32_t term : pre) lists[{g, term}].push_back(static_cast<uint32_t>(best));
    }
    topic[i] = static_cast<uint32_t>(best) + 1;
  }
  return topic;
}

void ExpectSameAsReference(const std::vector<Kw>& kws, const PlanConfig& cfg, const std::string& what) {
  auto b = TopicBuilder::Create(cfg, classify::AnalyzerOptions{}, Language::kNl);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (const auto& k : kws) (*b)->Add({k.text, k.stage, k.volume});
  auto t = (*b)->Build();
  const auto ref = Reference(kws, cfg);
  ASSERT_EQ(t->keyword_count(), kws.size());
  size_t multi = 0;
  for (const auto& tp : t->topics()) multi += tp.count > 1;
  EXPECT_GT(multi, 10u) << what << ": too few topics with members to prove anything";
  size_t wrong = 0;
  for (uint32_t i = 0; i < kws.size(); ++i) {
    if (t->topic_of(i) == ref[i]) continue;
    if (++wrong <= 5) {
      ADD_FAILURE() << what << ": \"" << kws[i].text << "\" in topic " << t->topic_of(i) << ", reference "
                    << ref[i];
    }
  }
  EXPECT_EQ(wrong, 0u) << what << ": of " << kws.size() << " keywords";
}

std::vector<PlanConfig> Settings() {
  std::vector<PlanConfig> out;
  out.push_back(ShippedPlanConfig());
  PlanConfig few = ShippedPlanConfig();
  few.max_candidates = 3;  // lists cut short: heads beyond are never candidates
  out.push_back(few);
  PlanConfig loose = ShippedPlanConfig();
  loose.min_similarity = 0.25;
  loose.conflict_share = 0.1;
  loose.split_words.push_back("tweedehands");
  out.push_back(loose);
  PlanConfig strict = ShippedPlanConfig();
  strict.min_similarity = 0.8;
  strict.max_candidates = 40;
  strict.stage_groups = {};
  out.push_back(strict);
  return out;
}

std::vector<Kw> Generated(size_t n, uint32_t seed) {
  const std::vector<std::string> heads = {"fiets", "e-bike", "accu", "fietsaccu", "wasmachine", "droger",
                                          "koffiezetapparaat", "laptop", "matras", "boxspring", "warmtepomp",
                                          "zonnepanelen", "airfryer", "stofzuiger", "robotstofzuiger", "tent"};
  const std::vector<std::string> words = {
      "opladen", "kapot", "defect", "handleiding", "onderdelen", "reparatie", "vervangen", "lader", "slot",
      "bosch", "gazelle", "sparta", "miele", "samsung", "amsterdam", "gent", "kinderen", "dames", "heren",
      "zwart", "accu's", "fietsen", "batterij", "elektrische", "tweedehands", "gratis", "huren", "lease",
      "installeren", "aansluiten", "geluid", "lekt", "filter", "ontkalken", "garantie", "zakelijk"};
  const std::vector<std::string> intent = {"kopen", "beste", "prijs", "goedkope", "review", "hoe", "wat is",
                                           "2024", "16", "tips", "vergelijken", ""};
  const Stage stages[] = {Stage::kConcreteNeed, Stage::kDecision, Stage::kPurchase, Stage::kUse,
                          Stage::kLoyalty,      Stage::kOrientation};
  std::mt19937 rng(seed);
  auto pick = [&](size_t m) { return static_cast<size_t>(rng() % m); };
  std::map<std::string, bool> seen;
  std::vector<Kw> out;
  while (out.size() < n) {
    std::string text = heads[pick(heads.size())];
    const size_t extra = pick(4);
    for (size_t e = 0; e < extra; ++e) text += " " + words[pick(std::min(words.size(), 6 + out.size() / 50))];
    const std::string& mod = intent[pick(intent.size())];
    if (!mod.empty()) text = pick(2) ? mod + " " + text : text + " " + mod;
    if (!seen.emplace(text, true).second) continue;
    // Zipf-like volumes with many ties (ties are broken by text).
    const int64_t volume = static_cast<int64_t>(10 * (1 + pick(30)) * (pick(8) == 0 ? 100 : 1)) - (pick(20) == 0 ? 10 : 0);
    out.push_back({text, stages[pick(std::size(stages))], volume});
  }
  return out;
}

TEST(TopicsEquivalence, GeneratedKeywordSetsClusterAsTheReferenceUnderEverySetting) {
  const auto kws = Generated(3000, 7);
  int s = 0;
  for (const auto& cfg : Settings()) ExpectSameAsReference(kws, cfg, "generated, setting " + std::to_string(s++));
}

// The first column of interest of a real export (CSV with quotes).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::vector<Kw> FromExport(const std::string& path, size_t keyword_col, size_t volume_col) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::string line;
  std::getline(in, line);  // header
  const Stage stages[] = {Stage::kConcreteNeed, Stage::kDecision, Stage::kOrientation, Stage::kUse,
                          Stage::kPurchase};
  std::vector<Kw> out;
  std::map<std::string, bool> seen;
  while (std::getline(in, line)) {
    auto f = Fields(line);
    if (f.size() <= std::max(keyword_col, volume_col) || f[keyword_col].empty()) continue;
    if (!seen.emplace(f[keyword_col], true).second) continue;
    int64_t v = 0;
    for (char c : f[volume_col]) {
      if (c >= '0' && c <= '9') v = v * 10 + (c - '0');
    }
    // A stage that depends only on the text, so groups and splits are exercised.
    const size_t h = std::hash<std::string>{}(f[keyword_col]);
    out.push_back({f[keyword_col], stages[h % std::size(stages)], v});
  }
  return out;
}

TEST(TopicsEquivalence, RealExportsClusterAsTheReferenceUnderEverySetting) {
  KR_REQUIRE_SHARED(gsc, "data/keyword_exports/gsc_queries_nl_be_zoekopdrachten.csv");
  KR_REQUIRE_SHARED(ahrefs, "data/keyword_exports/ahrefs_matching_terms_en_us_ai-tools.csv");
  const auto flemish = FromExport(gsc, 0, 2);     // query, impressions
  const auto ai_tools = FromExport(ahrefs, 1, 4);  // keyword, volume
  ASSERT_GT(flemish.size(), 500u);
  ASSERT_GT(ai_tools.size(), 1000u);
  int s = 0;
  for (const auto& cfg : Settings()) {
    ExpectSameAsReference(flemish, cfg, "Flemish Search Console, setting " + std::to_string(s));
    ExpectSameAsReference(ai_tools, cfg, "Ahrefs ai tools, setting " + std::to_string(s));
    ++s;
  }
}

}  // namespace
}  // namespace kr::plan
