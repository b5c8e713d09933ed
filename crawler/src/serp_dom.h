// Internal: a Gumbo parse flattened into a pre-order array, so the SERP
// heuristics can walk subtrees as index ranges without recursion.
//
// Gumbo allocates through an arena owned by the FlatDom: the whole tree is
// released at once (gumbo_destroy_output recurses over the tree, which a
// page with thousands of unclosed tags could turn into a stack overflow).
// Not thread-safe; one FlatDom per parse.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kr::crawler::internal {

// Bump allocator for Gumbo; frees are no-ops, everything goes at destruction.
class Arena {
 public:
  Arena() = default;
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  void* Allocate(size_t n);
  size_t bytes_reserved() const { return reserved_; }

 private:
  std::vector<char*> blocks_;
  char* cur_ = nullptr;
  size_t left_ = 0;
  size_t reserved_ = 0;
};

struct FlatNode {
  const GumboNode* g = nullptr;
  int32_t parent = -1;
  int32_t end = 0;     // one past the last descendant (pre-order)
  int32_t block = -1;  // nearest block-level ancestor-or-self element
  int32_t depth = 0;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool text = false;   // a text node (text, whitespace, CDATA)
};

class FlatDom {
 public:
  // Parses `html` (UTF-8). Never fails: Gumbo repairs anything.
  explicit FlatDom(std::string_view html);
  ~FlatDom();
  FlatDom(const FlatDom&) = delete;
  FlatDom& operator=(const FlatDom&) = delete;

  const std::vector<FlatNode>& nodes() const { return nodes_; }
  size_t size() const { return nodes_.size(); }
  const FlatNode& operator[](size_t i) const { return nodes_[i]; }
  int max_depth() const { return max_depth_; }

  bool IsElement(int i) const { return !nodes_[i].text; }
  GumboTag Tag(int i) const { return nodes_[i].tag; }
  // Attribute value, nullptr when absent (or for text nodes).
  const char* Attr(int i, const char* name) const;
  std::string_view AttrView(int i, const char* name) const;
  bool HasAttr(int i, const char* name) const { return Attr(i, name) != nullptr; }
  bool HasClass(int i, std::string_view cls) const;
  bool HasClassPrefix(int i, std::string_view prefix) const;
  bool IdIs(int i, std::string_view id) const { return AttrView(i, "id") == id; }
  // The raw text of a text node.
  std::string_view RawText(int i) const;

  // Whether `anc` is an ancestor-or-self of `i`.
  bool Contains(int anc, int i) const { return i >= anc && i < nodes_[anc].end; }

  // Visible text of the subtree, whitespace collapsed, a space between
  // block-level pieces; stops after about `max_bytes`.
  std::string Text(int i, size_t max_bytes = 4096) const;
  // Same, skipping the subtree [skip_begin, skip_end).
  std::string TextExcept(int i, int skip_begin, int skip_end, size_t max_bytes = 4096) const;

 private:
  void Flatten(const GumboNode* root);

  Arena arena_;
  GumboOutput* output_ = nullptr;
  std::vector<FlatNode> nodes_;
  int max_depth_ = 0;
};

// A quick upper estimate of the element nesting depth of `html` (start tags
// minus end tags, skipping comments, script/style bodies and void
// elements), without parsing. Gumbo's tree building is quadratic in the
// nesting depth, so pathological pages are refused before parsing.
int EstimateNesting(std::string_view html);

// An upper estimate of the most attributes any one start tag of `html`
// holds (names separated by white space or '/', values quoted or not), in
// one linear pass. Like the HTML tokenizer it skips comments and the
// bodies of script, style, textarea, title, ... (but not inside <svg> or
// <math>, where those bodies are markup); anything else it may over-count,
// never under-count. Gumbo checks each new attribute against the tag's
// earlier ones (quadratic: 64k attributes in one tag took 8 s, 128k 39 s),
// so such pages are refused before parsing.
size_t EstimateMaxAttributes(std::string_view html);

// Collapses runs of whitespace (ASCII and U+00A0, U+202F, U+200E/F) into one
// space and trims.
std::string CollapseSpace(std::string_view s);
// ASCII lower-case copy.
std::string AsciiLower(std::string_view s);
// Case-insensitive (ASCII letters) prefix test.
bool StartsWithNoCase(std::string_view s, std::string_view prefix);
bool EqualsNoCase(std::string_view a, std::string_view b);

// URL helpers (serp_url.cc).
std::string PercentDecode(std::string_view s, bool plus_is_space);
std::string PercentEncode(std::string_view s);  // RFC 3986 unreserved kept, UTF-8 bytes encoded
// The decoded value of query parameter `name`, nullopt when absent.
std::optional<std::string> QueryParam(std::string_view url, std::string_view name);

}  // namespace kr::crawler::internal
