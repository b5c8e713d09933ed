#include "klantreis/plan/config.h"

#include <algorithm>
#include <functional>
#include <toml++/toml.h>

#include "klantreis/classify/analyzer.h"

namespace kr::plan {
namespace {

// Generic intent words (nl, en): they say what the searcher wants to do
// with a topic, never which topic. Folded forms.
constexpr const char* kModifiers[] = {
    // nl: buying, price, comparing, learning, question and function words
    "kopen", "koop", "koopt", "gekocht", "bestellen", "bestel", "besteld", "online", "webshop",
    "goedkoop", "goedkope", "goedkoopste", "beste", "best", "top", "prijs", "prijzen", "kosten", "kost",
    "aanbieding", "aanbiedingen", "promo", "promotie", "korting", "kortingen", "actie", "acties",
    "uitverkoop", "sale", "review", "reviews", "recensie", "recensies", "ervaring", "ervaringen", "test",
    "getest", "vergelijken", "vergelijking", "vergelijk", "tips", "tip", "info", "informatie", "uitleg",
    "wat", "is", "zijn", "hoe", "welke", "welk", "waar", "wanneer", "waarom", "wie", "hoeveel", "lang",
    "duurt", "kan", "kun", "kunnen", "ik", "je", "jij", "u", "mijn", "jouw", "uw", "moet", "moeten",
    "mag", "nieuw", "nieuwe", "nieuwste", "de", "het", "een", "van", "voor", "met", "in", "op", "bij",
    "naar", "om", "te", "en", "of", "aan", "uit", "over", "door", "als", "dat", "die", "dit", "deze",
    "er", "zo", "ook", "vs", "versus", "nl", "be",
    // en
    "buy", "buying", "bought", "order", "ordering", "shop", "cheap", "cheaper", "cheapest", "top", "price",
    "prices", "pricing", "cost", "costs", "deal", "deals", "discount", "discounts", "coupon", "coupons",
    "review", "reviewed", "rated", "rating", "ratings", "tested", "compare", "compared", "comparison",
    "guide", "what", "are", "how", "which", "where", "when", "why", "who", "does", "do", "did", "can",
    "could", "should", "i", "my", "me", "you", "your", "to", "the", "a", "an", "for", "of", "on", "with",
    "and", "or", "near", "new", "latest", "list", "examples", "example"};

PlanConfig MakeShipped() {
  PlanConfig c;
  for (const char* m : kModifiers) c.modifiers.emplace_back(m);
  c.stage_groups = {{Stage::kConcreteNeed, Stage::kDecision, Stage::kPurchase}};
  c.synonyms = {{"e-bike", "elektrische fiets"}, {"accu", "batterij"}, {"kapot", "defect"}};
  c.split_words = {"free", "gratis"};
  c.content_types = {"problem article",       "category page",       "guide / explainer",
                     "comparison / review",   "pricing, deals or store page", "product or sign-up page",
                     "order-status help",     "how-to / manual",     "service, account or parts page",
                     "review / referral page"};
  c.stage_weights = {0.8, 1.0, 0.9, 1.1, 1.2, 1.2, 0.6, 0.9, 0.8, 0.7};
  return c;
}

Status Bad(const std::string& source, std::string_view key, const std::string& why) {
  return Status::InvalidArgument(source + ": [plan] " + std::string(key) + ": " + why);
}

Status Strings(const toml::node& n, const std::string& source, std::string_view key, std::vector<std::string>* out) {
  const toml::array* a = n.as_array();
  if (!a) return Bad(source, key, "expected an array of strings");
  out->clear();
  for (const auto& e : *a) {
    auto s = e.value<std::string>();
    if (!s) return Bad(source, key, "expected an array of strings");
    out->push_back(classify::FoldForMatch(*s));
  }
  return Status::Ok();
}

Status Number(const toml::node& n, const std::string& source, std::string_view key, double lo, double hi,
              double* out) {
  auto v = n.value<double>();
  if (!v || *v < lo || *v > hi) {
    return Bad(source, key, "expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  *out = *v;
  return Status::Ok();
}

Status PerStage(const toml::node& n, const std::string& source, std::string_view key,
                const std::function<Status(Stage, const toml::node&, const std::string&)>& set) {
  const toml::table* t = n.as_table();
  if (!t) return Bad(source, key, "expected a table keyed by stage id");
  for (const auto& [k, v] : *t) {
    auto stage = StageFromId(k.str());
    const std::string full = std::string(key) + "." + std::string(k.str());
    if (!stage) return Bad(source, full, "unknown stage id");
    KR_RETURN_IF_ERROR(set(*stage, v, full));
  }
  return Status::Ok();
}

}  // namespace

const PlanConfig& ShippedPlanConfig() {
  static const PlanConfig shipped = MakeShipped();
  return shipped;
}

Status ApplyPlanToml(std::string_view toml_text, const std::string& source, PlanConfig* cfg) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(source + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  const toml::table* plan = root["plan"].as_table();
  if (!plan) return Status::Ok();
  for (const auto& [k, v] : *plan) {
    const std::string_view key = k.str();
    if (key == "synonyms") {
      const toml::array* sets = v.as_array();
      if (!sets) return Bad(source, key, "expected an array of arrays of strings");
      cfg->synonyms.clear();
      for (const auto& set : *sets) {
        std::vector<std::string> words;
        KR_RETURN_IF_ERROR(Strings(set, source, key, &words));
        if (words.size() < 2) return Bad(source, key, "a synonym set needs at least two entries");
        cfg->synonyms.push_back(std::move(words));
      }
    } else if (key == "modifiers") {
      KR_RETURN_IF_ERROR(Strings(v, source, key, &cfg->modifiers));
    } else if (key == "extra_modifiers") {
      KR_RETURN_IF_ERROR(Strings(v, source, key, &cfg->extra_modifiers));
    } else if (key == "keep_words") {
      KR_RETURN_IF_ERROR(Strings(v, source, key, &cfg->keep_words));
    } else if (key == "split_words") {
      KR_RETURN_IF_ERROR(Strings(v, source, key, &cfg->split_words));
    } else if (key == "stage_groups") {
      const toml::array* groups = v.as_array();
      if (!groups) return Bad(source, key, "expected an array of arrays of stage ids");
      std::vector<std::vector<Stage>> out;
      std::vector<bool> seen(kNumStages, false);
      for (const auto& g : *groups) {
        std::vector<std::string> ids;
        KR_RETURN_IF_ERROR(Strings(g, source, key, &ids));
        std::vector<Stage> stages;
        for (const auto& id : ids) {
          auto s = StageFromId(id);
          if (!s) return Bad(source, key, "unknown stage id '" + id + "'");
          if (seen[StageIndex(*s)]) return Bad(source, key, "stage '" + id + "' is in two groups");
          seen[StageIndex(*s)] = true;
          stages.push_back(*s);
        }
        out.push_back(std::move(stages));
      }
      cfg->stage_groups = std::move(out);
    } else if (key == "min_similarity") {
      KR_RETURN_IF_ERROR(Number(v, source, key, 0.01, 1.0, &cfg->min_similarity));
    } else if (key == "conflict_share") {
      KR_RETURN_IF_ERROR(Number(v, source, key, 0.0, 1.0, &cfg->conflict_share));
    } else if (key == "max_candidates") {
      double d = 0;
      KR_RETURN_IF_ERROR(Number(v, source, key, 1, 1e7, &d));
      cfg->max_candidates = static_cast<size_t>(d);
    } else if (key == "serp_min_shared") {
      double d = 0;
      KR_RETURN_IF_ERROR(Number(v, source, key, 1, 10, &d));
      cfg->serp_min_shared = static_cast<int>(d);
    } else if (key == "content_types") {
      KR_RETURN_IF_ERROR(PerStage(v, source, key, [&](Stage s, const toml::node& n, const std::string& full) {
        auto text = n.value<std::string>();
        if (!text || text->empty()) return Bad(source, full, "expected a non-empty string");
        cfg->content_types[StageIndex(s)] = *text;
        return Status::Ok();
      }));
    } else if (key == "stage_weights") {
      KR_RETURN_IF_ERROR(PerStage(v, source, key, [&](Stage s, const toml::node& n, const std::string& full) {
        return Number(n, source, full, 0.0, 10.0, &cfg->stage_weights[StageIndex(s)]);
      }));
    } else {
      return Bad(source, key, "unknown key (known: synonyms, modifiers, extra_modifiers, keep_words, split_words, "
                              "stage_groups, min_similarity, conflict_share, max_candidates, serp_min_shared, "
                              "content_types, stage_weights)");
    }
  }
  return Status::Ok();
}

std::vector<std::string> EffectiveModifiers(const PlanConfig& cfg) {
  std::vector<std::string> out = cfg.modifiers;
  out.insert(out.end(), cfg.extra_modifiers.begin(), cfg.extra_modifiers.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::erase_if(out, [&](const std::string& w) {
    return std::find(cfg.keep_words.begin(), cfg.keep_words.end(), w) != cfg.keep_words.end();
  });
  return out;
}

}  // namespace kr::plan
