#include "decode.h"

#include "klantreis/core/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kr::ingest::internal {
namespace {

constexpr char kBadMarker = '\xFF';  // never valid UTF-8: marks an undecodable input sequence
constexpr size_t kScanChunk = 1 << 20;

// ---- UTF-16 -> UTF-8 ------------------------------------------------------

// Writes code unit `u` (with a pending high surrogate in *high) as UTF-8 at o.
inline char* PutUnit(uint32_t u, uint32_t* high, char* o) {
  if (*high) {
    if (u >= 0xDC00 && u <= 0xDFFF) {
      uint32_t cp = 0x10000 + ((*high - 0xD800) << 10) + (u - 0xDC00);
      *high = 0;
      *o++ = static_cast<char>(0xF0 | (cp >> 18));
      *o++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (cp & 0x3F));
      return o;
    }
    *o++ = kBadMarker;  // high surrogate without its low half
    *high = 0;
  }
  if (u < 0x80) {
    *o++ = static_cast<char>(u);
  } else if (u < 0x800) {
    *o++ = static_cast<char>(0xC0 | (u >> 6));
    *o++ = static_cast<char>(0x80 | (u & 0x3F));
  } else if (u >= 0xD800 && u <= 0xDBFF) {
    *high = u;
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    *o++ = kBadMarker;  // low surrogate on its own
  } else {
    *o++ = static_cast<char>(0xE0 | (u >> 12));
    *o++ = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (u & 0x3F));
  }
  return o;
}

class Utf8Decoder : public Decoder {
 public:
  void Decode(const char* in, size_t n, bool last, std::string* out) override { out->append(in, n); }
};

class Utf16Decoder : public Decoder {
 public:
  explicit Utf16Decoder(bool little_endian) : le_(little_endian) {}

  void Decode(const char* in, size_t n, bool last, std::string* out) override {
    size_t old = out->size();
    out->resize(old + ((n + 1) / 2 + 2) * 3 + 8);
    char* o = out->data() + old;
    const auto* p = reinterpret_cast<const unsigned char*>(in);
    const unsigned char* end = p + n;
    if (carry_ >= 0 && p < end) {
      uint32_t u = le_ ? (static_cast<uint32_t>(carry_) | (static_cast<uint32_t>(p[0]) << 8))
                       : ((static_cast<uint32_t>(carry_) << 8) | p[0]);
      ++p;
      carry_ = -1;
      o = PutUnit(u, &high_, o);
    }
    // ASCII runs: four code units at a time.
    const uint64_t ascii_mask = le_ ? 0xFF80FF80FF80FF80ULL : 0x80FF80FF80FF80FFULL;
    while (end - p >= 2) {
      if (!high_ && end - p >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        if ((w & ascii_mask) == 0) {
          int k = le_ ? 0 : 1;
          o[0] = static_cast<char>(p[k]);
          o[1] = static_cast<char>(p[k + 2]);
          o[2] = static_cast<char>(p[k + 4]);
          o[3] = static_cast<char>(p[k + 6]);
          o += 4;
          p += 8;
          continue;
        }
      }
      uint32_t u = le_ ? (p[0] | (static_cast<uint32_t>(p[1]) << 8)) : ((static_cast<uint32_t>(p[0]) << 8) | p[1]);
      p += 2;
      o = PutUnit(u, &high_, o);
    }
    if (p < end) carry_ = *p;
    if (last) {
      if (high_) *o++ = kBadMarker;
      if (carry_ >= 0) *o++ = kBadMarker;  // odd byte count
      high_ = 0;
      carry_ = -1;
    }
    out->resize(static_cast<size_t>(o - out->data()));
  }

 private:
  bool le_;
  int carry_ = -1;     // an odd byte left from the previous chunk
  uint32_t high_ = 0;  // a high surrogate waiting for its low half
};

// ---- Windows-1252 ----------------------------------------------------------

// Code points of 0x80..0x9F; the five bytes Windows leaves undefined map to
// the C1 control of the same value, as browsers do.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

class Cp1252Decoder : public Decoder {
 public:
  void Decode(const char* in, size_t n, bool last, std::string* out) override {
    size_t old = out->size();
    out->resize(old + n * 3);
    char* o = out->data() + old;
    uint32_t high = 0;
    for (size_t i = 0; i < n; ++i) {
      auto c = static_cast<unsigned char>(in[i]);
      if (c < 0x80) {
        *o++ = static_cast<char>(c);
      } else {
        uint32_t cp = c < 0xA0 ? kCp1252High[c - 0x80] : c;
        o = PutUnit(cp, &high, o);
      }
    }
    out->resize(static_cast<size_t>(o - out->data()));
  }
};

// ---- Any charset ICU knows -------------------------------------------------

class IcuDecoder : public Decoder {
 public:
  explicit IcuDecoder(UConverter* cnv) : cnv_(cnv) {}
  ~IcuDecoder() override { ucnv_close(cnv_); }

  void Decode(const char* in, size_t n, bool last, std::string* out) override {
    const char* src = in;
    const char* src_end = in + n;
    UChar buf[4096];
    int stuck = 0;  // errors in a row with no input left: the converter has nothing more to give
    for (;;) {
      UChar* tgt = buf;
      UErrorCode err = U_ZERO_ERROR;
      ucnv_toUnicode(cnv_, &tgt, buf + 4096, &src, src_end, nullptr, last, &err);
      size_t units = static_cast<size_t>(tgt - buf);
      size_t old = out->size();
      out->resize(old + units * 3 + 8);
      char* o = out->data() + old;
      for (size_t i = 0; i < units; ++i) o = PutUnit(buf[i], &high_, o);
      if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR) *o++ = kBadMarker;  // bytes skipped by the STOP callback
      out->resize(static_cast<size_t>(o - out->data()));
      if (err == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(err)) {
        // The STOP callback skipped the bad bytes; go on with the rest (and,
        // at the end, let the converter flush what it still holds).
        if (src < src_end) continue;
        if (last && ++stuck < 3) continue;
      }
      break;
    }
    if (last && high_) {
      out->push_back(kBadMarker);
      high_ = 0;
    }
  }

 private:
  UConverter* cnv_;
  uint32_t high_ = 0;
};

// ---- UTF-8 statistics ------------------------------------------------------

// Length of the valid UTF-8 sequence at p (with `avail` bytes), 0 when
// invalid, or -1 when it is a valid prefix cut off by the end of the data.
int Utf8SeqLen(const unsigned char* p, size_t avail) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  int n;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  for (int k = 1; k < n; ++k) {
    if (static_cast<size_t>(k) >= avail) return -1;
    unsigned char d = p[k];
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return n;
}

struct Utf8Stats {
  uint64_t lines = 0;          // newline count + 1
  uint64_t bad_lines = 0;      // lines with at least one invalid sequence
  uint64_t first_bad_line = 0;
  uint64_t mb_lines = 0;       // lines with at least one valid multi-byte sequence
  uint64_t mixed_lines = 0;    // lines with both (counted in bad_lines and mb_lines)
  uint64_t multibyte = 0;      // valid sequences of 2..4 bytes
  uint64_t invalid = 0;        // invalid bytes
  uint64_t latin_like = 0;     // invalid bytes that read as a Latin letter or sign in windows-1252, in context
  uint64_t nul_lines = 0;      // lines with at least one NUL byte
  uint64_t text_lines = 0;     // lines, a line end at the end of the file not starting one more
  uint64_t first_nul_line = 0;
  std::string high_sample;     // text around invalid bytes (for the charset detector)

  // Lines of valid multi-byte UTF-8 without a bad byte.
  uint64_t clean_mb_lines() const { return mb_lines - mixed_lines; }
};

inline bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Whether the invalid byte p[i] reads as text in windows-1252: a letter
// next to an ASCII letter (caf\xE9, ori\xEBntatie) or a common sign (euro,
// quotes, dashes, degree, ...) next to ASCII text.
bool LatinLike(const unsigned char* p, size_t i, size_t len) {
  unsigned char c = p[i];
  unsigned char before = i > 0 ? p[i - 1] : ' ';
  unsigned char after = i + 1 < len ? p[i + 1] : ' ';
  bool letter = (c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0x8A || c == 0x8C || c == 0x8E || c == 0x9A ||
                c == 0x9C || c == 0x9E || c == 0x9F;
  if (letter) return IsAsciiLetter(before) || IsAsciiLetter(after) || (before >= 0xC0 && IsAsciiLetter(after));
  static constexpr unsigned char kSigns[] = {0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xA0, 0xA3,
                                             0xA7, 0xA9, 0xAB, 0xAE, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5,
                                             0xB7, 0xBB, 0xBC, 0xBD, 0xBE};
  bool sign = std::find(std::begin(kSigns), std::end(kSigns), c) != std::end(kSigns);
  return sign && (before < 0x80 || after < 0x80);
}

inline int CountNewlines(uint64_t w) {
  uint64_t x = w ^ 0x0A0A0A0A0A0A0A0AULL;
  uint64_t y = (x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL;
  y = ~(y | x | 0x7F7F7F7F7F7F7F7FULL);
  return __builtin_popcountll(y);
}

Result<Utf8Stats> ScanUtf8(FileReader& file, size_t skip) {
  Utf8Stats st;
  KR_RETURN_IF_ERROR(file.Rewind());
  std::string buf(kScanChunk + 8, '\0');
  size_t carry = 0;
  uint64_t nl = 0;
  uint64_t last_bad_line = UINT64_MAX;
  uint64_t last_mb_line = UINT64_MAX;
  uint64_t last_nul_line = UINT64_MAX;
  int last_byte = -1;
  bool first = true;
  for (;;) {
    auto r = file.Read(buf.data() + carry, kScanChunk);
    if (!r.ok()) return r.status();
    size_t got = *r;
    bool eof = got == 0;
    size_t len = carry + got;
    size_t i = 0;
    if (first) {
      i = std::min(skip, len);
      first = false;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data());
    if (len > 0) last_byte = p[len - 1];
    carry = 0;
    while (i < len) {
      while (i + 8 <= len) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL) break;
        if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) break;  // a NUL byte
        nl += CountNewlines(w);
        i += 8;
      }
      if (i >= len) break;
      unsigned char c = p[i];
      if (c < 0x80) {
        if (c == '\n') {
          ++nl;
        } else if (c == 0 && nl != last_nul_line) {
          last_nul_line = nl;
          ++st.nul_lines;
          if (st.first_nul_line == 0) st.first_nul_line = nl + 1;
        }
        ++i;
        continue;
      }
      int n = Utf8SeqLen(p + i, len - i);
      if (n < 0 && !eof) {
        carry = len - i;  // an incomplete sequence at the chunk end: finish it with the next chunk
        std::memmove(buf.data(), buf.data() + i, carry);
        break;
      }
      if (n <= 0) {
        ++st.invalid;
        if (LatinLike(p, i, len)) ++st.latin_like;
        if (nl != last_bad_line) {
          last_bad_line = nl;
          ++st.bad_lines;
          if (last_mb_line == nl) ++st.mixed_lines;
          if (st.first_bad_line == 0) st.first_bad_line = nl + 1;
        }
        if (st.high_sample.size() < 32768) {
          size_t from = i >= 64 ? i - 64 : 0;
          size_t to = std::min(len, i + 64);
          st.high_sample.append(buf.data() + from, to - from);
          st.high_sample.push_back('\n');
        }
        ++i;
        continue;
      }
      ++st.multibyte;
      if (nl != last_mb_line) {
        last_mb_line = nl;
        ++st.mb_lines;
        if (last_bad_line == nl) ++st.mixed_lines;
      }
      i += static_cast<size_t>(n);
    }
    if (eof) break;
  }
  st.lines = nl + 1;
  st.text_lines = last_byte < 0 ? 0 : last_byte == '\n' ? nl : nl + 1;
  KR_RETURN_IF_ERROR(file.Rewind());
  return st;
}

// NUL bytes, one rule wherever they are (docs/importers.md): a line holding
// one is a row error, unless most lines hold one (binary data).
Status NulOnMostLines(const std::string& path, const Utf8Stats& st) {
  if (st.nul_lines > 0 && st.nul_lines * 2 > st.text_lines) {
    return Status::ParseError(path + ": binary file (" + std::to_string(st.nul_lines) + " of " +
                              std::to_string(st.text_lines) + " lines hold NUL bytes, the first line " +
                              std::to_string(st.first_nul_line) + "), not a keyword export");
  }
  return Status::Ok();
}

Status MostlyUndecodable(const std::string& path, const Utf8Stats& st) {
  KR_RETURN_IF_ERROR(NulOnMostLines(path, st));
  if (st.bad_lines >= 2 && st.bad_lines * 2 > st.lines) {
    return Status::ParseError(path + ": not valid UTF-8: " + std::to_string(st.bad_lines) + " of " +
                              std::to_string(st.lines) + " lines have invalid bytes (first on line " +
                              std::to_string(st.first_bad_line) +
                              "); pass --encoding with the file's real encoding (e.g. windows-1252)");
  }
  return Status::Ok();
}

std::string NormaliseEncodingName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Charsets for which ICU's detector often guesses wrong on short Latin text;
// windows-1252 (a superset of ISO-8859-1) is the better answer for those.
bool IsLatinCharset(std::string_view name) {
  std::string n = NormaliseEncodingName(name);
  return n == "iso88591" || n == "iso88592" || n == "iso88599" || n == "iso885915" || n == "windows1250" ||
         n == "windows1252" || n == "windows1254" || n == "utf8" || StartsWith(n, "ibm4");
}

// ICU's charset detector on `sample`: the name and confidence when it is
// confident of a non-Latin charset, else an empty name.
std::pair<std::string, int> IcuDetect(std::string_view sample) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return {};
  std::pair<std::string, int> found;
  ucsdet_setText(det, sample.data(), static_cast<int32_t>(std::min<size_t>(sample.size(), INT32_MAX)), &err);
  const UCharsetMatch* m = U_SUCCESS(err) ? ucsdet_detect(det, &err) : nullptr;
  if (m && U_SUCCESS(err)) {
    const char* n = ucsdet_getName(m, &err);
    int32_t conf = ucsdet_getConfidence(m, &err);
    if (U_SUCCESS(err) && n && conf >= 50 && !IsLatinCharset(n)) found = {n, conf};
  }
  ucsdet_close(det);
  return found;
}

std::string Plural(uint64_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

// ---- FileReader ------------------------------------------------------------

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<FileReader>> FileReader::Open(const std::string& path, const std::string& name) {
  uint64_t size = 0;
  auto fd = OpenForReading(path, &size);
  if (!fd.ok()) return fd.status();
  return std::unique_ptr<FileReader>(new FileReader(name.empty() ? path : name, *fd, size));
}

Result<size_t> FileReader::Read(char* buf, size_t n) {
  size_t total = 0;
  while (total < n) {
    ssize_t r = ::read(fd_, buf + total, n - total);
    if (r < 0) {
      if (errno == EINTR) continue;
      return PosixError(path_, errno);
    }
    if (r == 0) break;
    total += static_cast<size_t>(r);
  }
  return total;
}

Status FileReader::Rewind() {
  if (::lseek(fd_, 0, SEEK_SET) < 0) return PosixError(path_, errno);
  return Status::Ok();
}

// ---- Decoders and encodings ------------------------------------------------

Result<std::unique_ptr<Decoder>> MakeDecoder(const Encoding& enc) {
  switch (enc.kind) {
    case EncodingKind::kUtf8: return std::unique_ptr<Decoder>(new Utf8Decoder());
    case EncodingKind::kUtf16Le: return std::unique_ptr<Decoder>(new Utf16Decoder(true));
    case EncodingKind::kUtf16Be: return std::unique_ptr<Decoder>(new Utf16Decoder(false));
    case EncodingKind::kWindows1252: return std::unique_ptr<Decoder>(new Cp1252Decoder());
    case EncodingKind::kIcu: break;
  }
  UErrorCode err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(enc.name.c_str(), &err);
  if (U_FAILURE(err) || !cnv) return Status::InvalidArgument("unknown encoding '" + enc.name + "'");
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  return std::unique_ptr<Decoder>(new IcuDecoder(cnv));
}

Result<Encoding> EncodingFromName(std::string_view name, std::string_view head) {
  std::string n = NormaliseEncodingName(name);
  Encoding e;
  if (n == "utf8" || n == "utf8bom" || n == "utf8sig") {
    e = {EncodingKind::kUtf8, "UTF-8", StartsWith(head, "\xEF\xBB\xBF") ? 3u : 0u};
  } else if (n == "utf16le") {
    e = {EncodingKind::kUtf16Le, "UTF-16LE", StartsWith(head, "\xFF\xFE") ? 2u : 0u};
  } else if (n == "utf16be") {
    e = {EncodingKind::kUtf16Be, "UTF-16BE", StartsWith(head, "\xFE\xFF") ? 2u : 0u};
  } else if (n == "utf16" || n == "ucs2") {
    if (StartsWith(head, "\xFE\xFF")) {
      e = {EncodingKind::kUtf16Be, "UTF-16BE", 2};
    } else {
      e = {EncodingKind::kUtf16Le, "UTF-16LE", StartsWith(head, "\xFF\xFE") ? 2u : 0u};
    }
  } else if (n == "windows1252" || n == "cp1252" || n == "latin1" || n == "iso88591" || n == "l1" ||
             n == "ansi") {
    e = {EncodingKind::kWindows1252, "windows-1252", 0};
  } else {
    UErrorCode err = U_ZERO_ERROR;
    std::string s(name);
    UConverter* cnv = ucnv_open(s.c_str(), &err);
    if (U_FAILURE(err) || !cnv) return Status::InvalidArgument("unknown encoding '" + s + "'");
    const char* canonical = ucnv_getName(cnv, &err);
    e = {EncodingKind::kIcu, U_SUCCESS(err) && canonical ? canonical : s, 0};
    ucnv_close(cnv);
  }
  return e;
}

Result<Encoding> DetectEncoding(FileReader& file, std::string_view head) {
  const std::string& path = file.path();
  // Byte-order marks.
  if (StartsWith(head, "\xEF\xBB\xBF")) return Encoding{EncodingKind::kUtf8, "UTF-8", 3};
  if (StartsWith(head, std::string_view("\xFF\xFE\x00\x00", 4))) return Encoding{EncodingKind::kIcu, "UTF-32LE", 4};
  if (StartsWith(head, std::string_view("\x00\x00\xFE\xFF", 4))) return Encoding{EncodingKind::kIcu, "UTF-32BE", 4};
  if (StartsWith(head, "\xFF\xFE")) return Encoding{EncodingKind::kUtf16Le, "UTF-16LE", 2};
  if (StartsWith(head, "\xFE\xFF")) return Encoding{EncodingKind::kUtf16Be, "UTF-16BE", 2};

  // Files that are certainly not text exports.
  struct Signature {
    std::string_view magic;
    const char* what;
  };
  static const Signature kSignatures[] = {
      {std::string_view("PK\x03\x04", 4), "a ZIP archive (an .xlsx workbook or a zipped export); export or unzip it as CSV"},
      {std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "an Excel .xls workbook; export it as CSV"},
      {"%PDF", "a PDF document"},
      {"\x1F\x8B", "a gzip archive; unzip it first"},
      {std::string_view("\x28\xB5\x2F\xFD", 4), "a zstd archive; decompress it first"},
      {std::string_view("SQLite format 3\0", 16), "an SQLite database"},
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"\x7F" "ELF", "an executable (ELF)"},
  };
  for (const auto& sig : kSignatures) {
    if (StartsWith(head, sig.magic)) return Status::ParseError(path + ": binary file: " + sig.what);
  }

  // NUL bytes: UTF-16 without BOM when they fall on every other byte, else binary.
  size_t pairs = head.size() / 2, zero_even = 0, zero_odd = 0, first_nul = std::string_view::npos;
  size_t controls = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    auto c = static_cast<unsigned char>(head[i]);
    if (c == 0) {
      if (first_nul == std::string_view::npos) first_nul = i;
      ((i & 1) ? zero_odd : zero_even)++;
    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A &&
               c != 0x1B) {
      ++controls;
    }
  }
  if (first_nul != std::string_view::npos) {
    auto utf16 = [&](EncodingKind kind, const char* name, size_t zeros) {
      Encoding e{kind, name, 0};
      e.guessed = true;
      e.confidence = static_cast<int>(std::min<size_t>(99, 100 * zeros / pairs + 30));
      e.basis = "no byte-order mark; NUL bytes on " + std::to_string(100 * zeros / pairs) + "% of the " +
                ((kind == EncodingKind::kUtf16Le) ? "odd" : "even") + " bytes";
      return e;
    };
    if (pairs >= 2 && zero_odd * 10 >= pairs * 3 && zero_even * 50 <= pairs)
      return utf16(EncodingKind::kUtf16Le, "UTF-16LE", zero_odd);
    if (pairs >= 2 && zero_even * 10 >= pairs * 3 && zero_odd * 50 <= pairs)
      return utf16(EncodingKind::kUtf16Be, "UTF-16BE", zero_even);
    // Not UTF-16: the NUL bytes are judged by lines over the whole file (MostlyUndecodable).
  }
  if (controls > 4 && controls * 100 > head.size()) {
    return Status::ParseError(path + ": binary file (" + std::to_string(controls) +
                              " control bytes in the first " + std::to_string(head.size()) +
                              " bytes), not a keyword export");
  }

  auto stats = ScanUtf8(file, 0);
  if (!stats.ok()) return stats.status();
  const Utf8Stats& st = *stats;
  KR_RETURN_IF_ERROR(NulOnMostLines(path, st));
  if (st.invalid == 0) return Encoding{EncodingKind::kUtf8, "UTF-8", 0};
  // Decided by lines, not bytes: one damaged line may hold many stray bytes.
  const uint64_t clean = st.clean_mb_lines();
  if (clean > 0 && clean >= st.bad_lines) {
    // Real UTF-8 with some damaged lines: those lines become row errors.
    KR_RETURN_IF_ERROR(MostlyUndecodable(path, st));
    Encoding e{EncodingKind::kUtf8, "UTF-8", 0};
    e.guessed = true;
    e.confidence = static_cast<int>(100 * clean / (clean + st.bad_lines));
    e.basis = Plural(clean, "line") + " of valid multi-byte UTF-8, " + Plural(st.bad_lines, "line") +
              " with invalid bytes (first on line " + std::to_string(st.first_bad_line) + ")";
    return e;
  }
  // A legacy 8-bit file; lines that are valid UTF-8 speak against it.
  const double against = static_cast<double>(st.bad_lines) / static_cast<double>(st.bad_lines + clean);
  auto [icu, icu_conf] = IcuDetect(st.high_sample);
  if (!icu.empty()) {
    Encoding e{EncodingKind::kIcu, icu, 0};
    e.guessed = true;
    e.confidence = static_cast<int>(icu_conf * against);
    e.basis = "ICU's charset detector on the bytes that are not UTF-8";
    return e;
  }
  Encoding e{EncodingKind::kWindows1252, "windows-1252", 0};
  e.guessed = true;
  e.confidence = static_cast<int>(100.0 * static_cast<double>(st.latin_like) / static_cast<double>(st.invalid) * against);
  e.basis = std::to_string(st.latin_like) + " of " + std::to_string(st.invalid) +
            " bytes that are not UTF-8 read as Latin letters or signs in windows-1252";
  if (clean > 0) e.basis += "; " + Plural(clean, "line") + " of valid UTF-8 speak against it";
  return e;
}

Status CheckMostlyUtf8(FileReader& file, size_t bom_bytes) {
  auto stats = ScanUtf8(file, bom_bytes);
  if (!stats.ok()) return stats.status();
  return MostlyUndecodable(file.path(), *stats);
}

// ---- Text sources ----------------------------------------------------------

TextStream::TextStream(FileReader* file, Decoder* decoder, size_t bom_bytes, size_t chunk_bytes)
    : file_(file), decoder_(decoder), skip_(bom_bytes) {
  raw_.resize(chunk_bytes);
}

Result<bool> TextStream::Fill(std::string* out) {
  if (done_) return false;
  auto r = file_->Read(raw_.data(), raw_.size());
  if (!r.ok()) return r.status();
  size_t n = *r;
  size_t from = 0;
  if (skip_) {
    from = std::min(skip_, n);
    skip_ -= from;
  }
  size_t before = out->size();
  if (n == 0) {
    decoder_->Decode(nullptr, 0, /*last=*/true, out);
    done_ = true;
    return out->size() > before;
  }
  decoder_->Decode(raw_.data() + from, n - from, /*last=*/false, out);
  return true;
}

Result<bool> StringSource::Fill(std::string* out) {
  if (pos_ >= text_.size()) return false;
  size_t n = std::min(chunk_, text_.size() - pos_);
  out->append(text_, pos_, n);
  pos_ += n;
  return true;
}

}  // namespace kr::ingest::internal
