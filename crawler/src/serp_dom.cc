#include "serp_dom.h"

#include <cstdlib>
#include <algorithm>
#include <cstring>

namespace kr::crawler::internal {
namespace {

constexpr size_t kBlockSize = 1u << 20;
constexpr size_t kAlign = 16;

void* ArenaAlloc(void* userdata, size_t size) { return static_cast<Arena*>(userdata)->Allocate(size); }
void ArenaFree(void*, void*) {}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FORM: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TITLE: case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML: case GUMBO_TAG_OPTION: case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CITE: case GUMBO_TAG_UNKNOWN:  // custom elements (g-section-with-header, ...)
      return true;
    default:
      return false;
  }
}

// Subtrees that never hold visible result text.
bool IsSkippedTag(GumboTag t) {
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE ||
         t == GUMBO_TAG_SVG || t == GUMBO_TAG_IFRAME;
}

bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Bytes of an invisible or space-like code point at s[i], 0 when none.
// *space says whether it separates words (NBSP) or vanishes (LRM).
size_t SpaceLike(std::string_view s, size_t i, bool* space) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (IsAsciiSpace(c)) {
    *space = true;
    return 1;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *space = true;
    return 2;
  }
  if (c == 0xE2 && i + 2 < s.size()) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
    if (c1 == 0x80) {
      if ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xAF) {  // en/em/thin spaces, narrow NBSP
        *space = true;
        return 3;
      }
      if ((c2 >= 0x8B && c2 <= 0x8F) || (c2 >= 0xAA && c2 <= 0xAE)) {  // ZWSP, LRM/RLM, embeddings
        *space = false;
        return 3;
      }
    }
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF) {  // BOM / ZWNBSP
    *space = false;
    return 3;
  }
  return 0;
}

// Appends `piece` to `out` with whitespace collapsed; `need_space` asks for
// a separator before the first visible character.
void AppendCollapsed(std::string* out, std::string_view piece, bool need_space) {
  bool pending = need_space;
  for (size_t i = 0; i < piece.size();) {
    bool space = false;
    size_t n = SpaceLike(piece, i, &space);
    if (n > 0) {
      if (space) pending = true;
      i += n;
      continue;
    }
    if (pending && !out->empty() && out->back() != ' ') out->push_back(' ');
    pending = false;
    out->push_back(piece[i]);
    ++i;
  }
  if (pending && !out->empty() && out->back() != ' ') out->push_back(' ');
}

}  // namespace

Arena::~Arena() {
  for (char* b : blocks_) std::free(b);
}

void* Arena::Allocate(size_t n) {
  n = (n + kAlign - 1) & ~(kAlign - 1);
  if (n == 0) n = kAlign;
  if (n > left_) {
    size_t size = n > kBlockSize / 4 ? n : kBlockSize;
    char* b = static_cast<char*>(std::malloc(size));
    if (b == nullptr) std::abort();  // no exception may unwind through Gumbo's C frames
    blocks_.push_back(b);
    reserved_ += size;
    if (size != kBlockSize) return b;  // a large allocation gets its own block
    cur_ = b;
    left_ = size;
  }
  void* p = cur_;
  cur_ += n;
  left_ -= n;
  return p;
}

FlatDom::FlatDom(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &ArenaAlloc;
  options.deallocator = &ArenaFree;
  options.userdata = &arena_;
  options.max_errors = 0;  // the parse errors are of no use here
  output_ = gumbo_parse_with_options(&options, html.data(), html.size());
  nodes_.reserve(html.size() / 40 + 16);
  Flatten(output_->root);
}

FlatDom::~FlatDom() {
  // No gumbo_destroy_output: the arena releases everything without walking the tree.
}

void FlatDom::Flatten(const GumboNode* root) {
  struct Frame {
    const GumboNode* node;
    int32_t parent;
    int32_t depth;
  };
  std::vector<Frame> stack;
  std::vector<int32_t> open;  // indices whose `end` is still to be set, by depth
  stack.push_back({root, -1, 0});
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    // Close the subtrees this node is not part of.
    while (!open.empty() && nodes_[open.back()].depth >= f.depth) {
      nodes_[open.back()].end = static_cast<int32_t>(nodes_.size());
      open.pop_back();
    }
    const GumboNode* g = f.node;
    FlatNode n;
    n.g = g;
    n.parent = f.parent;
    n.depth = f.depth;
    int32_t idx = static_cast<int32_t>(nodes_.size());
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
      n.tag = g->v.element.tag;
      n.block = (IsBlockTag(n.tag) || f.parent < 0) ? idx : nodes_[f.parent].block;
    } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
      n.text = true;
      n.block = f.parent < 0 ? idx : nodes_[f.parent].block;
    } else if (g->type != GUMBO_NODE_DOCUMENT) {
      continue;  // comments
    }
    nodes_.push_back(n);
    open.push_back(idx);
    if (f.depth > max_depth_) max_depth_ = f.depth;
    if (n.text) continue;
    if (g->type != GUMBO_NODE_DOCUMENT && IsSkippedTag(n.tag)) continue;
    const GumboVector& kids =
        g->type == GUMBO_NODE_DOCUMENT ? g->v.document.children : g->v.element.children;
    for (unsigned k = kids.length; k > 0; --k) {
      stack.push_back({static_cast<const GumboNode*>(kids.data[k - 1]), idx, f.depth + 1});
    }
  }
  while (!open.empty()) {
    nodes_[open.back()].end = static_cast<int32_t>(nodes_.size());
    open.pop_back();
  }
}

const char* FlatDom::Attr(int i, const char* name) const {
  const FlatNode& n = nodes_[i];
  if (n.text || n.g->type == GUMBO_NODE_DOCUMENT) return nullptr;
  const GumboVector& attrs = n.g->v.element.attributes;
  for (unsigned k = 0; k < attrs.length; ++k) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[k]);
    if (std::strcmp(a->name, name) == 0) return a->value;
  }
  return nullptr;
}

std::string_view FlatDom::AttrView(int i, const char* name) const {
  const char* v = Attr(i, name);
  return v ? std::string_view(v) : std::string_view();
}

namespace {
// True when some whitespace-separated token of a class attribute satisfies `pred`.
template <typename Pred>
bool AnyClassToken(std::string_view v, Pred pred) {
  size_t p = 0;
  while (p < v.size()) {
    while (p < v.size() && IsAsciiSpace(static_cast<unsigned char>(v[p]))) ++p;
    size_t q = p;
    while (q < v.size() && !IsAsciiSpace(static_cast<unsigned char>(v[q]))) ++q;
    if (q > p && pred(v.substr(p, q - p))) return true;
    p = q;
  }
  return false;
}
}  // namespace

bool FlatDom::HasClass(int i, std::string_view cls) const {
  return AnyClassToken(AttrView(i, "class"), [&](std::string_view t) { return t == cls; });
}

bool FlatDom::HasClassPrefix(int i, std::string_view prefix) const {
  return AnyClassToken(AttrView(i, "class"), [&](std::string_view t) { return t.starts_with(prefix); });
}

std::string_view FlatDom::RawText(int i) const {
  const FlatNode& n = nodes_[i];
  if (!n.text) return {};
  return n.g->v.text.text ? std::string_view(n.g->v.text.text) : std::string_view();
}

std::string FlatDom::Text(int i, size_t max_bytes) const { return TextExcept(i, -1, -1, max_bytes); }

std::string FlatDom::TextExcept(int i, int skip_begin, int skip_end, size_t max_bytes) const {
  std::string out;
  int32_t last_block = -1;
  bool pending = false;
  const int end = nodes_[i].end;
  for (int j = i; j < end && out.size() < max_bytes; ++j) {
    if (j == skip_begin) {
      j = skip_end - 1;
      pending = true;
      continue;
    }
    const FlatNode& n = nodes_[j];
    if (!n.text) {
      if (n.tag == GUMBO_TAG_BR || n.tag == GUMBO_TAG_HR) pending = true;
      continue;
    }
    std::string_view t = RawText(j);
    if (t.empty()) continue;
    bool sep = pending || (last_block >= 0 && n.block != last_block);
    size_t before = out.size();
    AppendCollapsed(&out, t, sep);
    if (out.size() != before) {
      last_block = n.block;
      pending = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

size_t EstimateMaxAttributes(std::string_view h) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const size_t n = h.size();
  size_t most = 0;
  size_t i = 0;
  static constexpr std::string_view kRaw[] = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed"};
  int foreign = 0;  // open <svg>/<math>: there a <style> or <script> body is parsed as elements, so it is scanned
  while ((i = h.find('<', i)) != std::string_view::npos) {
    if (h.compare(i, 4, "<!--") == 0) {  // a comment holds no tags; it ends as the HTML tokenizer ends it
      size_t q = i + 4;
      if (h.compare(q, 1, ">") == 0 || h.compare(q, 2, "->") == 0) {
        i = q + (h[q] == '>' ? 1 : 2);  // <!--> and <!--->
        continue;
      }
      size_t end = std::min(h.find("-->", q), h.find("--!>", q));
      if (end == std::string_view::npos) break;
      i = end + (h[end + 2] == '!' ? 4 : 3);
      continue;
    }
    const bool end_tag = i + 1 < n && h[i + 1] == '/';
    if (end_tag) {
      std::string name = AsciiLower(h.substr(i + 2, 4));
      if (foreign > 0 && (name == "svg>" || name == "svg " || name.substr(0, 4) == "math")) --foreign;
      i += 2;
      continue;
    }
    if (++i >= n || !letter(h[i])) continue;
    size_t name_start = i;
    while (i < n && !space(h[i]) && h[i] != '/' && h[i] != '>') ++i;  // the tag name
    std::string name = AsciiLower(h.substr(name_start, i - name_start));
    if (name == "svg" || name == "math") ++foreign;
    size_t count = 0;
    for (;;) {
      while (i < n && (space(h[i]) || h[i] == '/')) ++i;
      if (i >= n || h[i] == '>') break;
      ++count;  // an attribute name (it may even start with '=')
      ++i;
      while (i < n && !space(h[i]) && h[i] != '/' && h[i] != '>' && h[i] != '=') ++i;
      while (i < n && space(h[i])) ++i;
      if (i < n && h[i] == '=') {
        ++i;
        while (i < n && space(h[i])) ++i;
        if (i < n && (h[i] == '"' || h[i] == '\'')) {
          size_t close = h.find(h[i], i + 1);
          i = close == std::string_view::npos ? n : close + 1;
        } else {
          while (i < n && !space(h[i]) && h[i] != '>') ++i;
        }
      }
    }
    most = std::max(most, count);
    if (foreign == 0 && std::find(std::begin(kRaw), std::end(kRaw), name) != std::end(kRaw)) {
      // Script and style bodies are text to the tokenizer: skip to the end tag.
      const std::string close = "</" + name;
      size_t p = i;
      for (;;) {
        p = h.find("</", p);
        if (p == std::string_view::npos || AsciiLower(h.substr(p, close.size())) == close) break;
        p += 2;
      }
      i = p == std::string_view::npos ? n : p;
    }
  }
  return most;
}

int EstimateNesting(std::string_view h) {
  static constexpr std::string_view kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                               "link", "meta", "param", "source", "track", "wbr", "keygen", "!"};
  static constexpr std::string_view kRaw[] = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed"};
  int depth = 0, max_depth = 0;
  size_t i = 0;
  const size_t n = h.size();
  auto name_at = [&](size_t p) {
    size_t q = p;
    while (q < n && ((h[q] >= 'a' && h[q] <= 'z') || (h[q] >= 'A' && h[q] <= 'Z') || (h[q] >= '0' && h[q] <= '9') || h[q] == '-')) ++q;
    return AsciiLower(h.substr(p, q - p));
  };
  while (i < n) {
    size_t lt = h.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    char c = h[lt + 1];
    if (h.compare(lt, 4, "<!--") == 0) {
      size_t end = h.find("-->", lt + 4);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    if (c == '/') {
      if (depth > 0) --depth;
      i = lt + 2;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      i = lt + 1;
      continue;
    }
    std::string name = name_at(lt + 1);
    size_t gt = h.find('>', lt + 1);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    bool self_closing = gt > 0 && h[gt - 1] == '/';
    if (self_closing || std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid)) continue;
    if (std::find(std::begin(kRaw), std::end(kRaw), name) != std::end(kRaw)) {
      // Skip to the matching end tag (case-insensitive).
      std::string close = "</" + name;
      size_t p = i;
      while (p < n) {
        size_t q = h.find("</", p);
        if (q == std::string_view::npos) {
          p = n;
          break;
        }
        if (StartsWithNoCase(h.substr(q), close)) break;
        p = q + 2;
      }
      size_t gt2 = p < n ? h.find('>', p) : std::string_view::npos;
      i = gt2 == std::string_view::npos ? n : gt2 + 1;
      continue;
    }
    if (++depth > max_depth) max_depth = depth;
  }
  return max_depth;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendCollapsed(&out, s, false);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

bool EqualsNoCase(std::string_view a, std::string_view b) { return a.size() == b.size() && StartsWithNoCase(a, b); }

}  // namespace kr::crawler::internal
