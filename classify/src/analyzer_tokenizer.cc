#include "analyzer_tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>

#include "normalize.h"

namespace kr::classify::internal {
namespace {

// Word_Break classes of the ASCII characters, as ICU 72 uses them (UAX #29
// with ICU's tailoring: ':' is NOT MidLetter, '@' IS ALetter so that e-mail
// addresses stay one word). Verified character by character against ICU.
enum AsciiClass : uint8_t { kOther, kSpace, kALetter, kNumeric, kExtendNumLet, kMidNumLet, kMidNum };

constexpr AsciiClass ClassOf(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return kALetter;
  if (c >= '0' && c <= '9') return kNumeric;
  if (c == '_') return kExtendNumLet;
  if (c == '.' || c == '\'') return kMidNumLet;  // '.' MidNumLet, '\'' Single_Quote
  if (c == ',' || c == ';') return kMidNum;
  if (c <= 0x20 || c == 0x7F) return kSpace;      // spaces and controls: dropped
  return kOther;
}

struct AsciiTable {
  AsciiClass cls[128];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 128; ++c) cls[c] = ClassOf(static_cast<unsigned char>(c));
  }
};
constexpr AsciiTable kAscii;

bool IsSkippable(std::string_view seg) {
  const auto* s = reinterpret_cast<const uint8_t*>(seg.data());
  int32_t i = 0;
  const auto n = static_cast<int32_t>(seg.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;  // U+FFFD: kept as a symbol
    if (!(u_isUWhiteSpace(c) || u_charType(c) == U_CONTROL_CHAR)) return false;
  }
  return true;
}

}  // namespace

IcuWordTokenizer::~IcuWordTokenizer() {
  if (bi_) ubrk_close(bi_);
  if (ut_) utext_close(ut_);
}

Status IcuWordTokenizer::Init(bool ascii_fast_path) {
  ascii_fast_path_ = ascii_fast_path;
  UErrorCode st = U_ZERO_ERROR;
  bi_ = ubrk_open(UBRK_WORD, "nl", nullptr, 0, &st);
  if (U_FAILURE(st)) {
    return Status::Unavailable(std::string("ICU word break iterator: ") + u_errorName(st));
  }
  return Status::Ok();
}

void IcuWordTokenizer::Tokenize(std::string_view text, std::vector<RawToken>* out) {
  if (ascii_fast_path_ && IsAscii(text)) {
    TokenizeAscii(text, out);
  } else {
    TokenizeIcu(text, out);
  }
}

void IcuWordTokenizer::TokenizeIcu(std::string_view text, std::vector<RawToken>* out) {
  out->clear();
  UErrorCode st = U_ZERO_ERROR;
  ut_ = utext_openUTF8(ut_, text.data(), static_cast<int64_t>(text.size()), &st);
  if (U_FAILURE(st)) return;
  ubrk_setUText(bi_, ut_, &st);
  if (U_FAILURE(st)) return;
  int32_t b = ubrk_first(bi_);
  for (int32_t e = ubrk_next(bi_); e != UBRK_DONE; b = e, e = ubrk_next(bi_)) {
    const int32_t status = ubrk_getRuleStatus(bi_);
    RawToken t;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    if (status >= UBRK_WORD_NONE_LIMIT) {
      t.kind = RawToken::kWord;
      t.number = status < UBRK_WORD_NUMBER_LIMIT;
    } else {
      if (IsSkippable(text.substr(b, e - b))) continue;
      t.kind = RawToken::kSymbol;
    }
    out->push_back(t);
  }
}

void IcuWordTokenizer::TokenizeAscii(std::string_view text, std::vector<RawToken>* out) {
  out->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const AsciiClass c = kAscii.cls[s[i] & 0x7F];
    if (c == kSpace) {
      ++i;
      continue;
    }
    RawToken t;
    t.begin = static_cast<uint32_t>(i);
    if (c != kALetter && c != kNumeric && c != kExtendNumLet) {
      t.kind = RawToken::kSymbol;
      t.end = static_cast<uint32_t>(++i);
      out->push_back(t);
      continue;
    }
    // A word: (ALetter | Numeric | ExtendNumLet)+ joined across one
    // MidNumLet between two letters (WB6/7) or one Mid* between two digits
    // (WB11/12).
    bool letters = false;
    AsciiClass prev = c;
    for (;;) {
      letters |= prev == kALetter;
      ++i;
      if (i >= n) break;
      AsciiClass k = kAscii.cls[s[i] & 0x7F];
      if (k == kALetter || k == kNumeric || k == kExtendNumLet) {
        prev = k;
        continue;
      }
      if ((k == kMidNumLet || k == kMidNum) && i + 1 < n) {
        AsciiClass next = kAscii.cls[s[i + 1] & 0x7F];
        bool join = (k == kMidNumLet && prev == kALetter && next == kALetter) ||
                    (prev == kNumeric && next == kNumeric);
        if (join) {
          ++i;  // the Mid character
          prev = next;
          continue;
        }
      }
      break;
    }
    t.end = static_cast<uint32_t>(i);
    // ICU gives a lone ExtendNumLet ("_") rule status "none".
    t.kind = (t.end - t.begin == 1 && c == kExtendNumLet) ? RawToken::kSymbol : RawToken::kWord;
    t.number = !letters;
    out->push_back(t);
  }
}

}  // namespace kr::classify::internal
