// Compiled cue phrases and their index (see lexicon_match.h).
#include "lexicon_match.h"

#include <algorithm>

namespace kr::classify::internal {
namespace {

constexpr int kMaxGap = 3;  // "..." spans up to this many tokens

struct TagName {
  std::string_view name;
  uint32_t tag;
};
constexpr TagName kTagNames[] = {
    {"frame", kTagFrame},
    {"nav", kTagNav},
    {"service", kTagService},
    {"org", kTagOrg},
    {"strict", kTagStrict},
    {"between", kTagBetween},
    {"start", kTagStart},
    {"question", kTagQuestion},
    {"end", kTagEnd},
    {"symptom", kTagSymptom},
    {"subject", kTagSubject},
    {"condition", kTagCondition},
    {"whole", kTagWhole},
    {"attribute_head", kTagAttrHead},
    {"device", kTagDevice},
    {"definition", kTagDefinition},
    {"category", kTagCategory},
    // Descriptive kinds: shown in the trace, no effect on the decision.
    {"comparison", kTagDescriptive},
    {"price", kTagDescriptive},
    {"place", kTagDescriptive},
    {"time", kTagDescriptive},
    {"post_purchase", kTagDescriptive},
    {"purchase", kTagDescriptive},
    {"problem", kTagDescriptive},
    {"wish", kTagDescriptive},
    {"attribute", kTagDescriptive},
    {"tool", kTagDescriptive},
    {"product", kTagDescriptive},
    {"brand", kTagDescriptive},
};

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// Does pattern word `w` match token `t` as a whole word (norm or stem)?
bool WordMatches(const PatternWord& w, const Token& t) {
  switch (w.type) {
    case PatternWord::kLiteral: return t.norm == w.text || t.stem == w.text;
    case PatternWord::kPrefix: return StartsWith(t.norm, w.text);
    case PatternWord::kAny: return (t.flags & (kTokWord | kTokNumber)) != 0;
    case PatternWord::kGap: return true;
  }
  return false;
}

}  // namespace

uint32_t ParseCueTags(std::string_view kind, std::string* unknown) {
  uint32_t tags = 0;
  unknown->clear();
  size_t pos = 0;
  while (pos <= kind.size()) {
    size_t comma = kind.find(',', pos);
    if (comma == std::string_view::npos) comma = kind.size();
    std::string_view name = kind.substr(pos, comma - pos);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) name.remove_suffix(1);
    if (!name.empty()) {
      bool found = false;
      for (const TagName& t : kTagNames) {
        if (t.name == name) {
          tags |= t.tag;
          found = true;
          break;
        }
      }
      if (!found) {
        if (!unknown->empty()) unknown->append(", ");
        unknown->append(name);
      }
    }
    pos = comma + 1;
  }
  return tags;
}

Result<Pattern> CompilePhrase(std::string_view phrase) {
  std::string folded = FoldForMatch(phrase);
  Pattern p;
  size_t pos = 0;
  while (pos < folded.size()) {
    while (pos < folded.size() && (folded[pos] == ' ' || folded[pos] == '\t')) ++pos;
    if (pos >= folded.size()) break;
    size_t end = folded.find_first_of(" \t", pos);
    if (end == std::string::npos) end = folded.size();
    std::string word = folded.substr(pos, end - pos);
    pos = end;
    PatternWord w;
    if (word == "*") {
      w.type = PatternWord::kAny;
      ++p.wildcards;
    } else if (word == "...") {
      w.type = PatternWord::kGap;
      ++p.wildcards;
    } else if (word.size() > 1 && word.back() == '*') {
      word.pop_back();
      if (word.size() < 3) {
        return Status::InvalidArgument("prefix \"" + word + "*\" is shorter than three letters");
      }
      w.type = PatternWord::kPrefix;
      w.text = std::move(word);
      ++p.literals;
    } else {
      w.type = PatternWord::kLiteral;
      w.text = std::move(word);
      ++p.literals;
    }
    p.words.push_back(std::move(w));
  }
  if (p.words.empty()) return Status::InvalidArgument("empty phrase");
  if (p.literals == 0) return Status::InvalidArgument("phrase \"" + std::string(phrase) + "\" has no literal word");
  if (p.words.front().type == PatternWord::kGap || p.words.back().type == PatternWord::kGap) {
    return Status::InvalidArgument("phrase \"" + std::string(phrase) + "\" starts or ends with \"...\"");
  }
  return p;
}

void PhraseIndex::Add(Pattern pattern, int entry, bool match_parts) {
  int id = static_cast<int>(patterns_.size());
  parts_ok_.push_back(match_parts);
  const PatternWord& first = pattern.words.front();
  if (first.type == PatternWord::kLiteral) {
    by_first_[first.text].push_back(id);
  } else {
    // A prefix, or '*' followed by a literal: checked at every token.
    prefix_first_.push_back(id);
  }
  patterns_.push_back(std::move(pattern));
  entries_.push_back(entry);
}

void PhraseIndex::Collect(std::string_view key, std::vector<int>* ids) const {
  auto it = by_first_.find(key);
  if (it != by_first_.end()) ids->insert(ids->end(), it->second.begin(), it->second.end());
}

int PhraseIndex::MatchAt(const Pattern& p, size_t w, const std::vector<QueryToken>& q, int i) const {
  if (w == p.words.size()) return i;
  const PatternWord& pw = p.words[w];
  if (pw.type == PatternWord::kGap) {
    for (int skip = 0; skip <= kMaxGap && i + skip <= static_cast<int>(q.size()); ++skip) {
      int end = MatchAt(p, w + 1, q, i + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (i >= static_cast<int>(q.size())) return -1;
  if (!WordMatches(pw, *q[i].token)) return -1;
  return MatchAt(p, w + 1, q, i + 1);
}

void PhraseIndex::Candidates(const Token& t, std::vector<int>* ids) const {
  ids->clear();
  Collect(t.norm, ids);
  if (t.stem != t.norm) Collect(t.stem, ids);
  for (const std::string& part : t.parts) Collect(part, ids);
  ids->insert(ids->end(), prefix_first_.begin(), prefix_first_.end());
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
}

void PhraseIndex::MatchFrom(const std::vector<QueryToken>& q, int i, const std::vector<int>& ids,
                            std::vector<PhraseMatch>* out) const {
  const Token& t = *q[i].token;
  for (int id : ids) {
    const Pattern& p = patterns_[id];
    int end = MatchAt(p, 0, q, i);
    if (end > i) {
      out->push_back(PhraseMatch{entries_[id], i, end, -1});
      continue;
    }
    // A one-word phrase may match a compound part ("korting" in
    // "kortingscode"); parts shorter than three letters (linking sounds,
    // split-off suffixes) never match.
    if (p.words.size() != 1 || t.parts.empty() || !parts_ok_[id]) continue;
    const PatternWord& pw = p.words[0];
    for (size_t k = 0; k < t.parts.size(); ++k) {
      const std::string& part = t.parts[k];
      if (part.size() < 3) continue;
      bool hit = pw.type == PatternWord::kLiteral ? part == pw.text
                                                  : (pw.type == PatternWord::kPrefix && StartsWith(part, pw.text));
      if (hit) {
        out->push_back(PhraseMatch{entries_[id], i, i + 1, static_cast<int>(k)});
        break;
      }
    }
  }
}

void PhraseIndex::MatchAll(const std::vector<QueryToken>& q, std::vector<PhraseMatch>* out,
                           std::vector<int>* scratch) const {
  for (int i = 0; i < static_cast<int>(q.size()); ++i) {
    Candidates(*q[i].token, scratch);
    MatchFrom(q, i, *scratch, out);
  }
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one extra trailing byte
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    // Swap of neighbours.
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);  // b has one extra byte at i
}

void FuzzyIndex::Add(const std::string& word, int entry) {
  if (word.size() < kMinLength) return;
  int id = static_cast<int>(words_.size());
  words_.push_back(word);
  entries_.push_back(entry);
  keys_[word].push_back(id);
  std::string del;
  for (size_t i = 0; i < word.size(); ++i) {
    del.assign(word, 0, i);
    del.append(word, i + 1, std::string::npos);
    auto& ids = keys_[del];
    if (ids.empty() || ids.back() != id) ids.push_back(id);
  }
}

void FuzzyIndex::Find(std::string_view word, std::vector<int>* entries) const {
  if (word.size() + 1 < kMinLength || keys_.empty()) return;
  std::vector<int> ids;
  auto collect = [&](std::string_view key) {
    auto it = keys_.find(key);
    if (it != keys_.end()) ids.insert(ids.end(), it->second.begin(), it->second.end());
  };
  collect(word);
  std::string del;
  for (size_t i = 0; i < word.size(); ++i) {
    del.assign(word.substr(0, i));
    del.append(word.substr(i + 1));
    collect(del);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int id : ids) {
    if (words_[id] != word && WithinOneEdit(words_[id], word)) entries->push_back(entries_[id]);
  }
}

}  // namespace kr::classify::internal
