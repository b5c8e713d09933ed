// clusters.csv and plan.csv: the topic clusters, one row per keyword, and
// the article plan, one row per topic. Column order is a contract:
//   clusters.csv  cluster,label,keyword,stage,monthly_volume,terms,serp_urls (plan.csv: see WritePlanCsv)
//                 (topics by id, each topic's keywords by volume, highest first;
//                 terms: the words that bind the keyword to its topic's head;
//                 serp_urls: the shared top-10 result URLs that bind it, Topics::SerpBinding)
// New columns only ever go at the end. Every cell goes through kr::CsvField.
#include "plan_files.h"

#include <cstdio>

#include "klantreis/plan/article_plan.h"

#include "csv_line.h"
#include "klantreis/core/text.h"
#include "report_common.h"
#include "stream_file.h"

namespace kr::reports::internal {
namespace {

void Row(std::string* out, std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (auto c : cells) {
    if (!first) out->push_back(',');
    first = false;
    AppendCsvField(out, c);
  }
  out->push_back('\n');
}

}  // namespace

Status WriteClustersCsv(const plan::Topics& topics, const std::string& out_dir, std::vector<std::string>* written) {
  StreamFile f;
  KR_RETURN_IF_ERROR(f.Open(OutPath(out_dir, "clusters.csv")).WithContext("csv report"));
  std::string row;
  Row(&row, {"cluster", "label", "keyword", "stage", "monthly_volume", "terms", "serp_urls"});
  f.Append(row);
  for (const auto& t : topics.topics()) {
    const std::string id = std::to_string(t.id);
    const std::string_view label = topics.keyword(t.label);
    for (uint32_t m : topics.MemberSpan(t)) {
      row.clear();
      Row(&row, {id, label, topics.keyword(m), StageId(topics.stage(m)), std::to_string(topics.volume(m)),
                 topics.BindingTerms(m), topics.SerpBinding(m)});
      f.Append(row);
    }
  }
  KR_RETURN_IF_ERROR(f.Commit().WithContext("csv report"));
  written->push_back(f.path());
  return Status::Ok();
}

}  // namespace kr::reports::internal

namespace kr::reports::internal {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

}  // namespace

std::string Fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// plan.csv  cluster,label,stage,monthly_volume,keywords,questions,content_type,url,priority,
//           keyword_count,funnel,cpc,difficulty,peak_month,peak_share
//           (topics by id; lists joined with " | "; peak_month YYYY-MM and
//           peak_share 0..1 only when the topic's keywords have monthly figures)
Status WritePlanCsv(const plan::Topics& topics, const std::string& out_dir, std::vector<std::string>* written) {
  StreamFile f;
  KR_RETURN_IF_ERROR(f.Open(OutPath(out_dir, "plan.csv")).WithContext("csv report"));
  std::string row;
  Row(&row, {"cluster", "label", "stage", "monthly_volume", "keywords", "questions", "content_type", "url", "priority",
             "keyword_count", "funnel", "cpc", "difficulty", "peak_month", "peak_share"});
  f.Append(row);
  for (const auto& t : topics.topics()) {
    const plan::PlanRow p = plan::MakePlanRow(topics, t);
    row.clear();
    Row(&row, {std::to_string(p.cluster), p.label, StageId(p.stage), std::to_string(p.monthly_volume), Join(p.keywords),
               Join(p.questions), p.content_type, p.url, Fixed2(p.priority), std::to_string(p.keywords.size()),
               FunnelId(FunnelOf(p.stage)), p.cpc ? Fixed2(*p.cpc) : "", p.difficulty ? Fixed2(*p.difficulty) : "",
               p.peak ? p.peak->month : "", p.peak ? FormatShare(p.peak->share()) : ""});
    f.Append(row);
  }
  KR_RETURN_IF_ERROR(f.Commit().WithContext("csv report"));
  written->push_back(f.path());
  return Status::Ok();
}

}  // namespace kr::reports::internal
