#include "html_evidence.h"

#include <vector>

namespace kr::reports::internal {
namespace {

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + sep.size();
  }
  return out;
}

// "cue:nl:kortingscode[kortingscode]" -> kind "cue", name "kortingscode", matched "kortingscode".
struct Hit {
  std::string_view kind, name, matched;
};

Hit Parse(std::string_view item) {
  Hit h;
  size_t bracket = item.find('[');
  std::string_view head = item.substr(0, bracket);
  if (bracket != std::string_view::npos && item.back() == ']') {
    h.matched = item.substr(bracket + 1, item.size() - bracket - 2);
  }
  size_t c1 = head.find(':');
  h.kind = head.substr(0, c1);
  h.name = c1 == std::string_view::npos ? std::string_view() : head.substr(head.rfind(':') + 1);
  return h;
}

std::string Quoted(std::string_view s) { return "\u201c" + std::string(s) + "\u201d"; }

}  // namespace

std::string EvidenceInWords(std::string_view trace) {
  std::vector<std::string> parts;
  for (std::string_view item : Split(trace, "; ")) {
    Hit h = Parse(item);
    std::string_view word = h.name.empty() ? h.matched : h.name;
    if (h.kind == "decide") continue;  // how ties were broken: no news for a reader
    if (h.kind == "cue") {
      parts.push_back(Quoted(word) + " points to this stage");
    } else if (h.kind == "signal") {
      parts.push_back(Quoted(word) + " names the product or topic");
    } else if (h.kind == "brand") {
      parts.push_back("names the brand or shop " + Quoted(word));
    } else if (h.kind == "navigational") {
      parts.push_back("looks for a specific page (" + std::string(word) + ")");
    } else if (h.kind == "default") {
      parts.push_back("no stage word: the usual stage for a query that only names a product");
    } else if (h.kind == "serp") {
      parts.push_back("the search results show " + std::string(word.empty() ? item : word));
    } else if (h.kind == "override") {
      parts.push_back("set by the project's own rules");
    } else {
      parts.push_back(std::string(item));
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  if (!out.empty()) out[0] = static_cast<char>(out[0] >= 'a' && out[0] <= 'z' ? out[0] - 32 : out[0]);
  return out.empty() ? "No evidence recorded." : out + ".";
}

}  // namespace kr::reports::internal
