#include "sink_threads.h"

#include <atomic>
#include <future>

namespace kr::app {
namespace {

constexpr size_t kBatchLines = 2048;
constexpr size_t kQueueBatches = 8;  // per sink

}  // namespace

SinkThreads::SinkThreads(const std::vector<std::unique_ptr<reports::ReportSink>>& sinks) {
  pending_.reserve(kBatchLines);
  for (const auto& sink : sinks) {
    auto w = std::make_unique<Worker>();
    w->sink = sink.get();
    w->queue = std::make_unique<BoundedQueue<Batch>>(kQueueBatches);
    Worker* raw = w.get();
    w->thread = std::thread([raw] {
      while (auto batch = raw->queue->Pop()) {
        if (raw->failed.load(std::memory_order_relaxed)) continue;  // drain, so the producer never blocks
        for (const reports::KeywordLine& line : **batch) {
          Status st = raw->sink->Keyword(line);
          if (!st.ok()) {
            raw->status = std::move(st);
            raw->failed.store(true, std::memory_order_release);
            break;
          }
        }
      }
    });
    workers_.push_back(std::move(w));
  }
}

SinkThreads::~SinkThreads() { Stop(); }

void SinkThreads::Stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& w : workers_) w->queue->Close();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

Status SinkThreads::Keyword(const reports::KeywordLine& k) {
  pending_.push_back(k);
  if (pending_.size() < kBatchLines) return Status::Ok();
  return Flush();
}

Status SinkThreads::Flush() {
  for (auto& w : workers_) {
    // Acquire pairs with the worker's release: its status is complete once failed is seen.
    if (w->failed.load(std::memory_order_acquire)) return w->status;
  }
  if (pending_.empty()) return Status::Ok();
  Batch batch = std::make_shared<const std::vector<reports::KeywordLine>>(std::move(pending_));
  pending_ = {};
  pending_.reserve(kBatchLines);
  for (auto& w : workers_) w->queue->Push(batch);
  return Status::Ok();
}

Result<std::vector<std::string>> SinkThreads::Finish(const reports::ReportData& summary, Progress* progress) {
  Status flushed = Flush();
  Stop();  // every sink has consumed every keyword once its thread has ended
  if (!flushed.ok()) return flushed;
  for (auto& w : workers_) {
    if (!w->status.ok()) return w->status;
  }
  // Finish in parallel: each sink writes its own files.
  std::vector<std::future<Result<std::vector<std::string>>>> done;
  for (auto& w : workers_) {
    reports::ReportSink* sink = w->sink;
    if (progress != nullptr) progress->Note("writing the " + std::string(sink->format()) + " report");
    done.push_back(std::async(std::launch::async, [sink, &summary] { return sink->Finish(summary); }));
  }
  std::vector<std::string> paths;
  Status first;
  for (auto& f : done) {
    auto r = f.get();  // wait for all, also after an error
    if (!r.ok()) {
      if (first.ok()) first = r.status();
      continue;
    }
    paths.insert(paths.end(), r->begin(), r->end());
  }
  if (!first.ok()) return first;
  return paths;
}

}  // namespace kr::app
