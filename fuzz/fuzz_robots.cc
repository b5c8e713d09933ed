// robots.txt parsing and matching (crawler::RobotsTxt) on arbitrary bytes.
// The input is "robots.txt body \0 URL path"; the agent is klantreis.
// Invariants: parsing never fails; a verdict's rule is one of the file's
// rules with a line inside the file; an allow-all file allows; the same
// URL gets the same verdict twice; a path matches its own literal pattern.
#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "klantreis/crawler/robots.h"

using kr::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nul = in.find('\0');
  std::string_view body = in.substr(0, nul);
  std::string url = nul == std::string_view::npos ? "/" : std::string(in.substr(nul + 1));
  if (url.empty() || url[0] != '/') url.insert(url.begin(), '/');

  kr::crawler::RobotsTxt robots = kr::crawler::RobotsTxt::Parse(body, "klantreis/0.1");
  const size_t lines = static_cast<size_t>(std::count(body.begin(), body.end(), '\n')) +
                       static_cast<size_t>(std::count(body.begin(), body.end(), '\r')) + 1;
  kr::crawler::RobotsVerdict v = robots.Check(url);
  if (v.rule) {
    Require(v.rule->line >= 1 && static_cast<size_t>(v.rule->line) <= lines, "a rule's line is outside the file");
    Require(v.allowed == v.rule->allow, "the verdict disagrees with its rule");
  }
  kr::crawler::RobotsVerdict again = robots.Check(url);
  Require(again.allowed == v.allowed && again.rule == v.rule, "the same URL gets two verdicts");
  Require(kr::crawler::RobotsTxt::AllowAll().Check(url).allowed, "allow-all refuses a URL");
  Require(!kr::crawler::RobotsTxt::DisallowAll().Check(url).allowed, "disallow-all allows a URL");

  std::string path = kr::crawler::RobotsPathOf(url);
  std::string literal = kr::crawler::NormaliseRobotsPath(path);
  if (literal.find_first_of("*$") == std::string::npos) {
    Require(kr::crawler::RobotsPatternMatches(kr::crawler::NormaliseRobotsPath(path), literal),
            "a path does not match its own literal pattern");
  }
  return 0;
}
