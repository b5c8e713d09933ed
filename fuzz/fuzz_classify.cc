// The analyzer and the classifier on arbitrary bytes (one query per input).
// Invariants: token offsets lie inside the text and in order, token texts
// and norms are valid UTF-8, the confidence is in [0, 1], every rule hit
// names a rule, and the verdict is deterministic (a second call agrees).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/classify/classifier.h"

using kr::fuzz::Require;
using kr::fuzz::RequireUtf8;

namespace {

struct Engines {
  std::unique_ptr<kr::classify::Analyzer> analyzer;
  std::unique_ptr<kr::classify::Classifier> classifier;
};

Engines& Get() {
  static Engines e = [] {
    Engines out;
    auto cfg = kr::classify::LoadClassifierConfig("");
    Require(cfg.ok(), "the shipped configuration does not load");
    auto a = kr::classify::Analyzer::Create(cfg->analyzer);
    Require(a.ok(), "the shipped analyzer does not build");
    out.analyzer = std::move(a).value();
    auto c = kr::classify::Classifier::Create(*cfg);
    Require(c.ok(), "the shipped classifier does not build");
    out.classifier = std::move(c).value();
    return out;
  }();
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // queries are short; the importer caps keywords at the store's key limit
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Engines& e = Get();
  kr::classify::Analysis analysis;
  e.analyzer->Analyze(text, &analysis);
  // Offsets are into the text as analyzed: invalid bytes replaced by U+FFFD.
  const size_t analyzed = std::max(text.size(), kr::SanitizeUtf8(text).size());
  uint32_t last_begin = 0;
  for (const auto& t : analysis.tokens) {
    Require(t.begin <= t.end && t.end <= analyzed, "a token's offsets lie outside the text");
    Require(t.begin >= last_begin, "tokens run backwards");
    last_begin = t.begin;
    RequireUtf8(t.text, "a token is not valid UTF-8");
    RequireUtf8(t.norm, "a token's norm is not valid UTF-8");
    RequireUtf8(t.stem, "a token's stem is not valid UTF-8");
    for (const auto& p : t.parts) RequireUtf8(p, "a compound part is not valid UTF-8");
  }
  kr::Classification c = e.classifier->Classify(text);
  Require(std::isfinite(c.confidence) && c.confidence >= 0 && c.confidence <= 1, "confidence outside [0, 1]");
  for (const auto& h : c.rules) {
    Require(!h.rule.empty(), "a rule hit without a rule");
    for (const auto& tok : h.tokens) RequireUtf8(tok, "a hit's token is not valid UTF-8");
  }
  kr::Classification again = e.classifier->Classify(text);
  Require(again.stage == c.stage && again.confidence == c.confidence, "the verdict is not deterministic");
  return 0;
}
