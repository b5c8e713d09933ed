// Reads a crawled HTML page with Gumbo (through the flat DOM of serp_dom.h,
// which walks without recursion and frees the tree at once).
#include "klantreis/crawler/page_html.h"

#include <cctype>
#include <unordered_set>

#include "klantreis/core/text.h"
#include "klantreis/crawler/web_url.h"
#include "serp_dom.h"

namespace kr::crawler {
namespace {

using internal::AsciiLower;
using internal::CollapseSpace;
using internal::FlatDom;

constexpr int kMaxNesting = 20000;       // deeper pages are refused (Gumbo is quadratic in depth)
constexpr size_t kMaxAttributes = 1000;  // per tag; more is refused (Gumbo is quadratic in attributes)
constexpr size_t kMaxHeadings = 50;      // per level
constexpr size_t kMaxTextBytes = 1000;   // title, description, one heading
constexpr size_t kMaxLinks = 20000;

bool HasToken(std::string_view list, std::string_view token) {
  std::string l = AsciiLower(list);
  size_t i = 0;
  while (i < l.size()) {
    size_t j = l.find_first_of(" \t\r\n,", i);
    if (j == std::string::npos) j = l.size();
    if (std::string_view(l).substr(i, j - i) == token) return true;
    i = j + 1;
  }
  return false;
}

std::string Cut(std::string s) {
  if (s.size() <= kMaxTextBytes) return s;
  size_t cut = kMaxTextBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

bool IsBoilerplate(GumboTag t) {
  return t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE ||
         t == GUMBO_TAG_FORM;
}

// Words of the text nodes in [begin, end), skipping boilerplate subtrees;
// the text itself (whitespace-collapsed, at most kMaxPageText bytes) into *text.
uint64_t CountWords(const FlatDom& dom, int begin, int end, std::string* text) {
  uint64_t words = 0;
  bool text_full = false;
  for (int j = begin; j < end; ++j) {
    if (dom.IsElement(j)) {
      if (IsBoilerplate(dom.Tag(j))) j = dom[j].end - 1;
      continue;
    }
    std::string_view t = dom.RawText(j);
    if (!text_full) {
      bool space = !text->empty();
      for (unsigned char c : t) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
          space = true;
          continue;
        }
        if (text->size() + 2 > kMaxPageText) {  // full: cut at the last space (no half word or UTF-8 sequence)
          size_t cut = text->rfind(' ');
          text->resize(cut == std::string::npos ? 0 : cut);
          text_full = true;
          break;
        }
        if (space && !text->empty()) text->push_back(' ');
        space = false;
        text->push_back(static_cast<char>(c));
      }
    }
    bool in_word = false, wordy = false;
    for (unsigned char c : t) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        if (in_word && wordy) ++words;
        in_word = wordy = false;
      } else {
        in_word = true;
        wordy |= std::isalnum(c) || c >= 0x80;
      }
    }
    if (in_word && wordy) ++words;  // a word split across text nodes counts once per node: rare, accepted
  }
  return words;
}

}  // namespace

bool RobotsDirective(std::string_view directives, std::string_view which) {
  if (HasToken(directives, which)) return true;
  return (which == "noindex" || which == "nofollow") && HasToken(directives, "none");
}

std::vector<std::string> XRobotsFor(const std::vector<std::string>& values, std::string_view agent) {
  std::vector<std::string> out;
  std::string me = AsciiLower(agent);
  for (const std::string& v : values) {
    // "googlebot: noindex" names an agent; "unavailable_after: date" does not.
    size_t colon = v.find(':');
    if (colon != std::string::npos) {
      std::string who = AsciiLower(std::string_view(v).substr(0, colon));
      while (!who.empty() && who.back() == ' ') who.pop_back();
      bool is_agent = !who.empty() && who.find_first_of(" ,") == std::string::npos && who != "unavailable_after";
      if (is_agent) {
        if (who == me) out.push_back(std::string(TrimSpaceCr(std::string_view(v).substr(colon + 1))));
        continue;
      }
    }
    out.push_back(v);
  }
  return out;
}

HtmlFacts ReadHtml(std::string_view raw, const std::string& page_url, std::string_view agent) {
  HtmlFacts f;
  if (const int depth = internal::EstimateNesting(raw); depth > kMaxNesting) {
    f.refused = true;
    f.refused_why = "HTML nests elements about " + std::to_string(depth) + " levels deep (limit " +
                    std::to_string(kMaxNesting) + "): not parsed";
    return f;
  }
  if (const size_t attrs = internal::EstimateMaxAttributes(raw); attrs > kMaxAttributes) {
    f.refused = true;
    f.refused_why = "HTML has a tag with about " + std::to_string(attrs) + " attributes (limit " +
                    std::to_string(kMaxAttributes) + "): not parsed";
    return f;
  }
  std::string html = SanitizeUtf8(raw);
  FlatDom dom(html);
  const std::string me = AsciiLower(agent);
  std::string base = page_url;
  bool base_seen = false;
  int main_node = -1, body_node = -1;
  // First pass: head facts and <base>, which applies to links before it too.
  for (int i = 0; i < static_cast<int>(dom.size()); ++i) {
    if (!dom.IsElement(i)) continue;
    switch (dom.Tag(i)) {
      case GUMBO_TAG_HTML:
        if (f.lang.empty()) f.lang = AsciiLower(TrimSpaceCr(dom.AttrView(i, "lang")));
        break;
      case GUMBO_TAG_BASE:
        if (!base_seen && dom.HasAttr(i, "href")) {
          base_seen = true;
          if (auto b = ResolveWebUrl(page_url, dom.AttrView(i, "href")); b.ok()) base = b->url;
        }
        break;
      case GUMBO_TAG_TITLE:
        if (f.title.empty()) f.title = Cut(dom.Text(i, kMaxTextBytes * 2));
        break;
      case GUMBO_TAG_META: {
        std::string name = AsciiLower(TrimSpaceCr(dom.AttrView(i, "name")));
        std::string_view content = TrimSpaceCr(dom.AttrView(i, "content"));
        if (name == "description" && f.description.empty()) f.description = Cut(CollapseSpace(content));
        if ((name == "robots" || (!me.empty() && name == me)) && !content.empty())
          f.meta_robots.push_back(Cut(std::string(content)));
        break;
      }
      case GUMBO_TAG_MAIN:
        if (main_node < 0) main_node = i;
        break;
      case GUMBO_TAG_BODY:
        if (body_node < 0) body_node = i;
        break;
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3: {
        auto& list = dom.Tag(i) == GUMBO_TAG_H1 ? f.h1 : dom.Tag(i) == GUMBO_TAG_H2 ? f.h2 : f.h3;
        if (list.size() < kMaxHeadings) {
          std::string t = Cut(dom.Text(i, kMaxTextBytes * 2));
          if (!t.empty()) list.push_back(std::move(t));
        }
        break;
      }
      default:
        break;
    }
  }
  // Links and canonical, resolved against the base.
  std::unordered_set<std::string> seen;
  for (int i = 0; i < static_cast<int>(dom.size()); ++i) {
    if (!dom.IsElement(i)) continue;
    GumboTag t = dom.Tag(i);
    if (t == GUMBO_TAG_LINK && f.canonical.empty() && HasToken(dom.AttrView(i, "rel"), "canonical")) {
      if (auto c = ResolveWebUrl(base, dom.AttrView(i, "href")); c.ok()) f.canonical = c->url;
      continue;
    }
    if ((t != GUMBO_TAG_A && t != GUMBO_TAG_AREA) || !dom.HasAttr(i, "href")) continue;
    std::string_view href = dom.AttrView(i, "href");
    Result<WebUrl> u = ResolveWebUrl(base, href);
    if (!u.ok()) {
      ++f.dropped_links;
      continue;
    }
    if (f.links.size() >= kMaxLinks || !seen.insert(u->url).second) continue;
    std::string_view rel = dom.AttrView(i, "rel");
    bool nofollow = HasToken(rel, "nofollow") || HasToken(rel, "ugc") || HasToken(rel, "sponsored");
    f.links.push_back({u->url, nofollow});
  }
  int text_root = main_node >= 0 ? main_node : body_node;
  if (text_root >= 0) f.words = CountWords(dom, text_root, dom[text_root].end, &f.text);
  return f;
}

}  // namespace kr::crawler
