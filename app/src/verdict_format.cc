#include "klantreis/app/verdict_format.h"

#include <cstdio>

#include "klantreis/core/evidence.h"
#include "klantreis/core/text.h"

namespace kr::app {
namespace {

void AppendNumber(std::string* out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  out->append(buf);
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  out->append(JsonEscape(s));
  out->push_back('"');
}

// Tabs and newlines would break the tsv row; a NUL byte would make it binary.
void AppendTsvField(std::string* out, std::string_view s) {
  for (char ch : s) out->push_back(ch == '\t' || ch == '\n' || ch == '\r' || ch == '\0' ? ' ' : ch);
}

}  // namespace

void AppendVerdictLine(std::string* out, std::string_view raw_query, const Classification& c, VerdictFormat format,
                       bool explain) {
  std::string sanitized;
  std::string_view query = raw_query;
  if (FindInvalidUtf8(raw_query) != std::string_view::npos) {
    sanitized = SanitizeUtf8(raw_query);
    query = sanitized;
  }
  const EvidenceClass evidence = EvidenceOf(c);
  if (format == VerdictFormat::kJsonl) {
    out->append("{\"query\":");
    AppendJsonString(out, query);
    out->append(",\"lang\":\"").append(LanguageId(c.lang));
    out->append("\",\"stage\":\"").append(StageId(c.stage));
    out->append("\",\"funnel\":\"").append(FunnelId(FunnelOf(c.stage)));
    out->append("\",\"confidence\":");
    AppendNumber(out, c.confidence);
    out->append(",\"runner_up\":");
    if (c.runner_up) {
      out->append("\"").append(StageId(*c.runner_up)).append("\"");
    } else {
      out->append("null");
    }
    out->append(",\"navigational\":").append(c.navigational ? "true" : "false");
    out->append(",\"intent\":\"").append(IntentId(c.intent()));
    out->append("\",\"stage5\":\"").append(Stage5Id(c.stage5())).append("\"");
    if (explain) {
      out->append(",\"model\":");
      AppendJsonString(out, c.model_version);
      out->append(",\"rules\":[");
      for (size_t i = 0; i < c.rules.size(); ++i) {
        const RuleHit& r = c.rules[i];
        if (i) out->push_back(',');
        out->append("{\"rule\":");
        AppendJsonString(out, r.rule);
        out->append(",\"stage\":\"").append(StageId(r.stage)).append("\",\"weight\":");
        AppendNumber(out, r.weight);
        out->append(",\"tokens\":[");
        for (size_t t = 0; t < r.tokens.size(); ++t) {
          if (t) out->push_back(',');
          AppendJsonString(out, r.tokens[t]);
        }
        out->append("]}");
      }
      out->push_back(']');
      out->append(",\"margin\":");
      AppendNumber(out, c.margin);
      out->append(",\"words\":").append(std::to_string(c.words));
    }
    out->append(",\"evidence\":\"").append(EvidenceClassId(evidence));
    out->append("\",\"uncertain\":").append(evidence == EvidenceClass::kNone ? "true" : "false");
    if (explain) {
      out->append(",\"why\":");
      AppendJsonString(out, EvidenceExplanation(evidence));
    }
    out->append("}\n");
    return;
  }
  AppendTsvField(out, query);
  out->push_back('\t');
  out->append(LanguageId(c.lang)).push_back('\t');
  out->append(StageId(c.stage)).push_back('\t');
  out->append(FunnelId(FunnelOf(c.stage))).push_back('\t');
  AppendNumber(out, c.confidence);
  out->push_back('\t');
  out->append(c.runner_up ? StageId(*c.runner_up) : std::string_view("-")).push_back('\t');
  out->append(c.navigational ? "true" : "false").push_back('\t');
  out->append(IntentId(c.intent())).push_back('\t');
  out->append(Stage5Id(c.stage5()));
  if (explain) {
    out->push_back('\t');
    for (size_t i = 0; i < c.rules.size(); ++i) {
      const RuleHit& r = c.rules[i];
      if (i) out->append("; ");
      AppendTsvField(out, r.rule);
      out->append(":").append(StageId(r.stage)).append("[");
      for (size_t t = 0; t < r.tokens.size(); ++t) {
        if (t) out->push_back(' ');
        AppendTsvField(out, r.tokens[t]);
      }
      out->push_back(']');
    }
  }
  out->push_back('\t');
  out->append(EvidenceClassId(evidence)).push_back('\t');
  out->append(evidence == EvidenceClass::kNone ? "true" : "false");
  out->push_back('\n');
}

}  // namespace kr::app
