// SerpEvidence: what a result page says about the query's stage, as rule
// hits the classifier weighs and shows in its trace. Weights stay below a
// typical lexicon cue (1.0): the page is a hint about what the engine
// believes, the query's own words decide.
#include <algorithm>
#include <string>

#include "klantreis/crawler/serp.h"
#include "serp_dom.h"

namespace kr::crawler {
namespace {

// Video titles that promise instructions (checked lower-cased, ASCII folding only).
constexpr std::string_view kHowTo[] = {"how to",     "how-to",    "tutorial",  "hoe ",      "handleiding",
                                       "instellen",  "installeren", "install",  "setup",     "set up",
                                       "repair",     "repareren", "fix ",      "uitleg",    "anleitung",
                                       "comment ",   "cómo",      "tutoriel",  "step by step", "stap voor stap"};

bool IsHowTo(const std::string& title) {
  std::string t = internal::AsciiLower(title) + " ";
  return std::any_of(std::begin(kHowTo), std::end(kHowTo),
                     [&](std::string_view w) { return t.find(w) != std::string::npos; });
}

RuleHit Hit(const char* rule, Stage stage, double weight, std::string seen) {
  RuleHit h;
  h.rule = rule;
  h.stage = stage;
  h.weight = weight;
  h.tokens.push_back(std::move(seen));
  return h;
}

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<RuleHit> SerpEvidence(const SerpPage& page) {
  std::vector<RuleHit> hits;
  if (page.kind == SerpKind::kCaptcha || page.kind == SerpKind::kUnknown) return hits;
  if (!page.shopping.empty()) {
    double w = std::min(0.8, 0.5 + 0.05 * static_cast<double>(page.shopping.size()));
    hits.push_back(Hit("serp:shopping", Stage::kPurchase, w, Count(page.shopping.size(), "shopping result", "shopping results")));
  }
  if (page.ads.size() >= 2) {
    double w = std::min(0.7, 0.4 + 0.05 * static_cast<double>(page.ads.size()));
    hits.push_back(Hit("serp:ads", Stage::kDecision, w, Count(page.ads.size(), "ad", "ads")));
  }
  if (!page.local_pack.empty()) {
    hits.push_back(Hit("serp:local_pack", Stage::kDecision, 0.6, Count(page.local_pack.size(), "place", "places")));
  }
  if (!page.paa.empty()) {
    double w = std::min(0.6, 0.3 + 0.05 * static_cast<double>(page.paa.size()));
    hits.push_back(Hit("serp:paa", Stage::kOrientation, w, Count(page.paa.size(), "question", "questions")));
  }
  if (page.featured_snippet) {
    hits.push_back(Hit("serp:featured_snippet", Stage::kOrientation, 0.5, "featured snippet"));
  }
  size_t howto = static_cast<size_t>(
      std::count_if(page.videos.begin(), page.videos.end(), [](const VideoResult& v) { return IsHowTo(v.title); }));
  if (howto > 0) {
    double w = std::min(0.7, 0.4 + 0.1 * static_cast<double>(howto));
    hits.push_back(Hit("serp:howto_videos", Stage::kUse, w, Count(howto, "how-to video", "how-to videos")));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const RuleHit& a, const RuleHit& b) { return a.weight > b.weight; });
  return hits;
}

}  // namespace kr::crawler
