// URL helpers for SERP parsing and fetching: percent coding, query
// parameters, hosts, and the fetch URL template.
#include <string>
#include <string_view>

#include "klantreis/crawler/serp.h"
#include "serp_dom.h"

namespace kr::crawler {
namespace internal {

namespace {
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexVal(s[i + 1]);
      int lo = HexVal(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::optional<std::string> QueryParam(std::string_view url, std::string_view name) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(q + 1);
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  size_t p = 0;
  while (p <= rest.size()) {
    size_t amp = rest.find('&', p);
    if (amp == std::string_view::npos) amp = rest.size();
    std::string_view pair = rest.substr(p, amp - p);
    // "&amp;" left over from double-escaped markup
    if (pair.substr(0, 4) == "amp;") pair.remove_prefix(4);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (key == name) {
      if (eq == std::string_view::npos) return std::string();
      return PercentDecode(pair.substr(eq + 1), true);
    }
    p = amp + 1;
  }
  return std::nullopt;
}

}  // namespace internal

std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    if (url.substr(0, 2) != "//") return "";
    scheme = 0;
    url.remove_prefix(2);
  } else {
    url.remove_prefix(scheme + 3);
  }
  size_t end = url.find_first_of("/?#");
  std::string_view auth = url.substr(0, end);
  size_t at = auth.rfind('@');
  if (at != std::string_view::npos) auth.remove_prefix(at + 1);
  if (!auth.empty() && auth.front() == '[') {
    size_t close = auth.find(']');
    return internal::AsciiLower(auth.substr(1, close == std::string_view::npos ? auth.size() - 1 : close - 1));
  }
  size_t colon = auth.find(':');
  return internal::AsciiLower(auth.substr(0, colon));
}

Result<std::string> ExpandSerpUrl(std::string_view tmpl, std::string_view query, std::string_view lang,
                                  std::string_view engine) {
  std::string where = "serp url template '" + std::string(tmpl) + "'";
  if (tmpl.find("{query}") == std::string_view::npos) {
    return Status::InvalidArgument(where + ": has no {query} placeholder");
  }
  if (!internal::StartsWithNoCase(tmpl, "http://") && !internal::StartsWithNoCase(tmpl, "https://")) {
    return Status::InvalidArgument(where + ": must start with http:// or https://");
  }
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        if (name == "query") {
          out += internal::PercentEncode(query);
        } else if (name == "lang") {
          out += internal::PercentEncode(lang);
        } else if (name == "engine") {
          out += internal::PercentEncode(engine);
        } else {
          return Status::InvalidArgument(where + ": unknown placeholder {" + std::string(name) +
                                         "} (use {query}, {lang}, {engine})");
        }
        i = close + 1;
        continue;
      }
    }
    out.push_back(tmpl[i]);
    ++i;
  }
  if (UrlHost(out).empty()) return Status::InvalidArgument(where + ": has no host");
  return out;
}

}  // namespace kr::crawler
