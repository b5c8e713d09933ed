// Runs each report sink on a thread of its own. The pass over the store
// hands batches of keyword lines, shared read-only by all sinks, to one
// bounded queue per sink, so a slow format (XLSX: XML writing and zip
// compression) overlaps with the pass and with the other formats instead
// of adding to them. Memory stays bounded by the queues (a few batches per
// sink), whatever the number of keywords.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bounded_queue.h"
#include "klantreis/core/progress.h"
#include "klantreis/reports/report.h"

namespace kr::app {

class SinkThreads {
 public:
  // The sinks must have begun (Begin) already; they stay owned by the caller
  // and outlive this object.
  explicit SinkThreads(const std::vector<std::unique_ptr<reports::ReportSink>>& sinks);
  ~SinkThreads();  // stops and joins the threads (an unfinished report is abandoned)
  SinkThreads(const SinkThreads&) = delete;
  SinkThreads& operator=(const SinkThreads&) = delete;

  // Queues one keyword for every sink; returns the first error a sink has
  // reported so far (the pass then stops).
  Status Keyword(const reports::KeywordLine& k);
  // Hands the last keywords over, waits for every sink to have consumed its
  // keywords, then finishes each sink with `summary` on its thread (in
  // parallel) and returns the written paths in sink order, or the first
  // error in sink order.
  Result<std::vector<std::string>> Finish(const reports::ReportData& summary, Progress* progress);

 private:
  using Batch = std::shared_ptr<const std::vector<reports::KeywordLine>>;
  struct Worker {
    reports::ReportSink* sink = nullptr;
    std::unique_ptr<BoundedQueue<Batch>> queue;
    std::thread thread;
    Status status;                 // the first error of this sink's Keyword calls
    std::atomic<bool> failed{false};
  };
  Status Flush();
  void Stop();

  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<reports::KeywordLine> pending_;
  bool stopped_ = false;
};

}  // namespace kr::app
