#include "report_common.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "klantreis/core/number_format.h"

namespace kr::reports::internal {

std::array<StageLine, kNumStages> StagesInOrder(const ReportData& data) {
  std::array<StageLine, kNumStages> out;
  for (int i = 0; i < kNumStages; ++i) out[i].stage = kAllStages[i];
  for (const StageLine& s : data.stages) {
    int i = StageIndex(s.stage);
    if (i >= 0 && i < kNumStages) out[i] = s;
  }
  return out;
}

std::vector<std::string> Months(const ReportData& data) {
  std::set<std::string> months;
  for (const StageLine& s : data.stages) {
    for (const auto& [m, v] : s.monthly) months.insert(m);
  }
  return std::vector<std::string>(months.begin(), months.end());
}

int64_t TotalVolume(const std::array<StageLine, kNumStages>& stages) {
  int64_t total = 0;
  for (const auto& s : stages) total += s.monthly_volume;
  return total;
}

std::vector<Gap> ContentGaps(const std::array<StageLine, kNumStages>& stages) {
  std::vector<Gap> gaps;
  for (const auto& s : stages) {
    if (s.keywords == 0) {
      gaps.push_back({s.stage, "no keywords"});
    } else if (s.keywords < kFewKeywords) {
      gaps.push_back({s.stage, "only " + std::to_string(s.keywords) + (s.keywords == 1 ? " keyword" : " keywords")});
    }
  }
  return gaps;
}

bool AnyImpressions(const ReportData& data) {
  return data.impression_keywords > 0;
}

std::string FormatShare(double share) {
  if (!(share >= 0)) share = 0;  // also NaN
  if (share > 1) share = 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", share);
  return buf;
}

std::string UncertainSentence(const ReportData& data) {
  std::string unit = OnlyImpressions(data) ? "the impressions" : "the volume";
  if (data.uncertain_keywords == 0) {
    return "Uncertain stage: none of the " + std::to_string(data.keyword_count) +
           " keywords; each matched a cue or a product or service category.";
  }
  return "Uncertain stage: " + FormatPercent(data.uncertain_share) + " of " + unit + " (" +
         std::to_string(data.uncertain_keywords) + " of " + std::to_string(data.keyword_count) +
         " keywords) matched no cue and no product or service category; their stage is only the rule-7 default "
         "(concrete_need). Run klantreis review to list them by volume and confirm or fix them.";
}

std::string FormatPercent(double share) {
  if (!(share >= 0)) share = 0;
  if (share > 1) share = 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

std::string FormatConfidence(double c) {
  if (!(c >= 0)) c = 0;
  if (c > 1) c = 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

std::string FormatThousands(int64_t v) { return Thousands(v); }

std::string JoinSources(const std::vector<std::string>& sources) {
  std::string out;
  for (const auto& s : sources) {
    if (!out.empty()) out += '+';
    out += s;
  }
  return out;
}

std::string StageTitle(Stage s) {
  std::string t(StageId(s));
  for (char& c : t) {
    if (c == '_') c = ' ';
  }
  if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return t;
}

std::string Title(const ReportMeta& meta) {
  return meta.project.empty() ? std::string("Klantreis report") : "Klantreis report: " + meta.project;
}

std::string WithoutPaths(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const bool starts_path = text[i] == '/' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '=');
    if (!starts_path) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    size_t name = i;
    while (end < text.size() && text[end] != ' ' && text[end] != ';' && text[end] != ':' && text[end] != ',') {
      if (text[end] == '/') name = end + 1;
      ++end;
    }
    out.append(text.substr(name, end - name));
    i = end;
  }
  return out;
}

std::string VolumeKindWords(std::string_view kind) {
  if (kind == "planner") return "Google Keyword Planner average monthly searches";
  if (kind == "tool") return "monthly search volume estimated by Semrush or Ahrefs";
  if (kind == "planner_range") return "Keyword Planner range buckets (lower bound kept)";
  if (kind == "list") return "volume column of a plain keyword list";
  if (kind == "gsc_impressions") return "Search Console impressions over the export's period (how often a page was shown, not searches)";
  if (kind == "none") return "no volume in any export (counted as 0)";
  return std::string(kind);
}

std::vector<std::pair<std::string, std::string>> MetaRows(const ReportMeta& meta) {
  return {
      {"Project", meta.project},
      {"Market", meta.market},
      {"Model version", meta.model_version},
      {"Analyzer version", WithoutPaths(meta.analyzer_version)},
      {"Configuration source", WithoutPaths(meta.config_source)},
      {"Generated at", meta.generated_at},
      {"Tool version", meta.tool_version},
  };
}

}  // namespace kr::reports::internal
