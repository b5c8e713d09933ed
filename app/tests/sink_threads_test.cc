// SinkThreads: every sink sees every keyword in order on its own thread,
// finishes with the summary, and a failing sink stops the pass with its error.
#include "../src/sink_threads.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kr::app {
namespace {

class RecordingSink final : public reports::ReportSink {
 public:
  RecordingSink(std::string name, size_t fail_at = 0) : name_(std::move(name)), fail_at_(fail_at) {}
  std::string_view format() const override { return name_; }
  Status Begin(const reports::ReportMeta&, const std::string&) override { return Status::Ok(); }
  Status Keyword(const reports::KeywordLine& k) override {
    if (fail_at_ != 0 && seen.size() + 1 == fail_at_) return Status::IoError(name_ + ": disk full");
    seen.push_back(k.keyword);
    return Status::Ok();
  }
  Result<std::vector<std::string>> Finish(const reports::ReportData& summary) override {
    finished_with = summary.keyword_count;
    return std::vector<std::string>{name_ + ".out"};
  }
  std::vector<std::string> seen;
  uint64_t finished_with = 0;

 private:
  std::string name_;
  size_t fail_at_;
};

reports::KeywordLine Line(int i) {
  reports::KeywordLine k;
  k.keyword = "kw " + std::to_string(i);
  return k;
}

TEST(SinkThreadsTest, EverySinkSeesEveryKeywordInOrderAndFinishesWithTheSummary) {
  std::vector<std::unique_ptr<reports::ReportSink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("a"));
  sinks.push_back(std::make_unique<RecordingSink>("b"));
  reports::ReportData summary;
  summary.keyword_count = 10001;
  std::vector<std::string> paths;
  {
    SinkThreads threads(sinks);
    for (int i = 0; i < 10001; ++i) ASSERT_TRUE(threads.Keyword(Line(i)).ok());
    auto r = threads.Finish(summary, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
    paths = *r;
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"a.out", "b.out"}));
  for (auto& s : sinks) {
    auto* rec = static_cast<RecordingSink*>(s.get());
    ASSERT_EQ(rec->seen.size(), 10001u);
    EXPECT_EQ(rec->seen.front(), "kw 0");
    EXPECT_EQ(rec->seen[5000], "kw 5000");
    EXPECT_EQ(rec->seen.back(), "kw 10000");
    EXPECT_EQ(rec->finished_with, 10001u);
  }
}

TEST(SinkThreadsTest, AFailingSinkStopsThePassWithItsError) {
  std::vector<std::unique_ptr<reports::ReportSink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("ok"));
  sinks.push_back(std::make_unique<RecordingSink>("xlsx", 100));
  SinkThreads threads(sinks);
  Status st;
  int fed = 0;
  for (; fed < 1000000 && st.ok(); ++fed) st = threads.Keyword(Line(fed));
  ASSERT_FALSE(st.ok()) << "the pass never stopped";
  EXPECT_NE(st.message().find("xlsx: disk full"), std::string::npos) << st.message();
  EXPECT_LT(fed, 1000000);
  auto r = threads.Finish(reports::ReportData{}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("disk full"), std::string::npos);
}

TEST(SinkThreadsTest, DestroyingWithoutFinishJoinsTheThreads) {
  std::vector<std::unique_ptr<reports::ReportSink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("a"));
  {
    SinkThreads threads(sinks);
    for (int i = 0; i < 5000; ++i) ASSERT_TRUE(threads.Keyword(Line(i)).ok());
  }  // abandoned: no Finish, no hang
  SUCCEED();
}

}  // namespace
}  // namespace kr::app
