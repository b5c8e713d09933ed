// Internal: the report stream's keywords into a plan::TopicBuilder (compact
// data per keyword), clustered after the pass.
#pragma once

#include <memory>

#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
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
  std::shared_ptr<const plan::Topics> Build() { return std::shared_ptr<const plan::Topics>(builder_->Build()); }

 private:
  TopicConsumer() = default;
  std::unique_ptr<plan::TopicBuilder> builder_;
};

}  // namespace kr::app::internal
