// Fetcher: HTTP GET with hard limits, behind one interface so callers and
// tests do not depend on libcurl. CurlFetcher is the real implementation;
// PoliteFetcher wraps any Fetcher with a rate limit and retries.
// Thread-safety: a Fetcher instance is used by one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "klantreis/core/status.h"

namespace kr::crawler {

struct FetchRequest {
  std::string url;
  long timeout_ms = 15000;          // whole transfer
  long connect_timeout_ms = 5000;
  size_t max_bytes = 8u << 20;      // body cap; larger is an error
  int max_redirects = 5;
  std::vector<std::string> allowed_hosts;  // empty = any; redirects outside are refused
  std::string user_agent = "klantreis/0.1 (+https://example.invalid/klantreis)";
  // false: a redirect is not followed but returned as the response (status
  // 3xx, `location` set), so the caller can check and record every hop.
  bool follow_redirects = true;
  // true: a body over max_bytes is cut there (response.truncated), the rest
  // not downloaded, instead of being a refusal.
  bool truncate_body = false;
  // When set and true, the transfer is abandoned (Aborted) within about a second.
  const std::atomic<bool>* cancel = nullptr;
};

struct FetchResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string final_url;
  // Seconds from a Retry-After header (delta-seconds form); -1 when absent.
  long retry_after_seconds = -1;
  std::string location;   // absolute Location of a 3xx (follow_redirects false)
  bool truncated = false;  // the body was cut at max_bytes (truncate_body)
  // Response headers of the last hop, names lower-case, values trimmed.
  std::vector<std::pair<std::string, std::string>> headers;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Returns the response for any HTTP status (the caller decides), or
  // Unavailable naming the URL when the host is unreachable, the transfer
  // timed out, was too large, or redirected outside allowed_hosts.
  // allowed_hosts entries match the host exactly (case-insensitive); an
  // entry "*.example.com" also matches every subdomain of example.com.
  // Only http and https URLs are fetched, on every redirect hop.
  virtual Result<FetchResponse> Fetch(const FetchRequest& request) = 0;
};

std::unique_ptr<Fetcher> MakeCurlFetcher();

// True when `s` is a refusal by policy (scheme, host not allowed, body over
// max_bytes, too many redirects): repeating the same request cannot help,
// so PoliteFetcher does not retry it. Network failures return false.
bool IsFetchRefusal(const Status& s);

struct PolitePolicy {
  double requests_per_second = 1.0;
  int max_attempts = 3;              // retries on network errors, 429 and 5xx
  std::chrono::milliseconds base_backoff{500};  // doubled per retry
  // A Retry-After up to this long replaces the backoff; a longer one is
  // not waited for (the last response is returned instead).
  std::chrono::seconds max_retry_after{30};
};
// Wraps `inner` (not owned) with a rate limit and retries with backoff.
// Requests start at least 1/requests_per_second apart (<= 0: no limit).
// Network errors (not refusals), 429 and 5xx are retried up to
// max_attempts in total; after the last attempt the last response (or
// error) is returned as is.
std::unique_ptr<Fetcher> MakePoliteFetcher(Fetcher* inner, PolitePolicy policy);

}  // namespace kr::crawler
