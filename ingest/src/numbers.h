// Number and month parsing for keyword exports (private to kr_ingest).
//
// Tools write the same figure many ways: "1234", "1,234", "1.234",
// "1 234" (also with a no-break space), "454200.0", "1.2K", "1,2K" (nl),
// "1K – 10K" (a Keyword Planner range bucket). A NumberLocale says which
// character is the decimal separator when a figure is ambiguous; figures
// that are unambiguous are read the same in every locale.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kr::ingest::internal {

struct NumberLocale {
  char decimal = '.';
  char group = ',';
  static NumberLocale En() { return {'.', ','}; }
  static NumberLocale Nl() { return {',', '.'}; }
  bool operator==(const NumberLocale&) const = default;
};

// Reads a number such as "1,234", "1.234,5", "1 234", "454200.0", "1.2K",
// "75%" (the percent sign is dropped), "-3". With `count` (search volumes,
// clicks), a single separator followed by exactly three digits is a
// thousands separator in every locale ("1,234" is 1234 even in nl, where a
// fractional count would make no sense). Returns nullopt when the text is
// not a number (empty text included).
std::optional<double> ParseNumber(std::string_view text, const NumberLocale& locale, bool count);

// A search-volume cell: empty, an exact count, a range bucket
// ("1K – 10K", "10 – 100", "100K-1M"), or unreadable.
struct ParsedVolume {
  enum class Kind { kEmpty, kExact, kRange, kInvalid };
  Kind kind = Kind::kEmpty;
  int64_t value = 0;  // the count, or the range's lower bound
  int64_t high = 0;   // the range's upper bound
};
// Empty cells and the placeholders "-", "–", "—", "n/a" are kEmpty.
// Negative or fractional-looking-but-absurd values are kInvalid.
ParsedVolume ParseVolume(std::string_view text, const NumberLocale& locale);

// The number written back in plain C-locale form for a source attribute:
// "1,60" (nl) -> "1.60", "1,234" (en) -> "1234", "40.74%" -> "40.74%",
// "1.2K" -> "1200". Digits are kept as written (no float round trip).
// Returns nullopt when the text is not a number.
std::optional<std::string> CanonicalNumberText(std::string_view text, const NumberLocale& locale);

// A monthly column header: "Searches: Mar 2025", "Zoekopdrachten: mrt 2025",
// "Suchanfragen: Mär. 2025", "Mar 2025", "2025-03" -> "2025-03". Month names
// in English, Dutch, German, French and Spanish. nullopt otherwise.
std::optional<std::string> ParseMonthHeader(std::string_view header);

// Trims ASCII white space and the Unicode spaces tools put around figures
// (U+00A0, U+2009, U+202F, U+FEFF).
std::string_view TrimSpace(std::string_view s);

}  // namespace kr::ingest::internal
