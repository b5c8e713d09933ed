// The comparison's CSV files. Column order is a contract:
//   compare.csv           stage,keywords,clicks_before,clicks_after,clicks_change,impressions_before,
//                         impressions_after,impressions_change,volume_before,volume_after,volume_change,
//                         new_keywords,lost_keywords,funnel,period_before,period_after
//                         (the ten stages in model order, then a row "total")
//   compare_topics.csv    topic,label,stage,keywords,clicks_before,... as compare.csv ...,lost_keywords
//                         (topics with a keyword in either period, biggest movement first)
//   compare_keywords.csv  keyword,stage,topic,topic_label,status,clicks_before,clicks_after,clicks_change,
//                         impressions_before,impressions_after,impressions_change,volume_before,volume_after,
//                         volume_change,position_before,position_after
//                         (status: new | lost | both; by keyword)
// New columns only ever go at the end. Every cell goes through kr::CsvField; --csv-dialect excel
// writes them like stages.csv (BOM, the market's separators).
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <unordered_map>

#include "compare_files.h"
#include "csv_line.h"
#include "klantreis/core/text.h"
#include "sinks.h"
#include "stream_file.h"

namespace kr::reports::internal {
namespace {

constexpr const char* kFiles[] = {"compare.csv", "compare_topics.csv", "compare_keywords.csv"};

// The figures of a group, after its leading cells.
void Totals(Line& l, const CompareTotals& t) {
  l.Num(t.clicks_before).Num(t.clicks_after).Num(t.clicks_after - t.clicks_before)
      .Num(t.impressions_before).Num(t.impressions_after).Num(t.impressions_after - t.impressions_before)
      .Num(t.volume_before).Num(t.volume_after).Num(t.volume_after - t.volume_before)
      .Num(static_cast<int64_t>(t.new_keywords)).Num(static_cast<int64_t>(t.lost_keywords));
}

std::string Position(const PeriodFigures& p) {
  if (!p.position) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *p.position);
  return buf;
}

const char* kTotalsHeader[] = {"clicks_before",      "clicks_after",      "clicks_change", "impressions_before",
                               "impressions_after",  "impressions_change", "volume_before", "volume_after",
                               "volume_change",      "new_keywords",      "lost_keywords"};

void TotalsHeader(Line& r) {
  for (const char* h : kTotalsHeader) r.Cell(h);
}

Status Put(const std::string& out_dir, const char* name, const std::string& text, std::vector<std::string>* written) {
  const std::string path = OutPath(out_dir, name);
  KR_RETURN_IF_ERROR(WriteFileAtomic(path, text).WithContext("csv report"));
  written->push_back(path);
  return Status::Ok();
}

}  // namespace

Status WriteCompareCsv(const Comparison& c, const std::string& out_dir, const Dialect& d,
                       std::vector<std::string>* written) {
  const std::string before = PeriodWords(c.before), after = PeriodWords(c.after);
  const std::string bom = d.bom ? kCsvBom : "";
  std::string s = bom;
  {
    Line h(&s, d);
    h.Cell("stage").Cell("keywords");
    TotalsHeader(h);
    h.Cell("funnel").Cell("period_before").Cell("period_after");
  }
  for (Stage st : kAllStages) {
    const CompareTotals& t = c.stages[StageIndex(st)];
    Line l(&s, d);
    Totals(l.Cell(StageId(st)).Num(static_cast<int64_t>(t.keywords)), t);
    l.Cell(FunnelId(FunnelOf(st))).Cell(before).Cell(after);
  }
  {
    Line l(&s, d);
    Totals(l.Cell("total").Num(static_cast<int64_t>(c.total.keywords)), c.total);
    l.Cell("").Cell(before).Cell(after);
  }
  KR_RETURN_IF_ERROR(Put(out_dir, "compare.csv", s, written));

  std::string t = bom;
  {
    Line h(&t, d);
    h.Cell("topic").Cell("label").Cell("stage").Cell("keywords");
    TotalsHeader(h);
  }
  for (const auto& topic : c.topics) {
    Line l(&t, d);
    Totals(l.Num(topic.id).Cell(topic.label).Cell(StageId(topic.stage)).Num(static_cast<int64_t>(topic.totals.keywords)),
           topic.totals);
  }
  KR_RETURN_IF_ERROR(Put(out_dir, "compare_topics.csv", t, written));

  StreamFile f;
  KR_RETURN_IF_ERROR(f.Open(OutPath(out_dir, "compare_keywords.csv")).WithContext("csv report"));
  std::string row = bom;
  Line(&row, d).Cell("keyword").Cell("stage").Cell("topic").Cell("topic_label").Cell("status")
      .Cell("clicks_before").Cell("clicks_after").Cell("clicks_change")
      .Cell("impressions_before").Cell("impressions_after").Cell("impressions_change")
      .Cell("volume_before").Cell("volume_after").Cell("volume_change")
      .Cell("position_before").Cell("position_after");
  f.Append(row);
  std::unordered_map<uint32_t, std::string_view> labels;
  for (const auto& topic : c.topics) labels.emplace(topic.id, topic.label);
  for (const auto& k : c.keywords) {
    row.clear();
    auto it = labels.find(k.topic);
    const std::string_view label = it == labels.end() ? std::string_view() : it->second;
    Line(&row, d).Cell(k.keyword).Cell(StageId(k.stage)).Cell(k.topic ? std::to_string(k.topic) : "").Cell(label)
        .Cell(k.status())
        .Num(k.before.clicks).Num(k.after.clicks).Num(k.clicks_change())
        .Num(k.before.impressions).Num(k.after.impressions).Num(k.impressions_change())
        .Num(k.before.volume).Num(k.after.volume).Num(k.volume_change())
        .Dec(Position(k.before)).Dec(Position(k.after));
    f.Append(row);
  }
  KR_RETURN_IF_ERROR(f.Commit().WithContext("csv report"));
  written->push_back(f.path());
  return Status::Ok();
}

void RemoveCompareCsv(const std::string& out_dir) {
  for (const char* name : kFiles) {
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(out_dir) / name, ec);
  }
}

}  // namespace kr::reports::internal
