#include "langid.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "klantreis/core/text.h"
#include "normalize.h"

namespace kr::classify::internal {
namespace {

bool Contains(std::string_view w, std::string_view sub) { return w.find(sub) != std::string_view::npos; }
// Evidence of a word that only the English word list has, before its
// English spelling hints (see Score).
constexpr float kLoanWordEvidence = 0.4f;
constexpr size_t kLoanWordMinLength = 9;

bool EndsWith(std::string_view w, std::string_view suf) {
  return w.size() > suf.size() && w.substr(w.size() - suf.size()) == suf;
}

}  // namespace

Status LexiconLanguageId::ParseList(std::string_view tsv, const std::string& source, bool dutch, size_t* count) {
  size_t line_no = 0;
  std::string folded;
  LineSplitter lines(tsv);
  std::string_view line;
  while (lines.Next(&line, &line_no)) {
    std::string_view trimmed = TrimSpaceCr(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    std::vector<std::string_view> cols = SplitTabs(trimmed);
    const size_t nc = cols.size();
    const std::string where = source + " line " + std::to_string(line_no);
    if (nc < 2 || cols[0].empty()) return Status::ParseError(where + ": expected word<TAB>weight[<TAB>kind]");
    float weight = 0;
    auto [p, ec] = std::from_chars(cols[1].data(), cols[1].data() + cols[1].size(), weight);
    if (ec != std::errc() || p != cols[1].data() + cols[1].size() || !std::isfinite(weight) || weight < 0) {
      return Status::ParseError(where + ": weight '" + std::string(cols[1]) + "' is not a non-negative number");
    }
    std::string_view kind = nc > 2 ? cols[2] : std::string_view();
    if (!kind.empty() && kind != "stop" && kind != "question") {
      return Status::ParseError(where + ": kind '" + std::string(kind) + "' is not stop or question");
    }
    Fold(cols[0], Diacritics::kStrip, &folded);
    Entry& e = words_[folded];
    (dutch ? e.nl : e.en) = weight;
    e.question |= kind == "question";
    e.stop |= kind == "stop" || kind == "question";
    ++*count;
  }
  return Status::Ok();
}

Status LexiconLanguageId::Init(std::string_view nl_tsv, const std::string& nl_source, std::string_view en_tsv,
                               const std::string& en_source, std::shared_ptr<const WordList> english_dict) {
  words_.clear();
  nl_size_ = en_size_ = 0;
  KR_RETURN_IF_ERROR(ParseList(nl_tsv, nl_source, true, &nl_size_));
  KR_RETURN_IF_ERROR(ParseList(en_tsv, en_source, false, &en_size_));
  english_ = std::move(english_dict);
  return Status::Ok();
}

void LexiconLanguageId::SpellingHints(std::string_view w, float* nl, float* en) {
  float n = 0, e = 0;
  if (Contains(w, "ij")) n += 0.6f;
  if (Contains(w, "aa") || Contains(w, "uu")) n += 0.5f;
  if (Contains(w, "oe") || Contains(w, "ui")) n += 0.3f;
  if (Contains(w, "sch")) n += 0.3f;
  if (EndsWith(w, "heid") || EndsWith(w, "tje") || EndsWith(w, "tjes") || EndsWith(w, "isch")) n += 0.6f;
  if (EndsWith(w, "tie") || EndsWith(w, "ties") || EndsWith(w, "atie")) n += 0.4f;
  if (EndsWith(w, "en") || EndsWith(w, "ing")) n += 0.1f;
  if (Contains(w, "th")) e += 0.5f;
  if (Contains(w, "wh") || Contains(w, "ght")) e += 0.6f;
  if (Contains(w, "sh")) e += 0.4f;
  if (EndsWith(w, "tion") || EndsWith(w, "tions") || EndsWith(w, "ness") || EndsWith(w, "ful")) e += 0.6f;
  if (EndsWith(w, "ive") || EndsWith(w, "ives") || EndsWith(w, "ity") || EndsWith(w, "ous") || EndsWith(w, "ally")) e += 0.6f;
  if (Contains(w, "ea") || Contains(w, "ay") || Contains(w, "ow")) e += 0.3f;
  if (Contains(w, "y")) e += 0.2f;
  *nl = n > 0.6f ? 0.6f : n;
  *en = e > 0.6f ? 0.6f : e;
}

bool LexiconLanguageId::Knows(std::string_view w, const CompoundSplitter* splitter) const {
  return words_.count(std::string(w)) || (splitter && splitter->InDictionary(w)) ||
         (english_ && english_->Contains(w));
}

WordLangScore LexiconLanguageId::Score(std::string_view w, const CompoundSplitter* splitter, bool split) const {
  WordLangScore s;
  if (auto it = words_.find(std::string(w)); it != words_.end()) {
    s.nl = it->second.nl;
    s.en = it->second.en;
    s.question = it->second.question;
    s.stop = it->second.stop;
    return s;
  }
  const bool in_nl = splitter && splitter->InDictionary(w);
  // English inflections the list may lack are covered by wbritish itself.
  const bool in_en = english_ && english_->Contains(w);
  // Words of up to 3 letters are often abbreviations ("hr", "btw", "kmo")
  // that one list happens to have: weaker evidence.
  const float w1 = w.size() <= 3 ? 0.4f : 1.0f;
  if (in_nl && !in_en) {
    s.nl = w1;
  } else if (in_en && !in_nl) {
    // Dutch uses long international words (species, scientific and
    // technical terms) unchanged that only the English list has:
    // "monstera of philodendron" is a Dutch comparison. A long word of the
    // English list alone decides the language only with English spelling of
    // its own ("breakthrough", "alternatives") or with more English evidence
    // beside it ("the", "how", "cheap"). Short English-only words
    // ("panels", "mattress") are ordinary English.
    s.en = w1;
    if (w.size() >= kLoanWordMinLength) {
      float hn = 0, he = 0;
      SpellingHints(w, &hn, &he);
      s.en = std::min(w1, kLoanWordEvidence + he);
    }
  } else if (!in_nl && !in_en && split) {
    s.nl = 1;
  } else {
    float hn = 0, he = 0;
    SpellingHints(w, &hn, &he);
    const float scale = (in_nl && in_en) ? 0.5f : 1.0f;
    s.nl = hn * scale;
    s.en = he * scale;
  }
  return s;
}

}  // namespace kr::classify::internal
