// Configuration loading on arbitrary bytes: the first byte picks the parser
// (a project's TOML overlay, a lexicon TSV, a word-class table, the
// calibration table, the [analyzer] and [plan] tables), the rest is the
// file. Invariants: a refusal has a message naming the source; a lexicon
// that parses holds only valid UTF-8 phrases and finite weights; a TOML
// overlay that loads builds a working classifier.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/classify/classifier.h"
#include "klantreis/plan/config.h"

using kr::fuzz::Require;
using kr::fuzz::RequireUtf8;

namespace {

void RequireNamed(const kr::Status& st) {
  if (!st.ok()) Require(st.message().find("fuzz") != std::string::npos, "a config error does not name the file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0: {
      auto cfg = kr::classify::LoadClassifierConfigFromString(text, "fuzz.toml", "/nonexistent");
      RequireNamed(cfg.status());
      if (cfg.ok()) {
        auto c = kr::classify::Classifier::Create(*cfg);
        if (c.ok()) {
          double conf = (*c)->Classify("beste fiets kopen").confidence;
          Require(conf >= 0 && conf <= 1, "confidence outside [0, 1] with a fuzzed overlay");
        }
      }
      break;
    }
    case 1: {
      std::vector<kr::classify::Cue> cues;
      kr::Status st = kr::classify::ParseLexiconTsv(text, kr::Language::kNl, "fuzz.tsv", &cues);
      RequireNamed(st);
      for (const auto& c : cues) {
        RequireUtf8(c.phrase, "a lexicon phrase is not valid UTF-8");
        Require(std::isfinite(c.weight), "a lexicon weight is not finite");
      }
      break;
    }
    case 2: {
      std::vector<std::pair<std::string, std::string>> words;
      RequireNamed(kr::classify::ParseWordClassTsv(text, "fuzz.tsv", &words));
      for (const auto& [w, cls] : words) RequireUtf8(w, "a word-class word is not valid UTF-8");
      break;
    }
    case 3: {
      kr::classify::CalibrationTable table;
      RequireNamed(kr::classify::ParseCalibrationToml(text, "fuzz.toml", &table));
      break;
    }
    case 4: {
      kr::classify::AnalyzerOptions options;
      RequireNamed(kr::classify::ApplyAnalyzerToml(text, "fuzz.toml", &options));
      break;
    }
    default: {
      kr::plan::PlanConfig plan;
      RequireNamed(kr::plan::ApplyPlanToml(text, "fuzz.toml", &plan));
      break;
    }
  }
  return 0;
}
