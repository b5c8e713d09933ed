// CurlFetcher: one libcurl easy handle per fetcher, redirects followed by
// hand so every hop is checked against the scheme and host policy.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>

#include "klantreis/crawler/fetcher.h"

namespace kr::crawler {
namespace {

// Every refusal message carries this marker; IsFetchRefusal() looks for it.
constexpr std::string_view kRefused = "refused: ";

Status Refusal(const std::string& url, const std::string& why) {
  return Status::Unavailable(url + ": " + std::string(kRefused) + why);
}

// The one converter from a libcurl error code to a Status.
Status FromCurl(const std::string& url, CURLcode code, const char* errbuf) {
  std::string cause = (errbuf && *errbuf) ? errbuf : curl_easy_strerror(code);
  return Status::Unavailable(url + ": " + cause);
}

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool HostAllowed(const std::string& host, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return true;
  std::string h = Lower(host);
  if (!h.empty() && h.back() == '.') h.pop_back();
  for (const std::string& entry : allowed) {
    std::string a = Lower(entry);
    if (a == h) return true;
    if (a.size() > 2 && a.compare(0, 2, "*.") == 0) {
      std::string_view base = std::string_view(a).substr(1);  // ".example.com"
      if (h.size() > base.size() &&
          std::string_view(h).substr(h.size() - base.size()) == base) {
        return true;
      }
      if (h == a.substr(2)) return true;
    }
  }
  return false;
}

// Splits `url` with libcurl's own parser (the one the transfer will use),
// so the checked host is the host that is contacted.
struct UrlParts {
  std::string scheme;
  std::string host;
};
Result<UrlParts> ParseUrl(const std::string& url) {
  CURLU* u = curl_url();
  if (u == nullptr) return Status::Unavailable(url + ": out of memory");
  UrlParts parts;
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), 0);
  if (rc == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) parts.scheme = Lower(scheme);
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) parts.host = host;
    curl_free(scheme);
    curl_free(host);
  }
  curl_url_cleanup(u);
  if (rc != CURLUE_OK) {
    return Refusal(url, std::string("malformed URL (") + curl_url_strerror(rc) + ")");
  }
  if (parts.scheme != "http" && parts.scheme != "https") {
    return Refusal(url, "scheme '" + parts.scheme + "' is not http or https");
  }
  if (parts.host.empty()) return Refusal(url, "URL has no host");
  // IPv6 literals come back as "[::1]"; allowed_hosts are written without brackets too.
  if (parts.host.size() > 2 && parts.host.front() == '[' && parts.host.back() == ']') {
    parts.host = parts.host.substr(1, parts.host.size() - 2);
  }
  return parts;
}

Status CheckUrl(const std::string& url, const FetchRequest& req, bool is_redirect) {
  Result<UrlParts> parts = ParseUrl(url);
  if (!parts.ok()) return parts.status();
  if (!HostAllowed(parts->host, req.allowed_hosts)) {
    return Refusal(url, std::string(is_redirect ? "redirect to" : "host") + " '" + parts->host +
                            "' outside allowed hosts");
  }
  return Status::Ok();
}

struct Transfer {
  std::string body;
  size_t max_bytes = 0;
  bool too_large = false;
  bool truncate = false;
  long retry_after = -1;
  std::vector<std::pair<std::string, std::string>> headers;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * nmemb;
  if (t->body.size() + n > t->max_bytes) {
    t->too_large = true;
    if (t->truncate) t->body.append(data, t->max_bytes - t->body.size());
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * nmemb;
  std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") t->headers.clear();  // a new response (after 100 Continue)
  size_t colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0 && t->headers.size() < 200) {
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    t->headers.emplace_back(Lower(line.substr(0, colon)), std::string(v.substr(0, 8192)));
  }
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && Lower(line.substr(0, kName.size())) == kName) {
    std::string_view v = line.substr(kName.size());
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    long secs = 0;
    size_t digits = 0;
    while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9' && secs < 1000000) {
      secs = secs * 10 + (v[digits] - '0');
      ++digits;
    }
    // Only the delta-seconds form; an HTTP date is left as "absent".
    t->retry_after = digits > 0 ? secs : -1;
  }
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

class CurlFetcher final : public Fetcher {
 public:
  CurlFetcher() {
    GlobalInitOnce();
    handle_ = curl_easy_init();
  }
  ~CurlFetcher() override {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
  }
  CurlFetcher(const CurlFetcher&) = delete;
  CurlFetcher& operator=(const CurlFetcher&) = delete;

  Result<FetchResponse> Fetch(const FetchRequest& req) override {
    if (handle_ == nullptr) return Status::Unavailable(req.url + ": libcurl initialisation failed");
    using Clock = std::chrono::steady_clock;
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(req.timeout_ms);
    std::string url = req.url;
    for (int hop = 0;; ++hop) {
      KR_RETURN_IF_ERROR(CheckUrl(url, req, hop > 0));
      long remaining_ms = static_cast<long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (remaining_ms <= 0) {
        return Status::Unavailable(req.url + ": timed out after " + std::to_string(req.timeout_ms) +
                                   " ms (while following redirects)");
      }
      Transfer t;
      t.max_bytes = req.max_bytes;
      t.truncate = req.truncate_body;
      long status = 0;
      std::string content_type;
      std::string location;
      KR_RETURN_IF_ERROR(Perform(req, url, remaining_ms, &t, &status, &content_type, &location));
      bool is_redirect = (status == 301 || status == 302 || status == 303 || status == 307 ||
                          status == 308) &&
                         !location.empty();
      if (!is_redirect || !req.follow_redirects) {
        FetchResponse resp;
        resp.status = status;
        resp.body = std::move(t.body);
        resp.content_type = std::move(content_type);
        resp.final_url = url;
        resp.retry_after_seconds = t.retry_after;
        resp.truncated = t.too_large;
        resp.headers = std::move(t.headers);
        if (is_redirect) resp.location = std::move(location);
        return resp;
      }
      if (hop >= req.max_redirects) {
        return Refusal(req.url, "more than " + std::to_string(req.max_redirects) + " redirects");
      }
      url = location;
    }
  }

 private:
  Status Perform(const FetchRequest& req, const std::string& url, long timeout_ms, Transfer* t,
                 long* status, std::string* content_type, std::string* location) {
    CURL* h = handle_;
    curl_easy_reset(h);  // keeps the connection and DNS caches
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, req.connect_timeout_ms));
    curl_easy_setopt(h, CURLOPT_USERAGENT, req.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(req.max_bytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
    if (req.cancel != nullptr) {
      curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &OnProgress);
      curl_easy_setopt(h, CURLOPT_XFERINFODATA, req.cancel);
      curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    }
    if (req.truncate_body) curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(0));
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_ABORTED_BY_CALLBACK) return Status::Aborted(url + ": cancelled");
    if (req.truncate_body && t->too_large) rc = CURLE_OK;  // cut on purpose: the response stands
    if ((t->too_large && !req.truncate_body) || rc == CURLE_FILESIZE_EXCEEDED) {
      return Refusal(url, "body larger than " + std::to_string(req.max_bytes) + " bytes");
    }
    if (rc == CURLE_UNSUPPORTED_PROTOCOL) return Refusal(url, "scheme is not http or https");
    if (rc != CURLE_OK) {
      Status s = FromCurl(url, rc, errbuf);
      return url == req.url ? s : s.WithContext(req.url + " (redirected)");
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    char* ct = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr) *content_type = ct;
    char* loc = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc != nullptr) *location = loc;
    return Status::Ok();
  }

  CURL* handle_ = nullptr;
};

}  // namespace

bool IsFetchRefusal(const Status& s) {
  return !s.ok() && s.message().find(kRefused) != std::string::npos;
}

std::unique_ptr<Fetcher> MakeCurlFetcher() { return std::make_unique<CurlFetcher>(); }

}  // namespace kr::crawler
