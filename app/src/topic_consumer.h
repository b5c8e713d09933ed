// Internal: the report stream's keywords into a plan::TopicBuilder (compact
// data per keyword), clustered after the pass.
#pragma once

#include <algorithm>
#include <map>
#include <memory>

#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "coverage_consumer.h"
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
    return c;
  }
  Status Consume(const reports::KeywordLine& k) override {
    builder_->Add({k.keyword, k.stage, k.monthly_volume, k.cpc, k.difficulty, {}});
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
  std::unique_ptr<plan::TopicBuilder> builder_;
};

}  // namespace kr::app::internal
