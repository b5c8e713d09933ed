// Analyzer implementation (step 1: ICU segmentation + normalisation + stems).
#include "klantreis/classify/analyzer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace kr::classify {
namespace {

const char* const kQuestionWords[] = {
    "wat", "hoe", "waarom", "wanneer", "waar", "wie", "welke", "welk", "hoeveel", "waarmee", "waarvoor",
    "what", "how", "why", "when", "where", "who", "which", "whose", "can", "does", "is"};

// Folds UTF-8 `in` (may contain invalid bytes, replaced by U+FFFD) into
// `out`: NFKC + case fold, then (when strip) diacritics removed.
void FoldUtf8(std::string_view in, bool strip, std::string* out) {
  out->clear();
  bool ascii = true;
  for (unsigned char c : in) {
    if (c >= 0x80) { ascii = false; break; }
  }
  if (ascii) {
    out->reserve(in.size());
    for (unsigned char c : in) out->push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : char(c));
    return;
  }
  icu::UnicodeString u;
  const uint8_t* s = reinterpret_cast<const uint8_t*>(in.data());
  int32_t i = 0, n = static_cast<int32_t>(in.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    u.append(c);
  }
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(st);
  icu::UnicodeString f = nfkc_cf->normalize(u, st);
  if (U_FAILURE(st)) f = u;
  if (strip) {
    st = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
    icu::UnicodeString d = nfd->normalize(f, st);
    if (U_SUCCESS(st)) {
      icu::UnicodeString r;
      for (int32_t k = 0; k < d.length();) {
        UChar32 c = d.char32At(k);
        k += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        r.append(c);
      }
      st = U_ZERO_ERROR;
      const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
      icu::UnicodeString c2 = nfc->normalize(r, st);
      f = U_SUCCESS(st) ? c2 : r;
    }
  }
  f.toUTF8String(*out);
}

class IcuAnalyzer final : public Analyzer {
 public:
  explicit IcuAnalyzer(AnalyzerOptions o) : opts_(std::move(o)) {}
  ~IcuAnalyzer() override {
    if (bi_) ubrk_close(bi_);
    if (ut_) utext_close(ut_);
    if (nl_) sb_stemmer_delete(nl_);
    if (en_) sb_stemmer_delete(en_);
  }

  Status Init() {
    UErrorCode st = U_ZERO_ERROR;
    bi_ = ubrk_open(UBRK_WORD, "nl", nullptr, 0, &st);
    if (U_FAILURE(st)) return Status::Unavailable(std::string("ICU word break iterator: ") + u_errorName(st));
    nl_ = sb_stemmer_new("dutch", "UTF_8");
    en_ = sb_stemmer_new("english", "UTF_8");
    if (!nl_ || !en_) return Status::Unavailable("libstemmer: dutch/english stemmer unavailable");
    for (const char* q : kQuestionWords) question_.insert(q);
    for (const auto& p : opts_.protected_words) protected_.insert(FoldForMatch(p));
    for (const auto& b : opts_.brands) brands_.insert(FoldForMatch(b));
    return Status::Ok();
  }

  void Analyze(std::string_view text, Analysis* out) override {
    out->Clear();
    UErrorCode st = U_ZERO_ERROR;
    ut_ = utext_openUTF8(ut_, text.data(), static_cast<int64_t>(text.size()), &st);
    if (U_FAILURE(st)) return;
    ubrk_setUText(bi_, ut_, &st);
    if (U_FAILURE(st)) return;
    int32_t b = ubrk_first(bi_);
    for (int32_t e = ubrk_next(bi_); e != UBRK_DONE; b = e, e = ubrk_next(bi_)) {
      int32_t status = ubrk_getRuleStatus(bi_);
      std::string_view piece = text.substr(b, e - b);
      if (status < UBRK_WORD_NONE_LIMIT && IsSpace(piece)) continue;
      Token& t = out->tokens.emplace_back();
      t.begin = static_cast<uint32_t>(b);
      t.end = static_cast<uint32_t>(e);
      t.text = SanitizeBytes(piece);
      FoldUtf8(piece, true, &t.norm);
      if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) {
        t.flags |= kTokNumber;
      } else if (status >= UBRK_WORD_NONE_LIMIT) {
        bool digit = false;
        for (char c : t.norm) digit |= (c >= '0' && c <= '9');
        t.flags |= digit ? (kTokNumber | kTokWord) : kTokWord;
      } else {
        t.flags |= kTokSymbol;
      }
      if ((t.flags & kTokWord) && question_.count(t.norm)) t.flags |= kTokQuestion;
      if (brands_.count(t.norm)) t.flags |= kTokBrand | kTokProtected;
      if (protected_.count(t.norm)) t.flags |= kTokProtected;
    }
    Language lang = opts_.force_lang;
    out->lang = lang;
    for (Token& t : out->tokens) {
      if (!(t.flags & kTokWord) || (t.flags & kTokProtected) || (t.flags & kTokNumber)) {
        t.stem = t.norm;
        continue;
      }
      sb_stemmer* s = lang == Language::kEn ? en_ : nl_;
      const sb_symbol* r = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(t.norm.data()),
                                           static_cast<int>(t.norm.size()));
      t.stem.assign(r ? reinterpret_cast<const char*>(r) : t.norm.c_str(),
                    r ? sb_stemmer_length(s) : t.norm.size());
    }
  }

  std::string Describe() const override { return "tokenizer: icu-word (UTF-8 UText)\nfilters: normalize, stem\n"; }
  std::string Version() const override {
    return std::string("icu-") + U_ICU_VERSION + "; snowball-2.2.0 nl,en";
  }

 private:
  static bool IsSpace(std::string_view s) {
    for (char c : s) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
    }
    return true;
  }
  static std::string SanitizeBytes(std::string_view s) {
    std::string r;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0, n = static_cast<int32_t>(s.size());
    while (i < n) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) r.append("\xEF\xBF\xBD");
      else r.append(s.substr(start, i - start));
    }
    return r;
  }

  AnalyzerOptions opts_;
  UBreakIterator* bi_ = nullptr;
  UText* ut_ = nullptr;
  sb_stemmer* nl_ = nullptr;
  sb_stemmer* en_ = nullptr;
  std::unordered_set<std::string> question_, protected_, brands_;
};

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerOptions& options) {
  auto a = std::make_unique<IcuAnalyzer>(options);
  KR_RETURN_IF_ERROR(a->Init());
  return std::unique_ptr<Analyzer>(std::move(a));
}

std::string NormalizeKeyword(std::string_view text) {
  std::string folded;
  FoldUtf8(text, false, &folded);
  std::string out;
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string FoldForMatch(std::string_view text) {
  std::string out;
  FoldUtf8(text, true, &out);
  return out;
}

}  // namespace kr::classify
