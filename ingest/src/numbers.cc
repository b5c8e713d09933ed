#include "numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace kr::ingest::internal {
namespace {

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a Unicode space we treat as white space at s[i] (0 if none).
size_t UnicodeSpaceLen(std::string_view s, size_t i) {
  if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA0)
    return 2;  // U+00A0 no-break space
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0x89 || static_cast<unsigned char>(s[i + 2]) == 0xAF))
    return 3;  // U+2009 thin space, U+202F narrow no-break space
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF)
    return 3;  // U+FEFF (a stray BOM)
  return 0;
}

bool EndsWithUnicodeSpace(std::string_view s, size_t* len) {
  for (size_t n : {2u, 3u}) {
    if (s.size() >= n && UnicodeSpaceLen(s, s.size() - n) == n) {
      *len = n;
      return true;
    }
  }
  return false;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  return true;
}

// A number split into its parts, digits kept as written.
struct Scanned {
  bool negative = false;
  bool percent = false;
  double multiplier = 1;
  char int_digits[48];
  size_t n_int = 0;
  char frac_digits[48];
  size_t n_frac = 0;
};

// Strips a magnitude suffix ("K", "M", "B", "mln", "mld", "dzd") from the end of s.
std::string_view StripMultiplier(std::string_view s, double* mult) {
  struct Suffix {
    std::string_view text;
    double mult;
  };
  static constexpr Suffix kSuffixes[] = {{"mln", 1e6}, {"mld", 1e9}, {"dzd", 1e3},
                                         {"k", 1e3},   {"m", 1e6},   {"b", 1e9}};
  std::string_view t = s;
  if (!t.empty() && t.back() == '.') t.remove_suffix(1);  // "1,2 mln."
  for (const auto& suf : kSuffixes) {
    if (t.size() > suf.text.size() && IEquals(t.substr(t.size() - suf.text.size()), suf.text)) {
      std::string_view rest = t.substr(0, t.size() - suf.text.size());
      // The character before the suffix must end a number (a digit, or a space).
      char before = rest.back();
      if (!IsDigit(before) && before != ' ') continue;
      *mult = suf.mult;
      return TrimSpace(rest);
    }
  }
  return s;
}

bool Scan(std::string_view text, const NumberLocale& locale, bool count, Scanned* out) {
  std::string_view s = TrimSpace(text);
  if (s.empty() || s.size() > 40) return false;
  // Sign: '+', '-', or U+2212 MINUS SIGN.
  if (s[0] == '+' || s[0] == '-') {
    out->negative = s[0] == '-';
    s.remove_prefix(1);
  } else if (s.size() >= 3 && s.substr(0, 3) == "\xE2\x88\x92") {
    out->negative = true;
    s.remove_prefix(3);
  }
  s = TrimSpace(s);
  if (!s.empty() && s.back() == '%') {
    out->percent = true;
    s = TrimSpace(s.substr(0, s.size() - 1));
  }
  if (s.empty()) return false;
  if (!IsDigit(s.back())) s = StripMultiplier(s, &out->multiplier);
  if (s.empty()) return false;

  // Body: digits and separators. Group-space variants are mapped to ' '.
  char body[48];
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    size_t sp = UnicodeSpaceLen(s, i);
    char c = s[i];
    if (sp) {
      c = ' ';
      i += sp;
    } else {
      ++i;
    }
    if (c == '\'') c = ' ';
    if (!IsDigit(c) && c != '.' && c != ',' && c != ' ') return false;
    if (n >= sizeof body) return false;
    body[n++] = c;
  }
  if (n == 0 || body[n - 1] == ' ' || body[0] == ' ') return false;

  // Where are the separators?
  int n_dot = 0, n_comma = 0, n_space = 0;
  size_t last_dot = 0, last_comma = 0;
  for (size_t i = 0; i < n; ++i) {
    if (body[i] == '.') ++n_dot, last_dot = i;
    else if (body[i] == ',') ++n_comma, last_comma = i;
    else if (body[i] == ' ') ++n_space;
  }
  // Pick the decimal separator: its position in body, or n when there is none.
  size_t dec_pos = n;
  if (n_dot && n_comma) {
    size_t last = last_dot > last_comma ? last_dot : last_comma;
    int n_last_kind = last_dot > last_comma ? n_dot : n_comma;
    if (n_last_kind != 1) return false;  // "1.234.567,8,9"
    dec_pos = last;
  } else if (n_dot + n_comma == 1) {
    size_t pos = n_dot ? last_dot : last_comma;
    char c = body[pos];
    size_t frac = n - pos - 1;
    bool as_group;
    if (n_space > 0 || out->multiplier != 1) {
      as_group = false;  // "1 234,5", "1.2K"
    } else if (c == locale.decimal) {
      as_group = count && frac == 3;
    } else {
      as_group = frac == 3;
    }
    // A group separator needs 1-3 digits before it; "1234.567" is a decimal.
    if (as_group && pos > 3) as_group = false;
    if (!as_group) dec_pos = pos;
  }
  // Everything before dec_pos: digit runs separated by group characters,
  // each run after the first exactly three digits long.
  char group = 0;
  size_t run = 0;
  bool first_run = true;
  for (size_t i = 0; i < dec_pos; ++i) {
    char c = body[i];
    if (IsDigit(c)) {
      if (out->n_int >= sizeof out->int_digits) return false;
      out->int_digits[out->n_int++] = c;
      ++run;
      continue;
    }
    // c is a group separator: all group separators must be the same kind.
    if (group == 0) group = c;
    if (c != group) return false;
    if (run == 0 || (first_run ? run > 3 : run != 3)) return false;
    first_run = false;
    run = 0;
  }
  if (group != 0 && run != 3) return false;
  if (out->n_int == 0) {
    // ".5": allowed as a decimal with no integer digits.
    if (dec_pos == n) return false;
    out->int_digits[out->n_int++] = '0';
  }
  if (dec_pos < n) {
    for (size_t i = dec_pos + 1; i < n; ++i) {
      if (!IsDigit(body[i])) return false;
      if (out->n_frac >= sizeof out->frac_digits) return false;
      out->frac_digits[out->n_frac++] = body[i];
    }
    if (out->n_frac == 0) return false;  // "12."
  }
  return true;
}

double ValueOf(const Scanned& sc) {
  char buf[100];
  size_t k = 0;
  std::memcpy(buf + k, sc.int_digits, sc.n_int);
  k += sc.n_int;
  if (sc.n_frac) {
    buf[k++] = '.';
    std::memcpy(buf + k, sc.frac_digits, sc.n_frac);
    k += sc.n_frac;
  }
  double v = 0;
  auto res = std::from_chars(buf, buf + k, v);
  if (res.ec != std::errc()) return NAN;
  v *= sc.multiplier;
  return sc.negative ? -v : v;
}

bool IsEmptyPlaceholder(std::string_view s) {
  return s.empty() || s == "-" || s == "--" || s == "\xE2\x80\x93" || s == "\xE2\x80\x94" || IEquals(s, "n/a");
}

// Parses one side of a range or a plain count into a non-negative integer.
bool ParseCount(std::string_view s, const NumberLocale& locale, int64_t* out) {
  Scanned sc;
  if (!Scan(s, locale, /*count=*/true, &sc) || sc.negative || sc.percent) return false;
  // Fast path: a plain integer.
  double v;
  if (sc.n_frac == 0 && sc.multiplier == 1 && sc.n_int <= 18) {
    int64_t x = 0;
    for (size_t i = 0; i < sc.n_int; ++i) x = x * 10 + (sc.int_digits[i] - '0');
    *out = x;
    return true;
  }
  v = ValueOf(sc);
  if (!std::isfinite(v) || v < 0 || v > 1e15) return false;
  *out = std::llround(v);
  return true;
}

}  // namespace

std::string_view TrimSpace(std::string_view s) {
  // Fast path: nothing to trim (printable ASCII at both ends).
  if (s.empty()) return s;
  auto f = static_cast<unsigned char>(s.front()), l = static_cast<unsigned char>(s.back());
  if (f > 0x20 && f < 0x80 && l > 0x20 && l < 0x80) return s;
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (size_t n = UnicodeSpaceLen(s, 0)) {
      s.remove_prefix(n);
    } else {
      break;
    }
  }
  for (;;) {
    size_t n = 0;
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (EndsWithUnicodeSpace(s, &n)) {
      s.remove_suffix(n);
    } else {
      break;
    }
  }
  return s;
}

std::optional<double> ParseNumber(std::string_view text, const NumberLocale& locale, bool count) {
  Scanned sc;
  if (!Scan(text, locale, count, &sc)) return std::nullopt;
  double v = ValueOf(sc);
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

ParsedVolume ParseVolume(std::string_view text, const NumberLocale& locale) {
  ParsedVolume out;
  std::string_view s = TrimSpace(text);
  if (IsEmptyPlaceholder(s)) return out;
  // Fast paths: plain digits ("590"), the common case by far, and digits
  // with a decimal part ("454200.0") when the decimal separator cannot be a
  // thousands separator (not followed by exactly three digits).
  if (s.size() <= 18) {
    size_t i = 0;
    int64_t ip = 0;
    while (i < s.size() && IsDigit(s[i])) ip = ip * 10 + (s[i++] - '0');
    if (i == s.size()) {
      out.kind = ParsedVolume::Kind::kExact;
      out.value = ip;
      return out;
    }
    if (i > 0 && s[i] == locale.decimal && s.size() - i - 1 != 3 && s.size() - i - 1 <= 6) {
      size_t j = i + 1;
      int64_t fp = 0, scale = 1;
      while (j < s.size() && IsDigit(s[j])) {
        fp = fp * 10 + (s[j++] - '0');
        scale *= 10;
      }
      if (j == s.size() && j > i + 1) {
        out.kind = ParsedVolume::Kind::kExact;
        out.value = ip + (fp * 2 >= scale ? 1 : 0);  // round half up
        return out;
      }
    }
  }
  if (ParseCount(s, locale, &out.value)) {
    out.kind = ParsedVolume::Kind::kExact;
    return out;
  }
  // A range: "1K – 10K", "10 - 100", "100K—1M". The separator is an en or em
  // dash anywhere, or a hyphen that is not a leading sign.
  size_t sep = std::string_view::npos, sep_len = 0;
  for (std::string_view dash : {std::string_view("\xE2\x80\x93"), std::string_view("\xE2\x80\x94")}) {
    size_t p = s.find(dash);
    if (p != std::string_view::npos) {
      sep = p;
      sep_len = dash.size();
      break;
    }
  }
  if (sep == std::string_view::npos) {
    size_t p = s.find('-', 1);
    if (p != std::string_view::npos) {
      sep = p;
      sep_len = 1;
    }
  }
  if (sep != std::string_view::npos) {
    int64_t lo = 0, hi = 0;
    if (ParseCount(s.substr(0, sep), locale, &lo) && ParseCount(s.substr(sep + sep_len), locale, &hi) && lo <= hi) {
      out.kind = ParsedVolume::Kind::kRange;
      out.value = lo;
      out.high = hi;
      return out;
    }
  }
  out.kind = ParsedVolume::Kind::kInvalid;
  return out;
}

std::optional<std::string> CanonicalNumberText(std::string_view text, const NumberLocale& locale) {
  // Fast path: already in C-locale form ("-18%", "2.83", "12") when the
  // decimal separator is a point and there is no grouping.
  if (locale.decimal == '.') {
    std::string_view t = TrimSpace(text);
    size_t i = 0, n = t.size();
    if (n && t[0] == '-') ++i;
    size_t int_start = i;
    while (i < n && IsDigit(t[i])) ++i;
    bool ok = i > int_start && i - int_start <= 18;
    if (ok && i < n && t[i] == '.') {
      size_t f = ++i;
      while (i < n && IsDigit(t[i])) ++i;
      ok = i > f;
    }
    if (ok && i < n && t[i] == '%') ++i;
    if (ok && i == n) return std::string(t);
  }
  Scanned sc;
  if (!Scan(text, locale, /*count=*/false, &sc)) return std::nullopt;
  std::string out;
  if (sc.multiplier != 1) {
    double v = ValueOf(sc);
    if (!std::isfinite(v)) return std::nullopt;
    char buf[64];
    if (std::fabs(v) < 1e15 && v == std::floor(v)) {
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    } else {
      std::snprintf(buf, sizeof buf, "%.6g", v);
    }
    out = buf;
  } else {
    if (sc.negative) out += '-';
    out.append(sc.int_digits, sc.n_int);
    if (sc.n_frac) {
      out += '.';
      out.append(sc.frac_digits, sc.n_frac);
    }
  }
  if (sc.percent) out += '%';
  return out;
}

namespace {

struct MonthName {
  std::string_view name;
  int month;
};

// English, Dutch, German, French and Spanish month names and abbreviations
// as they appear in exported column headers (lower case, without a trailing dot).
constexpr MonthName kMonthNames[] = {
    {"jan", 1},       {"january", 1},    {"januari", 1},   {"januar", 1},     {"janv", 1},     {"janvier", 1},
    {"ene", 1},       {"enero", 1},      {"feb", 2},       {"february", 2},   {"februari", 2}, {"februar", 2},
    {"févr", 2},      {"fevr", 2},       {"février", 2},   {"febrero", 2},    {"mar", 3},      {"march", 3},
    {"mrt", 3},       {"maart", 3},      {"mär", 3},       {"mrz", 3},        {"märz", 3},     {"mars", 3},
    {"marzo", 3},     {"apr", 4},        {"april", 4},     {"avr", 4},        {"avril", 4},    {"abr", 4},
    {"abril", 4},     {"may", 5},        {"mei", 5},       {"mai", 5},        {"mayo", 5},     {"jun", 6},
    {"june", 6},      {"juni", 6},       {"juin", 6},      {"junio", 6},      {"jul", 7},      {"july", 7},
    {"juli", 7},      {"juil", 7},       {"juillet", 7},   {"julio", 7},      {"aug", 8},      {"august", 8},
    {"augustus", 8},  {"août", 8},       {"aout", 8},      {"ago", 8},        {"agosto", 8},   {"sep", 9},
    {"sept", 9},      {"september", 9},  {"septembre", 9}, {"septiembre", 9}, {"oct", 10},     {"october", 10},
    {"okt", 10},      {"oktober", 10},   {"octobre", 10},  {"octubre", 10},   {"nov", 11},     {"november", 11},
    {"novembre", 11}, {"noviembre", 11}, {"dec", 12},      {"december", 12},  {"dez", 12},     {"dezember", 12},
    {"déc", 12},      {"décembre", 12},  {"dic", 12},      {"diciembre", 12},
};

// Lower-cases ASCII and the Latin-1 capitals (U+00C0..U+00DE) in UTF-8.
std::string LowerLatin(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = out[i];
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = out[i + 1];
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

bool ParseYear(std::string_view s, int* year) {
  if (s.size() != 4) return false;
  int y = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    y = y * 10 + (c - '0');
  }
  if (y < 1990 || y > 2200) return false;
  *year = y;
  return true;
}

std::string FormatMonth(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

}  // namespace

std::optional<std::string> ParseMonthHeader(std::string_view header) {
  std::string h = LowerLatin(TrimSpace(header));
  std::string_view s = h;
  size_t colon = s.rfind(':');
  if (colon != std::string_view::npos) s = TrimSpace(s.substr(colon + 1));
  if (s.size() < 6 || s.size() > 20) return std::nullopt;
  int year = 0;
  // "2025-03" / "2025/03"
  if (s.size() == 7 && (s[4] == '-' || s[4] == '/') && ParseYear(s.substr(0, 4), &year) && IsDigit(s[5]) &&
      IsDigit(s[6])) {
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m >= 1 && m <= 12) return FormatMonth(year, m);
    return std::nullopt;
  }
  // "<month>[.] <yyyy>" or "<month>-<yyyy>"
  if (!ParseYear(s.substr(s.size() - 4), &year)) return std::nullopt;
  std::string_view name = s.substr(0, s.size() - 4);
  while (!name.empty() && (name.back() == ' ' || name.back() == '-' || name.back() == '.')) name.remove_suffix(1);
  for (const auto& m : kMonthNames) {
    if (name == m.name) return FormatMonth(year, m.month);
  }
  return std::nullopt;
}

}  // namespace kr::ingest::internal
