#include "stem.h"

namespace kr::classify::internal {

SnowballStemmer::~SnowballStemmer() {
  if (nl_) sb_stemmer_delete(nl_);
  if (en_) sb_stemmer_delete(en_);
}

Status SnowballStemmer::Init() {
  nl_ = sb_stemmer_new("dutch", "UTF_8");
  en_ = sb_stemmer_new("english", "UTF_8");
  if (!nl_ || !en_) return Status::Unavailable("libstemmer: the dutch/english UTF-8 stemmers are not available");
  return Status::Ok();
}

void SnowballStemmer::Stem(std::string_view word, Language lang, std::string* out) {
  // "auto's", "women's", "kids'": the apostrophe ending is inflection.
  if (word.size() > 3 && word.substr(word.size() - 2) == "'s") {
    word.remove_suffix(2);
  } else if (word.size() > 2 && word.back() == '\'') {
    word.remove_suffix(1);
  }
  if (word.find('\'') != std::string_view::npos || word.empty()) {  // "don't", "'s-hertogenbosch"
    out->assign(word);
    return;
  }
  sb_stemmer* s = lang == Language::kEn ? en_ : nl_;
  const sb_symbol* r =
      sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (!r) {  // out of memory inside libstemmer: keep the word
    out->assign(word);
    return;
  }
  out->assign(reinterpret_cast<const char*>(r), static_cast<size_t>(sb_stemmer_length(s)));
}

}  // namespace kr::classify::internal
