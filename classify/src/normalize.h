// Text folding shared by the analyzer, the word lists and the public
// NormalizeKeyword / FoldForMatch. Private to classify/.
//
// Folding = NFKC + Unicode case folding (ICU "nfkc_cf"), then optionally
// diacritics removed (NFD, drop non-spacing marks, NFC), with typographic
// apostrophes (’ ‘ ʼ ´ `) mapped to '. Invalid UTF-8 bytes become U+FFFD.
//
// Fast paths give byte-identical results to the ICU path: ASCII is
// lower-cased in place, and precomposed Latin letters U+00C0..U+024F use a
// table computed once from ICU itself. Anything else goes through ICU.
//
// Thread-safety: all functions are thread-safe (the table is built once,
// ICU normalizer instances are immutable singletons).
#pragma once

#include <string>
#include <string_view>

namespace kr::classify::internal {

enum class Diacritics { kKeep, kStrip };

// Appends the folded form of `in` to `out` (out is NOT cleared).
void AppendFolded(std::string_view in, Diacritics d, std::string* out);

// Clears `out` and writes the folded form of `in`.
inline void Fold(std::string_view in, Diacritics d, std::string* out) {
  out->clear();
  AppendFolded(in, d, out);
}

// Replaces invalid UTF-8 sequences in `in` by U+FFFD; writes to `out`.
void SanitizeInto(std::string_view in, std::string* out);

// True when `s` is entirely ASCII.
inline bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace kr::classify::internal
