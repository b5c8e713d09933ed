// URL parsing and normalisation on libcurl's URL API.
#include "klantreis/crawler/web_url.h"

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>
#include <memory>

namespace kr::crawler {
namespace {

struct UrlHandle {
  CURLU* h = curl_url();
  ~UrlHandle() { curl_url_cleanup(h); }
  UrlHandle() = default;
  UrlHandle(const UrlHandle&) = delete;
  UrlHandle& operator=(const UrlHandle&) = delete;
};

// One part as a string ("" when the URL has none).
std::string Part(CURLU* h, CURLUPart part, unsigned flags = 0) {
  char* s = nullptr;
  std::string out;
  if (curl_url_get(h, part, &s, flags) == CURLUE_OK && s != nullptr) out = s;
  curl_free(s);
  return out;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Upper-case escapes; unreserved characters decoded.
std::string NormaliseEscapes(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      if (std::isalnum(v) || v == '-' || v == '.' || v == '_' || v == '~') {
        out += static_cast<char>(v);
      } else {
        out += '%';
        out += kHex[v >> 4];
        out += kHex[v & 15];
      }
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<WebUrl> FromHandle(CURLU* h, std::string_view shown) {
  WebUrl u;
  u.scheme = Lower(Part(h, CURLUPART_SCHEME));
  if (u.scheme != "http" && u.scheme != "https") {
    return Status::InvalidArgument(std::string(shown) + ": not an http or https URL");
  }
  u.host = Lower(Part(h, CURLUPART_HOST));
  if (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  if (u.host.empty()) return Status::InvalidArgument(std::string(shown) + ": URL has no host");
  std::string port = Part(h, CURLUPART_PORT, CURLU_DEFAULT_PORT);
  u.port = port.empty() ? (u.scheme == "https" ? 443 : 80) : std::atoi(port.c_str());
  std::string path = NormaliseEscapes(Part(h, CURLUPART_PATH));
  if (path.empty()) path = "/";
  std::string query = Part(h, CURLUPART_QUERY);
  u.path = std::move(path);
  if (!query.empty()) {
    u.path += '?';
    u.path += NormaliseEscapes(query);
  }
  u.url = u.Origin() + u.path;
  return u;
}

Status UrlError(std::string_view url, CURLUcode rc) {
  return Status::InvalidArgument(std::string(url) + ": malformed URL (" + curl_url_strerror(rc) + ")");
}

}  // namespace

std::string WebUrl::Origin() const {
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  std::string out = scheme;
  out += "://";
  out += host;
  if (!default_port) {
    out += ':';
    out += std::to_string(port);
  }
  return out;
}

Result<WebUrl> ParseWebUrl(std::string_view url) {
  UrlHandle u;
  if (u.h == nullptr) return Status::Unavailable("out of memory");
  std::string s(url);
  if (s.find('\0') != std::string::npos) return Status::InvalidArgument("URL holds a NUL byte");
  CURLUcode rc = curl_url_set(u.h, CURLUPART_URL, s.c_str(), CURLU_URLENCODE);
  if (rc != CURLUE_OK) return UrlError(url, rc);
  return FromHandle(u.h, url);
}

Result<WebUrl> ResolveWebUrl(std::string_view base, std::string_view ref) {
  UrlHandle u;
  if (u.h == nullptr) return Status::Unavailable("out of memory");
  std::string b(base), r(ref);
  if (b.find('\0') != std::string::npos || r.find('\0') != std::string::npos) {
    return Status::InvalidArgument("URL holds a NUL byte");
  }
  CURLUcode rc = curl_url_set(u.h, CURLUPART_URL, b.c_str(), CURLU_URLENCODE);
  if (rc != CURLUE_OK) return UrlError(base, rc);
  // Surrounding whitespace is not part of an href (HTML strips it).
  size_t first = r.find_first_not_of(" \t\r\n\f");
  size_t last = r.find_last_not_of(" \t\r\n\f");
  r = first == std::string::npos ? std::string() : r.substr(first, last - first + 1);
  if (r.empty() || r[0] == '#') return FromHandle(u.h, base);  // the same document
  rc = curl_url_set(u.h, CURLUPART_URL, r.c_str(), CURLU_URLENCODE);
  if (rc != CURLUE_OK) return UrlError(ref, rc);
  return FromHandle(u.h, ref);
}

}  // namespace kr::crawler
