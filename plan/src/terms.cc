#include "klantreis/plan/terms.h"

#include <algorithm>
#include <libstemmer.h>

namespace kr::plan {

struct TermExtractor::Stemmers {
  sb_stemmer* nl = nullptr;
  sb_stemmer* en = nullptr;
  ~Stemmers() {
    if (nl) sb_stemmer_delete(nl);
    if (en) sb_stemmer_delete(en);
  }
};

TermExtractor::~TermExtractor() = default;

Result<std::unique_ptr<TermExtractor>> TermExtractor::Create(const PlanConfig& cfg,
                                                             const classify::AnalyzerOptions& analyzer,
                                                             Language market_lang) {
  std::unique_ptr<TermExtractor> t(new TermExtractor());
  auto a = classify::Analyzer::Create(analyzer);
  if (!a.ok()) return a.status();
  t->analyzer_ = std::move(a).value();
  t->stemmers_ = std::make_unique<Stemmers>();
  t->stemmers_->nl = sb_stemmer_new("dutch", "UTF_8");
  t->stemmers_->en = sb_stemmer_new("english", "UTF_8");
  if (!t->stemmers_->nl || !t->stemmers_->en) return Status::Unavailable("libstemmer: dutch/english stemmer missing");
  t->modifiers_ = EffectiveModifiers(cfg);
  t->market_lang_ = market_lang == Language::kUnd ? Language::kNl : market_lang;
  for (const auto& set : cfg.synonyms) {
    if (set.empty()) continue;
    for (const auto& variant : set) {
      KeywordTerms kt;
      t->Raw(variant, &kt);
      if (kt.terms.empty()) continue;
      t->synonyms_.push_back({kt.terms, "=" + set.front(), set.front()});
    }
  }
  std::stable_sort(t->synonyms_.begin(), t->synonyms_.end(),
                   [](const Synonym& a, const Synonym& b) { return a.terms.size() > b.terms.size(); });
  return t;
}

std::string TermExtractor::Stem(std::string_view word, Language lang) {
  if (lang == Language::kUnd) lang = market_lang_;
  auto& cache = stem_cache_[static_cast<int>(lang)];
  std::string key(word);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  sb_stemmer* st = lang == Language::kEn ? stemmers_->en : stemmers_->nl;
  std::string cur = key;
  for (int i = 0; i < 3; ++i) {  // until stable: Dutch "fietsen" -> "fiets" -> "fiet"
    const sb_symbol* s = sb_stemmer_stem(st, reinterpret_cast<const sb_symbol*>(cur.data()),
                                         static_cast<int>(cur.size()));
    if (!s) break;
    std::string next(reinterpret_cast<const char*>(s), sb_stemmer_length(st));
    if (next == cur || next.size() < 2) break;
    cur = std::move(next);
  }
  // Plurals Snowball keeps: "accu's"/"accus", "foto's", "menus" -> the vowel form.
  if (cur.size() >= 4 && cur.back() == 's' && std::string_view("aeiouy").find(cur[cur.size() - 2]) != std::string::npos &&
      cur[cur.size() - 2] != cur[cur.size() - 3]) {
    cur.pop_back();  // and once more through the stemmer: "ebikes" -> "ebike" -> "ebik"
    if (const sb_symbol* s = sb_stemmer_stem(st, reinterpret_cast<const sb_symbol*>(cur.data()),
                                             static_cast<int>(cur.size()))) {
      std::string next(reinterpret_cast<const char*>(s), sb_stemmer_length(st));
      if (next.size() >= 2) cur = std::move(next);
    }
  }
  cache.emplace(std::move(key), cur);
  if (cache.size() > 200000) cache.clear();
  return cur;
}

void TermExtractor::Raw(std::string_view keyword, KeywordTerms* out) {
  out->terms.clear();
  out->surfaces.clear();
  out->question = keyword.find('?') != std::string_view::npos;
  analyzer_->Analyze(keyword, &analysis_);
  std::vector<std::pair<std::string, std::string>> found;  // (term, surface)
  auto is_modifier = [&](std::string_view w) {
    return std::binary_search(modifiers_.begin(), modifiers_.end(), w, std::less<>());
  };
  auto add = [&](std::string_view piece, Language lang) {
    std::string w;
    for (char c : piece) {
      if (c != '\'') w.push_back(c);
    }
    if (w.empty() || is_modifier(w)) return;
    bool letter = false;
    for (unsigned char c : w) letter |= (c >= 'a' && c <= 'z') || c >= 0x80;
    if (!letter) return;  // numbers and years
    found.emplace_back(Stem(w, lang), std::string(piece));
  };
  for (const auto& tok : analysis_.tokens) {
    const uint32_t f = tok.flags;
    if (f & classify::kTokQuestion) out->question = true;
    if (f & (classify::kTokSymbol | classify::kTokOperator | classify::kTokUnit)) continue;
    if (f & classify::kTokQuestion) continue;  // other stop words may carry the topic ("down", "niet")
    if ((f & classify::kTokNumber) && !(f & classify::kTokWord)) continue;
    if (is_modifier(tok.norm)) continue;
    const Language lang = tok.lang != Language::kUnd ? tok.lang : analysis_.lang;
    bool split = (f & classify::kTokCompound) && !(f & (classify::kTokBrand | classify::kTokDomain)) &&
                 tok.parts.size() >= 2;
    for (const auto& p : tok.parts) split &= p.size() >= 3;  // "e-bike" stays "ebike"
    if (split) {
      for (const auto& p : tok.parts) add(p, lang);
    } else if (f & (classify::kTokDomain | classify::kTokBrand)) {
      found.emplace_back(tok.norm, tok.norm);
    } else {
      add(tok.norm, lang);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              found.end());
  for (auto& [t, s] : found) {
    out->terms.push_back(std::move(t));
    out->surfaces.push_back(std::move(s));
  }
}

void TermExtractor::Extract(std::string_view keyword, KeywordTerms* out) {
  Raw(keyword, out);
  for (const auto& syn : synonyms_) {
    if (!std::includes(out->terms.begin(), out->terms.end(), syn.terms.begin(), syn.terms.end())) continue;
    std::vector<std::string> terms, surfaces;
    for (size_t i = 0; i < out->terms.size(); ++i) {
      if (std::binary_search(syn.terms.begin(), syn.terms.end(), out->terms[i])) continue;
      terms.push_back(std::move(out->terms[i]));
      surfaces.push_back(std::move(out->surfaces[i]));
    }
    auto pos = std::lower_bound(terms.begin(), terms.end(), syn.key);
    if (pos == terms.end() || *pos != syn.key) {
      surfaces.insert(surfaces.begin() + (pos - terms.begin()), syn.surface);
      terms.insert(pos, syn.key);
    }
    out->terms = std::move(terms);
    out->surfaces = std::move(surfaces);
  }
}

}  // namespace kr::plan
