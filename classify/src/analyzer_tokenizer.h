// IcuWordTokenizer: the first stage of the analyzer chain. Splits UTF-8
// text at ICU word boundaries (UAX #29 as tailored by ICU) and drops the
// whitespace segments. Private to classify/.
//
// The ICU BreakIterator runs directly over the UTF-8 bytes (UText), so
// offsets are byte offsets into the input; invalid bytes are seen as
// U+FFFD by ICU and never crash it. Pure-ASCII input takes an optional fast
// path that reproduces ICU's boundaries for ASCII exactly (checked against
// ICU by a differential test in analyzer_test.cc) without entering ICU.
//
// Thread-safety: NOT thread-safe (owns one BreakIterator and one UText,
// reused for every call); use one per thread.
#pragma once

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "klantreis/core/status.h"

namespace kr::classify::internal {

struct RawToken {
  enum Kind : uint8_t {
    kWord,    // letters, digits and what ICU joins with them ("auto's", "bol.com", "2,5", "8kg")
    kSymbol,  // any other non-space segment: punctuation, symbol, emoji
  };
  uint32_t begin = 0;
  uint32_t end = 0;
  Kind kind = kWord;
  bool number = false;  // ICU's rule status says number (or, ASCII, starts with a digit and has no letter)
};

class IcuWordTokenizer {
 public:
  IcuWordTokenizer() = default;
  ~IcuWordTokenizer();
  IcuWordTokenizer(const IcuWordTokenizer&) = delete;
  IcuWordTokenizer& operator=(const IcuWordTokenizer&) = delete;

  // Opens the ICU word BreakIterator. Returns Unavailable when ICU cannot
  // (missing ICU data).
  Status Init(bool ascii_fast_path);

  // Replaces `out` with the non-space segments of `text`, in order.
  // REQUIRES: text.size() < 2^31.
  void Tokenize(std::string_view text, std::vector<RawToken>* out);

  // The two paths, exposed for the differential test and the benchmark.
  void TokenizeIcu(std::string_view text, std::vector<RawToken>* out);
  static void TokenizeAscii(std::string_view text, std::vector<RawToken>* out);

  bool ascii_fast_path() const { return ascii_fast_path_; }

 private:
  UBreakIterator* bi_ = nullptr;
  UText* ut_ = nullptr;
  bool ascii_fast_path_ = true;
};

}  // namespace kr::classify::internal
