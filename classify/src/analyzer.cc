// The analyzer chain: IcuWordTokenizer, then the filters named in
// AnalyzerOptions::filters (normalize, join, flags, protect, compounds,
// langid, stem). See analyzer.h and docs/analyzer.md.
#include "klantreis/classify/analyzer.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analyzer_cache.h"
#include "analyzer_tokenizer.h"
#include "compound.h"
#include "compound_wordlist.h"
#include "klantreis/core/text.h"
#include "klantreis/embedded_config.h"
#include "langid.h"
#include "normalize.h"
#include "stem.h"

namespace kr::classify {
namespace {

using internal::CachedWord;
using internal::CompoundSettings;
using internal::CompoundSplitter;
using internal::Diacritics;
using internal::IcuWordTokenizer;
using internal::LexiconLanguageId;
using internal::RawToken;
using internal::SnowballStemmer;
using internal::WordLangScore;
using internal::WordCache;
using internal::WordList;

constexpr int kAnalyzerRevision = 2;  // bump when the chain's output changes for the same input

enum Filter : uint32_t {
  kFNormalize = 1u << 0,
  kFJoin = 1u << 1,
  kFFlags = 1u << 2,
  kFProtect = 1u << 3,
  kFCompounds = 1u << 4,
  kFLangId = 1u << 5,
  kFStem = 1u << 6,
};
struct FilterName {
  std::string_view name;
  Filter bit;
  std::string_view what;
};
constexpr FilterName kChain[] = {
    {"normalize", kFNormalize, "NFKC + case fold; norm without diacritics; ’ -> '"},
    {"join", kFJoin, "e-bike = ebike = e bike; kmo-facturatie; URLs; operators site: \"..\" -x OR"},
    {"flags", kFFlags, "number, unit (16 inch, 8kg, 160x200), domain, question, stop, symbol"},
    {"protect", kFProtect, "keyword marker: cue words and brands are never split or stemmed"},
    {"compounds", kFCompounds, "Dutch compound parts, linking -s- -e- -en-"},
    {"langid", kFLangId, "nl / en / und per query and per word, lexicon scores"},
    {"stem", kFStem, "Snowball stems in the word's (else the query's) language"},
};

// Internal bit (never leaves the analyzer): a unit word such as "inch",
// flagged kTokUnit only right after a number.
constexpr uint32_t kInfoUnitWord = 1u << 31;
// Internal bit: the first word of a multi-token brand or protected phrase.
constexpr uint32_t kInfoPhraseHead = 1u << 30;
constexpr uint32_t kInfoBits = kInfoUnitWord | kInfoPhraseHead;

constexpr std::string_view kTlds[] = {"com", "nl", "be", "org", "net", "eu", "de", "fr", "uk", "io", "co",
                                      "info", "shop", "store", "app", "ai", "dev", "online", "nu", "biz",
                                      "tv", "me", "us", "es", "it", "at", "ch", "lu", "site", "page"};
constexpr std::string_view kUnits[] = {
    "kg", "g", "gr", "gram", "mg", "l", "liter", "ml", "cl", "dl", "cm", "mm", "m", "km", "meter", "inch", "in",
    "gb", "tb", "mb", "kb", "w", "watt", "kw", "kwh", "wh", "v", "volt", "mah", "hz", "ghz", "mhz", "mp", "p",
    "k", "pk", "cc", "ah", "lbs", "lb", "oz", "ft", "mph", "kmh", "jaar", "jr", "year", "years", "persoons",
    "pers", "euro", "eur", "dollar", "usd", "%", "x"};
constexpr std::string_view kOperators[] = {"site", "intitle", "allintitle", "inurl", "allinurl", "intext",
                                           "allintext", "filetype", "ext", "related", "cache", "inanchor",
                                           "define", "before", "after", "source", "link", "info", "loc"};

bool HasAsciiLetterOrNonAscii(std::string_view s) {
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return true;
  }
  return false;
}
bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}
bool AllAsciiLower(std::string_view s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return !s.empty();
}
bool IsHyphen(std::string_view s) { return s == "-" || s == "\xE2\x80\x90" || s == "\xE2\x80\x91"; }
bool OnlySpaces(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}
template <size_t N>
bool In(const std::string_view (&set)[N], std::string_view w) {
  return std::find(std::begin(set), std::end(set), w) != std::end(set);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// What the chain computes for one distinct word (then kept in the WordCache).
struct WordInfo {
  std::vector<std::string> parts;
  uint32_t flags = 0;
  WordLangScore score;
};

// A token before filling: one raw token, or several joined.
struct Unit {
  enum Kind : uint8_t { kWord, kSymbol, kJoined, kUrl, kOperatorPrefix };
  uint32_t begin = 0, end = 0;
  Kind kind = kWord;
  bool op = false;
  uint16_t sub_first = 0, sub_count = 0;  // kJoined: raw word tokens in subs_
};

class ChainAnalyzer final : public Analyzer {
 public:
  explicit ChainAnalyzer(const AnalyzerOptions& o) : opts_(o) {}

  Status Init();
  void Analyze(std::string_view text, Analysis* out) override;
  std::string Describe() const override;
  std::string Version() const override;

 private:
  void BuildUnits(std::string_view text);
  void UnitNorm(std::string_view text, const Unit& u, std::string* norm, std::string* key,
                std::vector<std::string>* subs) const;
  CachedWord* Lookup(std::string_view key, const std::string& norm, const std::vector<std::string>* subs);
  CachedWord* Lookup(const std::string& norm, uint64_t hash);
  void Compute(std::string_view key, const std::string& norm, const std::vector<std::string>* subs,
               WordInfo* info) const;
  void StemOf(CachedWord* w, const std::string& norm, Language lang, std::string* out);
  void MarkPhrases(Analysis* out) const;
  bool EPrefixKnown(std::string_view folded_next) const;
  Status ResolveOptions();

  AnalyzerOptions opts_;
  uint32_t filters_ = 0;
  IcuWordTokenizer tokenizer_;
  SnowballStemmer stemmer_;
  LexiconLanguageId langid_;
  std::unique_ptr<CompoundSplitter> splitter_;
  std::shared_ptr<const WordList> dutch_, english_, lexicon_;
  std::string dutch_note_, english_note_;
  StringSet protected_, brands_;
  // Multi-token phrases (brands "exact online", protected "track en trace"),
  // by first token: (norms, flags to set).
  std::unordered_map<std::string, std::vector<std::pair<std::vector<std::string>, uint32_t>>, StringHash,
                     std::equal_to<>>
      phrases_;
  std::unique_ptr<WordCache> cache_;
  std::string fingerprint_;

  // Scratch buffers reused by Analyze().
  std::vector<RawToken> raw_;
  std::vector<Unit> units_;
  std::vector<RawToken> subs_;
  std::vector<CachedWord*> infos_;
  std::vector<bool> ops_;
  struct Pending {
    size_t token;
    uint64_t hash;
  };
  std::vector<Pending> pending_;
  std::string key_, scratch_;
  std::vector<std::string> sub_norms_;
};

Status ChainAnalyzer::ResolveOptions() {
  const AnalyzerOptions& shipped = ShippedAnalyzerOptions();
  if (opts_.filters.empty()) opts_.filters = shipped.filters;
  if (opts_.cache_size == 0) opts_.cache_size = shipped.cache_size;
  auto& c = opts_.compounds;
  if (c.min_part == 0) c.min_part = shipped.compounds.min_part;
  if (c.max_parts == 0) c.max_parts = shipped.compounds.max_parts;
  if (c.short_parts.empty()) c.short_parts = shipped.compounds.short_parts;
  if (c.banned_heads.empty()) c.banned_heads = shipped.compounds.banned_heads;
  if (c.banned_tails.empty()) c.banned_tails = shipped.compounds.banned_tails;
  if (c.derivation_suffixes.empty()) c.derivation_suffixes = shipped.compounds.derivation_suffixes;
  if (opts_.langid.margin == 0) opts_.langid.margin = shipped.langid.margin;
  if (opts_.langid.nl_words.empty()) opts_.langid.nl_words = shipped.langid.nl_words;
  if (opts_.langid.en_words.empty()) opts_.langid.en_words = shipped.langid.en_words;
  if (opts_.langid.prior == Language::kUnd) opts_.langid.prior = shipped.langid.prior;
  // Filters: known names, canonical order, normalize present.
  size_t pos = 0;
  for (const std::string& f : opts_.filters) {
    size_t k = 0;
    while (k < std::size(kChain) && kChain[k].name != f) ++k;
    if (k == std::size(kChain)) {
      std::string known;
      for (const auto& c2 : kChain) known += (known.empty() ? "" : ", ") + std::string(c2.name);
      return Status::InvalidArgument("analyzer.filters: unknown filter '" + f + "' (known: " + known + ")");
    }
    if (k < pos) {
      return Status::InvalidArgument("analyzer.filters: '" + f +
                                     "' is out of order (order: normalize, join, flags, protect, compounds, "
                                     "langid, stem)");
    }
    pos = k + 1;
    filters_ |= kChain[k].bit;
  }
  if (!(filters_ & kFNormalize)) return Status::InvalidArgument("analyzer.filters: 'normalize' is required");
  return Status::Ok();
}

Result<std::string> ReadListSource(const std::string& ref) {
  if (!ref.empty() && ref[0] == '/') return ReadFile(ref);
  auto shipped = kr::embedded::Get(ref);
  if (!shipped) return Status::NotFound("config/" + ref + ": not shipped");
  return std::string(*shipped);
}

Status ChainAnalyzer::Init() {
  KR_RETURN_IF_ERROR(ResolveOptions());
  KR_RETURN_IF_ERROR(tokenizer_.Init(opts_.ascii_fast_path));
  KR_RETURN_IF_ERROR(stemmer_.Init());

  // Word lists: shared per process; a missing list is a note, not an error.
  auto load = [](const std::string& path, bool english, std::shared_ptr<const WordList>* out, std::string* note) {
    if (path.empty()) {
      *note = "none configured";
      return;
    }
    auto r = WordList::Shared(path, english);
    if (r.ok()) {
      *out = *r;
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s (%zu words, loaded in %.0f ms)", path.c_str(), (*r)->size(),
                    (*r)->load_ms());
      *note = buf;
    } else {
      *note = "MISSING: " + r.status().message() + " (degraded: " +
              (english ? "no English word-list evidence" : "lexicon-only compound splitting") + ")";
    }
  };
  const bool need_lists = filters_ & (kFCompounds | kFLangId);
  if (need_lists) {
    load(opts_.dutch_wordlist_path, false, &dutch_, &dutch_note_);
    load(opts_.english_wordlist_path, true, &english_, &english_note_);
  }

  // Language evidence lists.
  auto nl = ReadListSource(opts_.langid.nl_words);
  if (!nl.ok()) return nl.status().WithContext("analyzer.langid.nl_words");
  auto en = ReadListSource(opts_.langid.en_words);
  if (!en.ok()) return en.status().WithContext("analyzer.langid.en_words");
  KR_RETURN_IF_ERROR(langid_.Init(*nl, opts_.langid.nl_words, *en, opts_.langid.en_words, english_));

  // Protected words and brands: single tokens into sets, longer ones into phrases.
  std::vector<std::string> lexicon_words = opts_.compound_parts;
  auto add_phrase = [&](const std::string& phrase, uint32_t flags, StringSet* set) {
    tokenizer_.Tokenize(phrase, &raw_);
    BuildUnits(phrase);
    std::vector<std::string> norms;
    std::string norm, key;
    for (const Unit& u : units_) {
      UnitNorm(phrase, u, &norm, &key, &sub_norms_);
      if (u.kind == Unit::kSymbol) continue;  // "track & trace" matches "track trace"
      norms.push_back(norm);
    }
    if (norms.empty()) return;
    if (norms.size() == 1) {
      set->insert(norms[0]);
      // A protected word is a compound part only when it is long enough to be
      // one ("en" of "track en trace" must not split hardloopschoen+en);
      // shorter parts come from compound_parts or compounds.short_parts.
      if (AllAsciiLower(norms[0]) && norms[0].size() >= 4) lexicon_words.push_back(norms[0]);
    } else {
      phrases_[norms[0]].emplace_back(std::move(norms), flags);
    }
  };
  for (const auto& w : opts_.protected_words) add_phrase(w, kTokProtected, &protected_);
  for (const auto& b : opts_.brands) add_phrase(b, kTokProtected | kTokBrand, &brands_);
  lexicon_ = WordList::FromWords(lexicon_words);

  CompoundSettings cs;
  cs.min_part = opts_.compounds.min_part;
  cs.max_parts = opts_.compounds.max_parts;
  cs.short_parts = opts_.compounds.short_parts;
  cs.banned_heads = opts_.compounds.banned_heads;
  cs.banned_tails = opts_.compounds.banned_tails;
  cs.derivation_suffixes = opts_.compounds.derivation_suffixes;
  splitter_ = std::make_unique<CompoundSplitter>(dutch_, lexicon_, english_, std::move(cs));

  // Fingerprint of everything that changes the output.
  std::string fp;
  for (const auto& f : opts_.filters) fp += f + ",";
  fp += "|" + std::to_string(opts_.compounds.min_part) + "|" + std::to_string(opts_.compounds.max_parts);
  for (const auto& v : {&opts_.compounds.short_parts, &opts_.compounds.banned_heads, &opts_.compounds.banned_tails,
                        &opts_.compounds.derivation_suffixes, &opts_.protected_words, &opts_.brands,
                        &opts_.compound_parts}) {
    fp += "|";
    for (const auto& w : *v) fp += w + ",";
  }
  fp += "|" + std::to_string(opts_.langid.margin) + "|" + *nl + "|" + *en + "|" +
        (opts_.langid.use_prior ? std::string(LanguageId(opts_.langid.prior)) : "none");
  fp += "|" + std::string(LanguageId(opts_.force_lang)) + std::string(LanguageId(opts_.stem_fallback));
  fingerprint_ = Fnv1aHex(fp);
  cache_ = std::make_unique<WordCache>(opts_.cache_size);
  return Status::Ok();
}

bool ChainAnalyzer::EPrefixKnown(std::string_view w) const {
  std::string h = "e-";
  h.append(w);
  if ((dutch_ && dutch_->Contains(h)) || (english_ && english_->Contains(h))) return true;
  h.erase(1, 1);  // "ebike"
  return protected_.count(h) || brands_.count(h) || (lexicon_ && lexicon_->Contains(h));
}

void ChainAnalyzer::BuildUnits(std::string_view text) {
  units_.clear();
  subs_.clear();
  const size_t n = raw_.size();
  auto piece = [&](size_t i) { return text.substr(raw_[i].begin, raw_[i].end - raw_[i].begin); };
  auto adjacent = [&](size_t i) { return i + 1 < n && raw_[i].end == raw_[i + 1].begin; };
  const bool join = filters_ & kFJoin;
  for (size_t i = 0; i < n;) {
    const RawToken& r = raw_[i];
    Unit u;
    u.begin = r.begin;
    u.end = r.end;
    u.kind = r.kind == RawToken::kWord ? Unit::kWord : Unit::kSymbol;
    if (join && r.kind == RawToken::kWord) {
      std::string_view p = piece(i);
      scratch_.clear();
      const bool colon_next = adjacent(i) && piece(i + 1) == ":";
      if ((colon_next || p.size() == 1) && p.size() <= 12) internal::AppendFolded(p, Diacritics::kStrip, &scratch_);
      // URL: scheme "://" up to the next space.
      if (colon_next && (scratch_ == "http" || scratch_ == "https" || scratch_ == "ftp") && adjacent(i + 1) &&
          adjacent(i + 2) && piece(i + 2) == "/" && piece(i + 3) == "/") {
        size_t e = raw_[i + 3].end;
        while (e < text.size() && text[e] != ' ' && text[e] != '\t' && text[e] != '\n' && text[e] != '\r') ++e;
        u.kind = Unit::kUrl;
        u.end = static_cast<uint32_t>(e);
        units_.push_back(u);
        while (i < n && raw_[i].begin < e) ++i;
        continue;
      }
      // Search operator prefix "site:" directly followed by its value.
      if (colon_next && adjacent(i + 1) && In(kOperators, scratch_)) {
        u.kind = Unit::kOperatorPrefix;
        u.end = raw_[i + 1].end;
        u.op = true;
        units_.push_back(u);
        i += 2;
        continue;
      }
      // Hyphenated words: e-bike, kmo-facturatie, t-shirt-print.
      if (HasAsciiLetterOrNonAscii(p)) {
        size_t j = i;
        while (j + 2 < n && adjacent(j) && adjacent(j + 1) && IsHyphen(piece(j + 1)) &&
               raw_[j + 2].kind == RawToken::kWord && HasAsciiLetterOrNonAscii(piece(j + 2)) && (j - i) < 14) {
          j += 2;
        }
        if (j > i) {
          u.kind = Unit::kJoined;
          u.end = raw_[j].end;
          u.sub_first = static_cast<uint16_t>(subs_.size());
          for (size_t k = i; k <= j; k += 2) subs_.push_back(raw_[k]);
          u.sub_count = static_cast<uint16_t>(subs_.size() - u.sub_first);
          units_.push_back(u);
          i = j + 1;
          continue;
        }
      }
      // "e bike" written apart = e-bike, when the word list knows e-<word>.
      if (scratch_ == "e" && i + 1 < n && raw_[i + 1].kind == RawToken::kWord && raw_[i + 1].begin > r.end &&
          OnlySpaces(text.substr(r.end, raw_[i + 1].begin - r.end)) &&
          !(i > 0 && raw_[i - 1].end == r.begin && IsHyphen(piece(i - 1)))) {
        std::string next;
        internal::AppendFolded(piece(i + 1), Diacritics::kStrip, &next);
        if (AllAsciiLower(next) && next.size() >= 3 && EPrefixKnown(next)) {
          u.kind = Unit::kJoined;
          u.end = raw_[i + 1].end;
          u.sub_first = static_cast<uint16_t>(subs_.size());
          subs_.push_back(raw_[i]);
          subs_.push_back(raw_[i + 1]);
          u.sub_count = 2;
          units_.push_back(u);
          i += 2;
          continue;
        }
      }
      // Google's OR / AND (upper case only) between two terms.
      if ((p == "OR" || p == "AND") && i > 0 && i + 1 < n) u.op = true;
    } else if (join) {
      std::string_view p = piece(i);
      if (p == "\"" || p == "\xE2\x80\x9C" || p == "\xE2\x80\x9D") {
        // A quote right after a number is inches (27" monitor), else phrase search.
        u.op = !(i > 0 && raw_[i - 1].end == r.begin && HasDigit(piece(i - 1)));
      } else if (IsHyphen(p)) {
        // "-tweedehands": exclusion when it starts a term.
        u.op = (i == 0 || raw_[i - 1].end < r.begin) && adjacent(i) && raw_[i + 1].kind == RawToken::kWord;
      } else if (p == "*" || p == "|") {
        u.op = true;
      }
    }
    units_.push_back(u);
    ++i;
  }
}

void ChainAnalyzer::UnitNorm(std::string_view text, const Unit& u, std::string* norm, std::string* key,
                             std::vector<std::string>* subs) const {
  norm->clear();
  subs->clear();
  if (u.kind == Unit::kJoined) {
    key->clear();
    for (uint16_t k = 0; k < u.sub_count; ++k) {
      const RawToken& s = subs_[u.sub_first + k];
      subs->emplace_back();
      internal::AppendFolded(text.substr(s.begin, s.end - s.begin), Diacritics::kStrip, &subs->back());
      norm->append(subs->back());
      if (k) key->push_back('-');
      key->append(subs->back());
    }
    return;
  }
  internal::AppendFolded(text.substr(u.begin, u.end - u.begin), Diacritics::kStrip, norm);
  key->clear();  // the key is the norm itself
}

void ChainAnalyzer::Compute(std::string_view key, const std::string& norm, const std::vector<std::string>* subs,
                            WordInfo* info) const {
  uint32_t f = 0;
  const bool letters = HasAsciiLetterOrNonAscii(norm);
  const bool digits = HasDigit(norm);
  if (letters) f |= kTokWord;
  if (digits) f |= kTokNumber;
  if (!letters && !digits) f |= kTokSymbol;  // "__", "@" (ICU joins them like letters)
  if (filters_ & kFProtect) {
    if (brands_.count(norm) || brands_.count(key)) f |= kTokBrand | kTokProtected;
    if (protected_.count(norm) || protected_.count(key)) f |= kTokProtected;
  }
  if (filters_ & kFFlags) {
    // Domains: bol.com, www.coolblue.nl.
    size_t dot = norm.rfind('.');
    if (letters && dot != std::string::npos && dot + 1 < norm.size() && In(kTlds, std::string_view(norm).substr(dot + 1))) {
      f |= kTokDomain;
      size_t start = 0;
      while (start <= norm.size()) {
        size_t e = norm.find('.', start);
        if (e == std::string::npos) e = norm.size();
        std::string_view label(norm.data() + start, e - start);
        if (!label.empty() && label != "www") info->parts.emplace_back(label);
        start = e + 1;
      }
    }
    // Numbers with units or dimensions: 8kg, 16inch, 160x200, 2,5kg, 1080p.
    if (digits && letters && !(f & kTokDomain) && norm[0] >= '0' && norm[0] <= '9') {
      std::vector<std::string> runs;
      size_t i = 0;
      while (i < norm.size()) {
        const bool dig = norm[i] >= '0' && norm[i] <= '9';
        size_t j = i + 1;
        while (j < norm.size() && ((norm[j] >= '0' && norm[j] <= '9') || norm[j] == '.' || norm[j] == ',') == dig) ++j;
        runs.emplace_back(norm.substr(i, j - i));
        i = j;
      }
      bool units_ok = true;
      for (size_t k = 1; k < runs.size(); k += 2) units_ok &= In(kUnits, runs[k]);
      if (units_ok && runs.size() >= 2) {
        info->parts = runs;
        if (!(runs.size() == 3 && runs[1] == "x")) f |= kTokUnit;  // 160x200 is a dimension
      }
    }
    if (!digits && In(kUnits, norm)) f |= kInfoUnitWord;
  }
  const bool wordlike = (f & kTokWord) && !(f & (kTokDomain | kTokNumber));
  bool split = false;
  if (subs) {
    info->parts = *subs;
    f |= kTokCompound;
  } else if ((filters_ & kFCompounds) && wordlike && !(f & kTokProtected) && norm.size() >= 5) {
    split = splitter_->Split(norm, &info->parts);
    if (split) f |= kTokCompound;
  }
  if (wordlike) {
    if (subs && !langid_.Knows(key, splitter_.get())) {
      // kmo-facturatie: the parts' evidence ("e-bike" itself is in the lists).
      for (const auto& s : *subs) {
        if (s.size() < 2) continue;
        WordLangScore p = langid_.Score(s, splitter_.get(), false);
        info->score.nl += p.nl;
        info->score.en += p.en;
      }
    } else if (subs) {
      info->score = langid_.Score(key, splitter_.get(), false);
    } else {
      info->score = langid_.Score(norm, splitter_.get(), split);
    }
    if (filters_ & kFFlags) {
      if (info->score.question) f |= kTokQuestion;
      if (info->score.stop) f |= kTokStop;
    }
    if (f & kTokBrand) info->score.nl = info->score.en = 0;  // names are no language evidence
  }
  if (phrases_.count(norm)) f |= kInfoPhraseHead;
  info->flags = f;
}

CachedWord* ChainAnalyzer::Lookup(const std::string& norm, uint64_t h) {
  if (CachedWord* hit = cache_->Find(norm, h)) return hit;
  WordInfo info;
  Compute(norm, norm, nullptr, &info);
  return cache_->Insert(norm, h, info.flags, info.score.nl, info.score.en, std::move(info.parts));
}

CachedWord* ChainAnalyzer::Lookup(std::string_view key, const std::string& norm,
                                  const std::vector<std::string>* subs) {
  const uint64_t h = WordCache::Hash(key);
  if (CachedWord* hit = cache_->Find(key, h)) return hit;
  WordInfo info;
  Compute(key, norm, subs, &info);
  return cache_->Insert(key, h, info.flags, info.score.nl, info.score.en, std::move(info.parts));
}

void ChainAnalyzer::StemOf(CachedWord* w, const std::string& norm, Language lang, std::string* out) {
  const int k = lang == Language::kEn ? 1 : 0;
  if (!cache_->HasStem(*w, k)) {
    std::string& s = scratch_;
    stemmer_.Stem(norm, lang == Language::kEn ? Language::kEn : Language::kNl, &s);
    // Never stem a word into a cue word or brand ("bollen" must not become "bol").
    if (s != norm && (protected_.count(s) || brands_.count(s))) s = norm;
    cache_->SetStem(*w, k, norm, s);
  }
  cache_->GetStem(*w, k, norm, out);
}

void ChainAnalyzer::MarkPhrases(Analysis* out) const {
  auto& toks = out->tokens;
  for (size_t i = 0; i < toks.size(); ++i) {
    auto it = phrases_.find(toks[i].norm);
    if (it == phrases_.end()) continue;
    for (const auto& [norms, flags] : it->second) {
      // Match on non-symbol tokens ("track & trace" = "track trace").
      size_t j = i, k = 0;
      std::vector<size_t> hit;
      while (j < toks.size() && k < norms.size()) {
        if (toks[j].flags & kTokSymbol) {
          ++j;
          continue;
        }
        if (toks[j].norm != norms[k]) break;
        hit.push_back(j);
        ++j;
        ++k;
      }
      if (k == norms.size()) {
        for (size_t h : hit) toks[h].flags |= flags;
      }
    }
  }
}

void ChainAnalyzer::Analyze(std::string_view text, Analysis* out) {
  constexpr size_t kMaxInput = size_t{1} << 30;  // ICU offsets are int32
  if (text.size() > kMaxInput) {
    size_t cut = kMaxInput;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  if (cache_->full()) cache_->Clear();
  out->lang = Language::kUnd;
  out->nl_score = out->en_score = 0;
  out->mixed = false;
  if (text.empty()) {
    out->tokens.clear();
    if (opts_.force_lang != Language::kUnd) out->lang = opts_.force_lang;
    return;
  }

  tokenizer_.Tokenize(text, &raw_);
  BuildUnits(text);
  const bool ascii = internal::IsAscii(text);
  size_t n = 0;
  bool any_phrase_head = false;
  infos_.clear();
  ops_.clear();
  pending_.clear();
  for (const Unit& u : units_) {
    Token* t;
    if (n < out->tokens.size()) {
      t = &out->tokens[n];
      t->parts.clear();
      t->flags = 0;
      t->lang = Language::kUnd;
    } else {
      t = &out->tokens.emplace_back();
    }
    ++n;
    t->begin = u.begin;
    t->end = u.end;
    std::string_view piece = text.substr(u.begin, u.end - u.begin);
    if (ascii) {
      t->text.assign(piece);
    } else {
      internal::SanitizeInto(piece, &t->text);
    }
    UnitNorm(text, u, &t->norm, &key_, &sub_norms_);
    CachedWord* info = nullptr;
    switch (u.kind) {
      case Unit::kSymbol:
        t->flags = kTokSymbol | (u.op ? static_cast<uint32_t>(kTokOperator) : 0u);
        break;
      case Unit::kOperatorPrefix:
        t->flags = kTokOperator;
        break;
      case Unit::kUrl: {
        t->flags = kTokDomain;
        // parts: the host's labels without www.
        std::string_view rest(t->norm);
        size_t s = rest.find("://");
        rest = s == std::string_view::npos ? rest : rest.substr(s + 3);
        rest = rest.substr(0, rest.find_first_of("/?#:"));
        size_t start = 0;
        while (start <= rest.size()) {
          size_t e = rest.find('.', start);
          if (e == std::string_view::npos) e = rest.size();
          std::string_view label = rest.substr(start, e - start);
          if (!label.empty() && label != "www") t->parts.emplace_back(label);
          start = e + 1;
        }
        break;
      }
      case Unit::kJoined:
        info = Lookup(key_, t->norm, &sub_norms_);
        break;
      case Unit::kWord: {
        // Looked up below, after prefetching, so that the cache misses of a
        // query's words overlap instead of following one another.
        const uint64_t h = WordCache::Hash(t->norm);
        cache_->PrefetchSlot(h);
        pending_.push_back({n - 1, h});
        break;
      }
    }
    infos_.push_back(info);
    ops_.push_back(u.op);
  }
  for (const Pending& p : pending_) cache_->PrefetchEntry(p.hash);
  for (const Pending& p : pending_) {
    infos_[p.token] = Lookup(out->tokens[p.token].norm, p.hash);
  }
  for (size_t i = 0; i < n; ++i) {
    CachedWord* info = infos_[i];
    if (!info) continue;
    Token* t = &out->tokens[i];
    t->flags = info->flags & ~kInfoBits;
    any_phrase_head |= (info->flags & kInfoPhraseHead) != 0;
    if (ops_[i]) {
      t->flags = kTokOperator;
      infos_[i] = nullptr;
    } else if (info->cold != CachedWord::kNoCold) {
      const auto& parts = cache_->Parts(*info);
      if (!parts.empty()) t->parts = parts;
    }
  }
  out->tokens.resize(n);
  auto& toks = out->tokens;

  // Context: a unit word right after a number ("16 inch").
  if (filters_ & kFFlags) {
    for (size_t i = 1; i < n; ++i) {
      if (infos_[i] && (infos_[i]->flags & kInfoUnitWord) && (toks[i - 1].flags & kTokNumber) &&
          !(toks[i - 1].flags & kTokWord)) {
        toks[i].flags |= kTokUnit;
      }
    }
  }
  if ((filters_ & kFProtect) && any_phrase_head) MarkPhrases(out);

  // Language: per word, then the query.
  const float margin = static_cast<float>(opts_.langid.margin);
  if (filters_ & kFLangId) {
    bool strong_nl = false, strong_en = false, has_words = false;
    for (size_t i = 0; i < n; ++i) {
      Token& t = toks[i];
      if (infos_[i] && (t.flags & kTokWord)) has_words = true;
      if (!infos_[i] || !(t.flags & kTokWord) || (t.flags & (kTokBrand | kTokDomain | kTokNumber))) continue;
      const CachedWord& s = *infos_[i];
      if (s.nl - s.en >= margin) t.lang = Language::kNl;
      if (s.en - s.nl >= margin) t.lang = Language::kEn;
      strong_nl |= t.lang == Language::kNl && s.nl >= 1;
      strong_en |= t.lang == Language::kEn && s.en >= 1;
      out->nl_score += s.nl;
      out->en_score += s.en;
    }
    if (out->nl_score - out->en_score >= margin) {
      out->lang = Language::kNl;
    } else if (out->en_score - out->nl_score >= margin) {
      out->lang = Language::kEn;
    } else if (opts_.langid.use_prior && has_words) {
      out->lang = opts_.langid.prior;
    }
    out->mixed = strong_nl && strong_en && opts_.force_lang == Language::kUnd;
  }
  if (opts_.force_lang != Language::kUnd) out->lang = opts_.force_lang;

  // Stems.
  for (size_t i = 0; i < n; ++i) {
    Token& t = toks[i];
    // Stop and question words come from closed lists: marked, not stemmed.
    const bool stemmable =
        (filters_ & kFStem) && infos_[i] && (t.flags & kTokWord) &&
        !(t.flags & (kTokProtected | kTokDomain | kTokNumber | kTokOperator | kTokStop | kTokQuestion));
    if (!stemmable) {
      t.stem = t.norm;
      continue;
    }
    Language l = opts_.force_lang;
    if (l == Language::kUnd) l = t.lang != Language::kUnd ? t.lang : out->lang;
    if (l == Language::kUnd) l = opts_.stem_fallback;
    StemOf(infos_[i], t.norm, l, &t.stem);
  }
}

std::string ChainAnalyzer::Describe() const {
  std::string d;
  d += "analyzer chain (config/analyzer.toml; " + Version() + ")\n";
  d += std::string("  tokenizer  icu-word    ICU ") + U_ICU_VERSION +
       " word boundaries over UTF-8 (UText), byte offsets; invalid UTF-8 -> U+FFFD" +
       (opts_.ascii_fast_path ? "; ASCII fast path with identical boundaries" : "") + "\n";
  for (const auto& f : kChain) {
    if (!(filters_ & f.bit)) {
      d += "  (off)      " + std::string(f.name) + "\n";
      continue;
    }
    char head[64];
    std::snprintf(head, sizeof head, "  filter     %-11s ", std::string(f.name).c_str());
    d += head;
    d += f.what;
    d += "\n";
    switch (f.bit) {
      case kFProtect:
        d += "               " + std::to_string(protected_.size()) + " protected words, " +
             std::to_string(brands_.size()) + " brands, " + std::to_string(phrases_.size()) +
             " multi-word phrase heads\n";
        break;
      case kFCompounds:
        d += "               Dutch word list: " + dutch_note_ + "\n";
        d += "               + " + std::to_string(lexicon_ ? lexicon_->size() : 0) +
             " lexicon parts; min part " + std::to_string(opts_.compounds.min_part) + " letters (+" +
             std::to_string(opts_.compounds.short_parts.size()) + " short parts), max " +
             std::to_string(opts_.compounds.max_parts) + " parts, words over " +
             std::to_string(splitter_ ? splitter_->settings().max_word_letters : 0) + " letters stay whole, " +
             std::to_string(opts_.compounds.banned_heads.size()) + " refused heads, " +
             std::to_string(opts_.compounds.banned_tails.size()) + " refused tails\n";
        break;
      case kFLangId:
        d += "               method: lexicon scores (" + std::to_string(langid_.nl_words()) + " nl / " +
             std::to_string(langid_.en_words()) + " en evidence words, word lists, compound splits, spelling "
             "hints); margin " + std::to_string(opts_.langid.margin).substr(0, 4) + "; undecided queries with words: " +
             (opts_.langid.use_prior ? std::string(LanguageId(opts_.langid.prior)) + " (market prior)" : "und") + "\n";
        d += "               English word list: " + english_note_ + "\n";
        if (opts_.force_lang != Language::kUnd) {
          d += "               forced language: " + std::string(LanguageId(opts_.force_lang)) + "\n";
        }
        break;
      case kFStem:
        d += std::string("               snowball ") + internal::kSnowballVersion +
             " (libstemmer) dutch, english; und queries stem as " + std::string(LanguageId(opts_.stem_fallback)) +
             "; cache " + std::to_string(opts_.cache_size) + " words\n";
        break;
      default:
        break;
    }
  }
  return d;
}

std::string ChainAnalyzer::Version() const {
  std::string v = "klantreis-analyzer-" + std::to_string(kAnalyzerRevision);
  v += std::string("; icu-") + U_ICU_VERSION + " (unicode " + U_UNICODE_VERSION + ")";
  v += std::string("; snowball-") + internal::kSnowballVersion + " nl,en";
  v += "; wordlist nl=" + (dutch_ ? dutch_->path() + ":" + std::to_string(dutch_->size()) : std::string("none"));
  v += " en=" + (english_ ? english_->path() + ":" + std::to_string(english_->size()) : std::string("none"));
  v += "; langid=lexicon; config=" + fingerprint_;
  return v;
}

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerOptions& options) {
  auto a = std::make_unique<ChainAnalyzer>(options);
  KR_RETURN_IF_ERROR(a->Init());
  return std::unique_ptr<Analyzer>(std::move(a));
}

std::string TokenFlagNames(uint32_t flags) {
  static constexpr std::pair<uint32_t, std::string_view> kNames[] = {
      {kTokWord, "word"},         {kTokNumber, "number"},     {kTokQuestion, "question"}, {kTokStop, "stop"},
      {kTokProtected, "protected"}, {kTokCompound, "compound"}, {kTokDomain, "domain"},     {kTokSymbol, "symbol"},
      {kTokBrand, "brand"},       {kTokOperator, "operator"}, {kTokUnit, "unit"},
  };
  std::string s;
  for (const auto& [bit, name] : kNames) {
    if (flags & bit) {
      if (!s.empty()) s += '|';
      s += name;
    }
  }
  return s;
}

}  // namespace kr::classify
