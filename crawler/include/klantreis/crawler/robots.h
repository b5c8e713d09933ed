// robots.txt (RFC 9309), with Google's behaviour where the RFC is silent.
//
// A RobotsTxt is parsed once for one crawler agent and then answers Check()
// for any number of URLs of that host. Immutable after Parse(): Check() is
// safe to call from several threads at once.
//
// Grouping: consecutive user-agent lines form one group; a rule line ends the
// group's agent list. The crawler obeys every group naming its product token
// (case-insensitive, merged); only when none names it, every `*` group
// (merged). A group for the agent without rules allows everything. Rules
// before any user-agent line, unknown lines and `Sitemap:` lines do not open
// or close a group.
// Matching: the longest matching pattern wins (its length as written), allow
// wins a tie; `*` matches any run of bytes, `$` at the end anchors. Both the
// pattern and the URL path are percent-normalised (unreserved characters
// decoded, other escapes upper-cased, bytes >= 0x80 and spaces escaped).
// Empty patterns match nothing.
// Size: only the first kRobotsMaxBytes (500 KiB, Google's limit) are read;
// content after it is ignored (a line cut by the limit is dropped whole).
// Crawl-delay: a non-standard line that belongs to the group it stands in
// (it neither opens nor closes one); of the agent's merged groups the
// largest value counts, and the `*` groups' only when no group names it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kr::crawler {

struct RobotsRule {
  bool allow = false;
  std::string pattern;     // as written in the file (trimmed)
  std::string normalised;  // percent-normalised, what is matched
  int line = 0;            // 1-based line in the file

  // "Allow: /x" or "Disallow: /x", the rule as a tester prints it.
  std::string Describe() const;
};

struct RobotsVerdict {
  bool allowed = true;
  const RobotsRule* rule = nullptr;  // the rule that decided; null when none matched
};

inline constexpr size_t kRobotsMaxBytes = 500 * 1024;

class RobotsTxt {
 public:
  // agent: the crawler's name; its product token (letters, '-', '_' up to
  // the first other character, e.g. "klantreis" of "klantreis/0.1") is what
  // user-agent lines are matched against. Never fails: unparsable lines are
  // ignored, as RFC 9309 asks. A UTF-8 BOM is skipped; a UTF-16 file (BOM)
  // is converted to UTF-8 first.
  static RobotsTxt Parse(std::string_view body, std::string_view agent);

  // A robots.txt that allows everything (4xx when fetching it) or nothing
  // (5xx or unreachable).
  static RobotsTxt AllowAll();
  static RobotsTxt DisallowAll();

  // url: an absolute URL or a path ("/a?b"); the fragment is ignored.
  RobotsVerdict Check(std::string_view url) const;

  // Sitemap: lines, in file order, as written (may be relative).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  // True when a group names the agent itself (not only `*`).
  bool has_specific_group() const { return specific_seen_; }
  // Seconds from the Crawl-delay of the agent's groups; none when absent
  // or unparsable (negative, not a number).
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // True when the file was longer than kRobotsMaxBytes (the rest ignored).
  bool truncated() const { return truncated_; }

 private:
  std::vector<RobotsRule> rules_;  // the rules that apply to the agent
  std::vector<std::string> sitemaps_;
  bool specific_seen_ = false;
  bool disallow_all_ = false;
  bool truncated_ = false;
  std::optional<double> crawl_delay_;
};

// The path, parameters and query of a URL ("/" when empty), without the
// fragment, as robots.txt rules see it.
std::string RobotsPathOf(std::string_view url);

// Percent-normalises a path or pattern (see the header comment).
std::string NormaliseRobotsPath(std::string_view s);

// Whether path matches a normalised pattern with `*` and a final `$`.
bool RobotsPatternMatches(std::string_view path, std::string_view pattern);

}  // namespace kr::crawler
