// pages.csv (site_pages.h), streamed through a StreamFile.
#include <algorithm>
#include <optional>

#include "klantreis/core/number_format.h"
#include "klantreis/core/text.h"
#include "klantreis/reports/site_pages.h"
#include "csv_line.h"
#include "stream_file.h"

namespace kr::reports {
namespace {

constexpr char kHeader[] =
    "url,status,indexable,canonical,stage,title,h1,description,final_url,redirects,redirect_outside,"
    "content_type,noindex,nofollow,words,lang,internal_links,in_sitemap,depth,error,crawl,target_keywords,"
    "target_volume,top_keywords\n";

std::string JoinBar(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

class Writer final : public PagesCsvWriter {
 public:
  Status Open(const std::string& dir, const internal::Dialect& d) {
    dialect_ = d;
    path_ = dir + "/pages.csv";
    KR_RETURN_IF_ERROR(file_.Open(path_));
    std::string header = kHeader;
    std::replace(header.begin(), header.end(), ',', d.separator);
    if (d.bom) file_.Append(internal::kCsvBom);
    file_.Append(header);
    return Status::Ok();
  }

  void Add(const WebPage& p, std::optional<Stage> stage, const std::string& crawl_id,
           const PageTargets* targets) override {
    line_.clear();
    Row(p, stage, crawl_id, targets);  // its Line ends the row
    file_.Append(line_);
  }

  Result<std::string> Commit() override {
    KR_RETURN_IF_ERROR(file_.Commit());
    return path_;
  }

 private:
  void Row(const WebPage& p, std::optional<Stage> stage, const std::string& crawl_id, const PageTargets* targets) {
    internal::Line l(&line_, dialect_);
    auto cell = [&](std::string_view v) { l.Cell(v); };
    auto flag = [&](bool b) { cell(b ? "yes" : "no"); };
    cell(p.url);
    cell(p.status == 0 ? "" : std::to_string(p.status));
    flag(p.indexable);
    cell(p.canonical);
    cell(stage ? StageId(*stage) : "");
    cell(p.title);
    cell(p.h1.empty() ? "" : p.h1[0]);
    cell(p.description);
    cell(p.final_url);
    cell(JoinBar(p.redirects));
    cell(p.redirect_outside);
    cell(p.content_type);
    flag(p.noindex);
    flag(p.nofollow);
    cell(std::to_string(p.words));
    cell(p.lang);
    cell(std::to_string(p.internal_links));
    flag(p.in_sitemap);
    cell(std::to_string(p.depth));
    cell(p.error);
    cell(crawl_id);
    l.Num(static_cast<int64_t>(targets ? targets->keywords : 0));
    l.Num(targets ? targets->monthly_volume : 0);
    std::string top;
    if (targets != nullptr) {
      for (const auto& [volume, keyword] : targets->top) {
        if (!top.empty()) top += " | ";
        top += keyword + " (" + Thousands(volume) + ")";
      }
    }
    cell(top);
  }

  internal::StreamFile file_;
  internal::Dialect dialect_;
  std::string path_;
  std::string line_;
};

}  // namespace

void PageTargets::Add(const std::string& keyword, int64_t volume) {
  ++keywords;
  monthly_volume += volume;
  if (top.size() == kTop && volume <= top.back().first) return;
  auto at = std::find_if(top.begin(), top.end(), [&](const auto& t) { return volume > t.first; });
  top.insert(at, {volume, keyword});
  if (top.size() > kTop) top.pop_back();
}

Result<std::unique_ptr<PagesCsvWriter>> PagesCsvWriter::Open(const std::string& out_dir, bool excel,
                                                             std::string_view market) {
  auto w = std::make_unique<Writer>();
  KR_RETURN_IF_ERROR(w->Open(out_dir, excel ? internal::ExcelDialect(market) : internal::Dialect{}));
  return std::unique_ptr<PagesCsvWriter>(std::move(w));
}

}  // namespace kr::reports
