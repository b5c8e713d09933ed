// PoliteFetcher: a rate limit and retries with exponential backoff around
// any Fetcher.
#include <algorithm>
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
      WaitForSlot();
      Result<FetchResponse> r = inner_->Fetch(request);
      const bool last = attempt >= policy_.max_attempts;
      if (!r.ok()) {
        if (last || IsFetchRefusal(r.status())) return r;
        Sleep(backoff);
      } else {
        if (last || !RetryableStatus(r->status)) return r;
        long ra = r->retry_after_seconds;
        if (ra >= 0) {
          // A server that asks for a long pause gets it from the caller, not from us.
          if (std::chrono::seconds(ra) > policy_.max_retry_after) return r;
          Sleep(std::max<std::chrono::milliseconds>(std::chrono::seconds(ra), backoff));
        } else {
          Sleep(backoff);
        }
      }
      backoff *= 2;
    }
  }

 private:
  // Blocks until at least `interval_` has passed since the previous request started.
  void WaitForSlot() {
    Clock::time_point now = Clock::now();
    if (started_ && now < next_slot_) {
      std::this_thread::sleep_until(next_slot_);
      now = Clock::now();
    }
    started_ = true;
    next_slot_ = now + interval_;
  }
  static void Sleep(std::chrono::milliseconds d) {
    if (d.count() > 0) std::this_thread::sleep_for(d);
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
