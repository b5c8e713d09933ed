// Web URLs for the site crawler: parsing, resolving and normalising with
// libcurl's URL API (curl_url), and the origin (scheme, host, port) a crawl
// stays within.
//
// Normal form: scheme and host lower-case, the default port dropped, dot
// segments removed, an empty path made "/", the fragment dropped, percent
// escapes upper-case with unreserved characters decoded, other bytes that
// need it escaped (a space in the query becomes '+', as libcurl writes it).
// Two spellings of one address normalise to the same string, which is the
// key pages are de-duplicated and stored by.
#pragma once

#include <string>
#include <string_view>

#include "klantreis/core/status.h"

namespace kr::crawler {

struct WebUrl {
  std::string url;     // the normal form
  std::string scheme;  // "http" or "https"
  std::string host;    // lower-case; IPv6 literals in brackets
  int port = 0;        // the effective port (80/443 when none was written)
  std::string path;    // path and query as normalised ("/" at least)

  // "scheme://host[:port]" with the default port omitted.
  std::string Origin() const;
  bool SameOrigin(const WebUrl& other) const {
    return scheme == other.scheme && host == other.host && port == other.port;
  }
};

// An absolute http or https URL. InvalidArgument naming the URL for
// anything else (relative, another scheme such as mailto: or javascript:,
// no host, malformed).
Result<WebUrl> ParseWebUrl(std::string_view url);

// `ref` (absolute, relative, protocol-relative, "?q" or "#f") resolved
// against the absolute `base`, then parsed as ParseWebUrl does.
Result<WebUrl> ResolveWebUrl(std::string_view base, std::string_view ref);

}  // namespace kr::crawler
