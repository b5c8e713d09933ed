// A fixed set of Classifiers (one per worker thread, since a Classifier is
// not thread-safe) and a blocking parallel-for over a batch. Private to app/.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "klantreis/classify/classifier.h"

namespace kr::app {

class ClassifierPool {
 public:
  // threads <= 0: hardware concurrency.
  Status Init(const classify::ClassifierConfig& config, int threads) {
    int n = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
    n = std::clamp(n, 1, 64);
    for (int i = 0; i < n; ++i) {
      auto c = classify::Classifier::Create(config);
      if (!c.ok()) return c.status();
      classifiers_.push_back(std::move(c).value());
    }
    return Status::Ok();
  }

  size_t size() const { return classifiers_.size(); }
  classify::Classifier& at(size_t worker) { return *classifiers_[worker]; }

  // Splits [0, count) into contiguous slices, runs fn(worker, begin, end)
  // for each on its own thread (slice 0 on the caller's), and waits.
  // Returns the number of slices used.
  size_t ParallelFor(size_t count, const std::function<void(size_t, size_t, size_t)>& fn) {
    size_t workers = std::min(classifiers_.size(), std::max<size_t>(1, count / 256));
    size_t per = (count + workers - 1) / workers;
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers; ++w) {
      threads.emplace_back([&, w] { fn(w, std::min(count, w * per), std::min(count, (w + 1) * per)); });
    }
    fn(0, 0, std::min(count, per));
    for (auto& t : threads) t.join();
    return workers;
  }

 private:
  std::vector<std::unique_ptr<classify::Classifier>> classifiers_;
};

}  // namespace kr::app
