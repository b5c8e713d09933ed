// PoliteFetcher: a rate limit and retries with exponential backoff around
// any Fetcher.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "klantreis/crawler/fetcher.h"

namespace kr::crawler {
namespace {

using Clock = std::chrono::steady_clock;

bool RetryableStatus(long status) { return status == 429 || (status >= 500 && status <= 599); }

class PoliteFetcher final : public Fetcher {
 public:
  PoliteFetcher(Fetcher* inner, PolitePolicy policy) : inner_(inner), policy_(policy) {
    if (policy_.max_attempts < 1) policy_.max_attempts = 1;
    if (policy_.requests_per_second > 0) {
      interval_ = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / policy_.requests_per_second));
    }
  }

  Result<FetchResponse> Fetch(const FetchRequest& request) override {
    std::chrono::milliseconds backoff = policy_.base_backoff;
    for (int attempt = 1;; ++attempt) {
      if (!WaitForSlot(request.cancel)) return Status::Aborted(request.url + ": cancelled");
      Result<FetchResponse> r = inner_->Fetch(request);
      const bool last = attempt >= policy_.max_attempts;
      if (!r.ok()) {
        if (last || IsFetchRefusal(r.status())) return r;
        if (!Sleep(backoff, request.cancel)) return r;
      } else {
        if (last || !RetryableStatus(r->status)) return r;
        long ra = r->retry_after_seconds;
        if (ra >= 0) {
          // A server that asks for a long pause gets it from the caller, not from us.
          if (std::chrono::seconds(ra) > policy_.max_retry_after) return r;
          if (!Sleep(std::max<std::chrono::milliseconds>(std::chrono::seconds(ra), backoff), request.cancel)) return r;
        } else if (!Sleep(backoff, request.cancel)) {
          return r;
        }
      }
      backoff *= 2;
    }
  }

 private:
  // Blocks until at least `interval_` has passed since the previous request
  // started; false when `cancel` was set meanwhile.
  bool WaitForSlot(const std::atomic<bool>* cancel) {
    Clock::time_point now = Clock::now();
    if (started_ && now < next_slot_) {
      if (!SleepUntil(next_slot_, cancel)) return false;
      now = Clock::now();
    }
    started_ = true;
    next_slot_ = now + interval_;
    return true;
  }
  static bool Sleep(std::chrono::milliseconds d, const std::atomic<bool>* cancel) {
    return d.count() <= 0 || SleepUntil(Clock::now() + d, cancel);
  }
  // Sleeps in slices of 100 ms at most, so a cancel is seen within a second.
  static bool SleepUntil(Clock::time_point until, const std::atomic<bool>* cancel) {
    for (;;) {
      if (cancel != nullptr && cancel->load()) return false;
      const Clock::time_point now = Clock::now();
      if (now >= until) return true;
      std::this_thread::sleep_for(std::min<Clock::duration>(until - now, std::chrono::milliseconds(100)));
    }
  }

  Fetcher* inner_;
  PolitePolicy policy_;
  Clock::duration interval_{0};
  bool started_ = false;
  Clock::time_point next_slot_{};
};

}  // namespace

std::unique_ptr<Fetcher> MakePoliteFetcher(Fetcher* inner, PolitePolicy policy) {
  return std::make_unique<PoliteFetcher>(inner, policy);
}

}  // namespace kr::crawler
