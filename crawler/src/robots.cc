#include "klantreis/crawler/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

namespace kr::crawler {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The product token: letters, digits, '-' and '_' from the start (digits as crawler-commons does:
// "bot1" and "bot2" are different crawlers).
std::string ProductToken(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '-' || s[n] == '_')) ++n;
  return Lower(s.substr(0, n));
}

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kUnknown };

// Key names as Google accepts them, typos included.
Key KeyOf(std::string_view raw) {
  std::string k = Lower(raw);
  if (k == "user-agent" || k == "useragent" || k == "user agent") return Key::kUserAgent;
  if (k == "allow") return Key::kAllow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" || k == "diasllow" ||
      k == "disallaw")
    return Key::kDisallow;
  if (k == "sitemap" || k == "site-map") return Key::kSitemap;
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl delay") return Key::kCrawlDelay;
  return Key::kUnknown;
}

// Splits "key: value" (also "key value" without a colon, as Google does when
// the line has exactly two words). False for a line with no key.
bool SplitLine(std::string_view line, std::string_view* key, std::string_view* value) {
  size_t hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  line = Trim(line);
  if (line.empty()) return false;
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    *key = Trim(line.substr(0, colon));
    *value = Trim(line.substr(colon + 1));
    return !key->empty();
  }
  size_t ws = line.find_first_of(" \t");
  if (ws == std::string_view::npos) return false;
  std::string_view rest = Trim(line.substr(ws));
  if (rest.find_first_of(" \t") != std::string_view::npos) return false;
  *key = line.substr(0, ws);
  *value = rest;
  return true;
}

// UTF-16 (with a BOM) to UTF-8; other input is returned as is, minus a UTF-8 BOM.
std::string ToUtf8(std::string_view body) {
  if (body.size() >= 3 && static_cast<unsigned char>(body[0]) == 0xEF &&
      static_cast<unsigned char>(body[1]) == 0xBB && static_cast<unsigned char>(body[2]) == 0xBF) {
    return std::string(body.substr(3));
  }
  if (body.size() < 2) return std::string(body);
  unsigned char b0 = static_cast<unsigned char>(body[0]), b1 = static_cast<unsigned char>(body[1]);
  bool le = b0 == 0xFF && b1 == 0xFE, be = b0 == 0xFE && b1 == 0xFF;
  if (!le && !be) return std::string(body);
  std::string out;
  auto unit = [&](size_t i) -> uint32_t {
    unsigned char a = static_cast<unsigned char>(body[i]), b = static_cast<unsigned char>(body[i + 1]);
    return le ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t i = 2; i + 1 < body.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < body.size()) {
      uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

RobotsRule MakeRule(bool allow, std::string_view pattern, int line) {
  RobotsRule r;
  r.allow = allow;
  r.pattern = std::string(pattern);
  r.normalised = NormaliseRobotsPath(pattern);
  r.line = line;
  return r;
}

// Seconds of a Crawl-delay value ("5", "0.5"); none for anything else.
std::optional<double> ParseDelay(std::string_view v) {
  if (v.empty() || v.size() > 32) return std::nullopt;
  std::string s(v);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !(d >= 0) || d > 86400.0 * 365) return std::nullopt;
  return d;
}

void KeepLarger(std::optional<double>* slot, double v) {
  if (!*slot || v > **slot) *slot = v;
}

}  // namespace

std::string RobotsRule::Describe() const { return std::string(allow ? "Allow: " : "Disallow: ") + pattern; }

std::string NormaliseRobotsPath(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out += static_cast<char>(v);
      } else {
        out += '%';
        out += kHex[v >> 4];
        out += kHex[v & 15];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7F) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string RobotsPathOf(std::string_view url) {
  size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  size_t start = 0;
  size_t scheme = url.find("://");
  size_t first_sep = url.find_first_of("/?;");
  if (scheme != std::string_view::npos && (first_sep == std::string_view::npos || scheme < first_sep)) {
    start = scheme + 3;
  } else if (url.substr(0, 2) == "//") {
    start = 2;
  } else if (!url.empty() && (url[0] == '/' || url[0] == '?')) {
    start = std::string_view::npos;  // already a path
  }
  std::string_view path;
  if (start == std::string_view::npos) {
    path = url;
  } else {
    size_t p = url.find_first_of("/?;", start);
    if (p == std::string_view::npos) return "/";
    path = url.substr(p);
  }
  if (path.empty()) return "/";
  if (path[0] != '/') return "/" + std::string(path);
  return std::string(path);
}

bool RobotsPatternMatches(std::string_view path, std::string_view pattern) {
  // positions[i]: the path prefixes matched so far (sorted, unique), as in a
  // simple NFA over the pattern; O(len(path) * len(pattern)) at worst.
  std::vector<size_t> pos{0}, next;
  for (size_t k = 0; k < pattern.size(); ++k) {
    char pc = pattern[k];
    if (pc == '$' && k + 1 == pattern.size()) {
      return pos.back() == path.size();
    }
    next.clear();
    if (pc == '*') {
      for (size_t i = pos.front(); i <= path.size(); ++i) next.push_back(i);
    } else {
      for (size_t i : pos)
        if (i < path.size() && path[i] == pc) next.push_back(i + 1);
    }
    if (next.empty()) return false;
    pos.swap(next);
  }
  return true;
}

RobotsTxt RobotsTxt::AllowAll() { return RobotsTxt(); }

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt r;
  r.disallow_all_ = true;
  r.rules_.push_back(MakeRule(false, "/", 0));
  return r;
}

RobotsTxt RobotsTxt::Parse(std::string_view raw, std::string_view agent) {
  RobotsTxt out;
  if (raw.size() > kRobotsMaxBytes) {
    out.truncated_ = true;
    raw = raw.substr(0, kRobotsMaxBytes);
    // The line the limit cuts is dropped whole.
    size_t last = raw.find_last_of("\r\n");
    raw = last == std::string_view::npos ? std::string_view() : raw.substr(0, last + 1);
  }
  std::string body = ToUtf8(raw);
  std::string me = ProductToken(agent);
  std::vector<RobotsRule> specific, global;
  bool in_agents = false;  // inside a run of user-agent lines
  bool group_specific = false, group_global = false;
  std::optional<double> delay_specific, delay_global;
  double group_delay = -1;  // of the group being read (-1: none): it counts for all the group's agents
  auto close_group = [&] {
    if (group_delay >= 0 && group_specific) KeepLarger(&delay_specific, group_delay);
    if (group_delay >= 0 && group_global) KeepLarger(&delay_global, group_delay);
    group_delay = -1;
  };
  int line_no = 0;
  size_t i = 0;
  while (i <= body.size()) {
    size_t end = body.find_first_of("\r\n", i);
    if (end == std::string::npos) end = body.size();
    std::string_view line(body.data() + i, end - i);
    ++line_no;
    i = end + 1;
    if (end < body.size() && body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ++i;
    std::string_view key, value;
    if (!SplitLine(line, &key, &value)) {
      if (end >= body.size()) break;
      continue;
    }
    switch (KeyOf(key)) {
      case Key::kUserAgent: {
        if (!in_agents) {
          close_group();
          group_specific = group_global = false;
        }
        in_agents = true;
        if (!value.empty() && value[0] == '*' && (value.size() == 1 || value[1] == ' ' || value[1] == '\t')) {
          group_global = true;
        } else {
          std::string token = ProductToken(value);
          if (!token.empty() && token == me) {
            group_specific = true;
            out.specific_seen_ = true;
          }
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agents = false;
        if (value.empty()) break;
        bool allow = KeyOf(key) == Key::kAllow;
        std::vector<RobotsRule> rules{MakeRule(allow, value, line_no)};
        // Google: "Allow: /dir/index.html" also allows "/dir/".
        if (allow) {
          for (std::string_view idx : {std::string_view("/index.html"), std::string_view("/index.htm")}) {
            if (value.size() >= idx.size() && value.substr(value.size() - idx.size()) == idx) {
              RobotsRule dir = rules[0];
              dir.normalised = NormaliseRobotsPath(value.substr(0, value.size() - idx.size() + 1)) + "$";
              rules.push_back(dir);
              break;
            }
          }
        }
        for (const RobotsRule& r : rules) {
          if (group_specific) specific.push_back(r);
          if (group_global) global.push_back(r);
        }
        break;
      }
      case Key::kSitemap:
        if (!value.empty()) out.sitemaps_.emplace_back(value);
        break;
      case Key::kCrawlDelay:
        if (std::optional<double> d = ParseDelay(value)) group_delay = std::max(group_delay, *d);
        break;
      case Key::kUnknown:
        break;
    }
    if (end >= body.size()) break;
  }
  close_group();
  out.rules_ = out.specific_seen_ ? std::move(specific) : std::move(global);
  out.crawl_delay_ = out.specific_seen_ ? delay_specific : delay_global;
  return out;
}

RobotsVerdict RobotsTxt::Check(std::string_view url) const {
  RobotsVerdict v;
  if (disallow_all_) {
    v.allowed = false;
    v.rule = &rules_.front();
    return v;
  }
  std::string path = NormaliseRobotsPath(RobotsPathOf(url));
  // robots.txt itself is always allowed.
  if (path == "/robots.txt") return v;
  size_t best = 0;
  for (const RobotsRule& r : rules_) {
    size_t len = r.normalised.size();
    if (len < best || (len == best && v.rule && v.rule->allow)) continue;
    if (!RobotsPatternMatches(path, r.normalised)) continue;
    if (len > best || (len == best && r.allow)) {
      best = len;
      v.rule = &r;
    }
  }
  if (v.rule) v.allowed = v.rule->allow;
  return v;
}

}  // namespace kr::crawler
