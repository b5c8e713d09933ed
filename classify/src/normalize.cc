#include "normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

#include "klantreis/classify/analyzer.h"

namespace kr::classify {
namespace internal {
namespace {

constexpr UChar32 kLatinFirst = 0x00C0;
constexpr UChar32 kLatinLast = 0x024F;

// Typographic apostrophes that mean ' in queries ("auto’s").
inline UChar32 MapApostrophe(UChar32 c) {
  if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x00B4) return '\'';
  return c;
}

// The ICU path: decode (invalid -> U+FFFD), NFKC_Casefold, strip marks.
void SlowFold(std::string_view in, Diacritics d, std::string* out) {
  icu::UnicodeString u;
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  int32_t i = 0;
  const auto n = static_cast<int32_t>(in.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    u.append(c < 0 ? UChar32{0xFFFD} : MapApostrophe(c));
  }
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(st);
  icu::UnicodeString f = U_SUCCESS(st) ? nfkc_cf->normalize(u, st) : u;
  if (U_FAILURE(st)) f = u;
  if (d == Diacritics::kStrip) {
    st = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
    if (U_SUCCESS(st)) {
      icu::UnicodeString dec = nfd->normalize(f, st);
      if (U_SUCCESS(st)) {
        icu::UnicodeString kept;
        for (int32_t k = 0; k < dec.length();) {
          UChar32 c = dec.char32At(k);
          k += U16_LENGTH(c);
          if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
        }
        icu::UnicodeString comp = nfc->normalize(kept, st);
        f = U_SUCCESS(st) ? comp : kept;
      }
    }
  }
  f.toUTF8String(*out);
}

// Folded forms of the precomposed Latin letters, computed from SlowFold so
// that the fast path cannot disagree with ICU.
struct LatinTable {
  struct Entry {
    char bytes[7];
    uint8_t len;
  };
  std::array<Entry, kLatinLast - kLatinFirst + 1> keep{}, strip{};
  LatinTable() {
    for (UChar32 c = kLatinFirst; c <= kLatinLast; ++c) {
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, c);
      std::string_view one(buf, static_cast<size_t>(len));
      Set(one, Diacritics::kKeep, &keep[c - kLatinFirst]);
      Set(one, Diacritics::kStrip, &strip[c - kLatinFirst]);
    }
  }
  static void Set(std::string_view one, Diacritics d, Entry* e) {
    std::string f;
    SlowFold(one, d, &f);
    if (f.size() > sizeof(e->bytes)) f = std::string(one);  // never happens for this block
    e->len = static_cast<uint8_t>(f.size());
    f.copy(e->bytes, f.size());
  }
};

const LatinTable& Latin() {
  static const LatinTable* table = new LatinTable();  // built once, never destroyed
  return *table;
}

}  // namespace

void AppendFolded(std::string_view in, Diacritics d, std::string* out) {
  const size_t start = out->size();
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  // ASCII fast path.
  while (i < n && s[i] < 0x80) ++i;
  out->resize(start + i);
  char* dst = out->data() + start;
  for (size_t k = 0; k < i; ++k) {
    const unsigned char c = s[k];
    dst[k] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  if (i == n) return;
  // Latin-1 / Latin Extended fast path (two-byte sequences up to U+024F).
  const LatinTable& table = Latin();
  const auto& entries = d == Diacritics::kStrip ? table.strip : table.keep;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out->push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c));
      ++i;
      continue;
    }
    if (c >= 0xC3 && c <= 0xC9 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
      UChar32 cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
      if (cp >= kLatinFirst && cp <= kLatinLast) {
        const auto& e = entries[cp - kLatinFirst];
        out->append(e.bytes, e.len);
        i += 2;
        continue;
      }
    }
    // Anything else (combining marks, other scripts, invalid bytes): ICU.
    out->resize(start);
    std::string folded;
    SlowFold(in, d, &folded);
    out->append(folded);
    return;
  }
}

void SanitizeInto(std::string_view in, std::string* out) {
  out->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  int32_t i = 0;
  const auto n = static_cast<int32_t>(in.size());
  while (i < n) {
    if (s[i] < 0x80) {
      out->push_back(static_cast<char>(s[i++]));
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      out->append("\xEF\xBF\xBD");
    } else {
      out->append(in.substr(start, i - start));
    }
  }
}

}  // namespace internal

std::string NormalizeKeyword(std::string_view text) {
  std::string folded;
  internal::Fold(text, internal::Diacritics::kKeep, &folded);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string FoldForMatch(std::string_view text) {
  std::string out;
  internal::Fold(text, internal::Diacritics::kStrip, &out);
  return out;
}

}  // namespace kr::classify
