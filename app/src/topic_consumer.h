// Internal: the report stream's keywords into a plan::TopicBuilder (compact
// data per keyword), clustered after the pass. A keyword with a stored SERP
// snapshot (source `serp`) brings the organic URLs and People-also-ask
// questions of its newest results page (SERP-overlap clustering, the plan's
// questions; docs/plan.md).
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "coverage_consumer.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/crawler/serp.h"
#include "klantreis/plan/topics.h"

namespace kr::app::internal {

class TopicConsumer final : public ReportKeywordConsumer {
 public:
  static Result<std::unique_ptr<TopicConsumer>> Create(const Project& project) {
    auto b = plan::TopicBuilder::Create(project.plan, project.classifier.analyzer,
                                        project.classifier.analyzer.langid.prior);
    if (!b.ok()) return b.status();
    std::unique_ptr<TopicConsumer> c(new TopicConsumer());
    c->builder_ = std::move(b).value();
    c->store_ = project.store.get();
    return c;
  }
  Status Consume(const reports::KeywordLine& k) override {
    urls_.clear();
    paa_.clear();
    if (store_ != nullptr && std::find(k.sources.begin(), k.sources.end(), "serp") != k.sources.end()) {
      KR_RETURN_IF_ERROR(NewestSerp(k.keyword));
    }
    plan::KeywordInput in{k.keyword, k.stage, k.monthly_volume, k.cpc, k.difficulty, {}};
    in.serp_urls = urls_;
    in.paa = paa_;
    in.monthly = &k.monthly;
    builder_->Add(in);
    return Status::Ok();
  }
  // Clusters; with `coverage` (a crawled site), each topic's covering page is
  // the page covering most of its members' volume (ties: the head's page,
  // then URL order), "" when none covers a member.
  std::shared_ptr<const plan::Topics> Build(CoverageConsumer* coverage = nullptr) {
    std::unique_ptr<plan::Topics> topics = builder_->Build();
    if (coverage != nullptr) {
      std::vector<std::string> urls(topics->topic_count());
      std::map<std::string, int64_t> volume;
      for (const auto& t : topics->topics()) {
        volume.clear();
        std::string head;
        for (uint32_t m : topics->Members(t)) {
          std::string url = coverage->CoveringUrl(topics->keyword(m));
          if (m == t.label) head = url;
          if (!url.empty()) volume[url] += std::max<int64_t>(1, topics->volume(m));
        }
        const std::string* best = nullptr;
        for (const auto& [url, v] : volume) {
          if (best == nullptr || v > volume[*best] || (v == volume[*best] && url == head)) best = &url;
        }
        if (best != nullptr) urls[t.id - 1] = *best;
      }
      topics->SetCoveringUrls(std::move(urls));
    }
    return std::shared_ptr<const plan::Topics>(std::move(topics));
  }

 private:
  TopicConsumer() = default;
  // The newest stored results page of `keyword` (snapshots are newest first;
  // CAPTCHA, unknown and empty pages are passed over).
  Status NewestSerp(const std::string& keyword) {
    const std::string key = classify::NormalizeKeyword(keyword);
    auto snaps = store_->GetSerps(key);
    if (!snaps.ok()) return snaps.status();
    for (const auto& snap : *snaps) {
      auto page = crawler::SerpPageFromJson(snap.parsed_json, "SERP snapshot of '" + keyword + "' (" + snap.engine +
                                                                  ", " + snap.fetched_on + ")");
      if (!page.ok()) return page.status();
      if (page->kind != crawler::SerpKind::kResults || page->organic.empty()) continue;
      for (const auto& o : page->organic) urls_.push_back(o.url);
      paa_ = page->paa;
      break;
    }
    return Status::Ok();
  }

  std::unique_ptr<plan::TopicBuilder> builder_;
  store::Store* store_ = nullptr;
  std::vector<std::string> urls_, paa_;
};

}  // namespace kr::app::internal
