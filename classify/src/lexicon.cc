// Lexicon TSV parsing (format: docs/configuration.md, "Lexicon TSV format").
//
//   file   := line*
//   line   := comment | blank | header | row
//   row    := phrase TAB stage TAB weight [TAB kind] [TAB ignored...]
//   stage  := a stage id of stages.md | "-"   ("-": signal only, weight 0)
//   weight := decimal number in [0, 3]
//   kind   := tag ("," tag)*   (tags: lexicon_match.cc kTagNames)
#include <algorithm>
#include <set>
#include <charconv>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/core/text.h"
#include "lexicon_match.h"

namespace kr::classify {
namespace {

constexpr double kMaxWeight = 3.0;

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  // std::from_chars for double is available in libstdc++ >= 11.
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Status ParseLexiconTsv(std::string_view tsv, Language lang, const std::string& source, std::vector<Cue>* out) {
  if (tsv.size() >= 3 && tsv.substr(0, 3) == "\xEF\xBB\xBF") tsv.remove_prefix(3);  // UTF-8 BOM
  if (size_t bad = FindInvalidUtf8(tsv); bad != std::string_view::npos) {
    size_t line = 1;
    for (size_t i = 0; i < bad; ++i) line += tsv[i] == '\n';
    return Status::InvalidArgument(source + ":" + std::to_string(line) + ": invalid UTF-8");
  }
  size_t line_no = 0;
  bool seen_row = false;
  LineSplitter lines(tsv);
  std::string_view line;
  while (lines.Next(&line, &line_no)) {
    std::string_view trimmed = TrimSpaceCr(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    auto where = [&]() { return source + ":" + std::to_string(line_no) + ": "; };
    std::vector<std::string_view> cols = SplitTabs(line);
    if (!seen_row && cols.size() >= 3 && cols[0] == "phrase" && cols[1] == "stage") {
      seen_row = true;  // header
      continue;
    }
    seen_row = true;
    if (cols.size() < 3) {
      return Status::InvalidArgument(where() + "expected phrase<TAB>stage<TAB>weight[<TAB>kind], got " +
                                     std::to_string(cols.size()) + " column(s)");
    }
    Cue cue;
    cue.lang = lang;
    cue.phrase = std::string(cols[0]);
    if (cue.phrase.empty()) return Status::InvalidArgument(where() + "empty phrase");
    auto pattern = internal::CompilePhrase(cue.phrase);
    if (!pattern.ok()) return Status::InvalidArgument(where() + pattern.status().message());
    bool signal_only = cols[1] == "-";
    if (!signal_only) {
      auto stage = StageFromId(cols[1]);
      if (!stage) {
        return Status::InvalidArgument(where() + "unknown stage \"" + std::string(cols[1]) +
                                       "\" (expected a stage id of stages.md, or -)");
      }
      cue.stage = *stage;
    }
    double weight = 0;
    if (!ParseDouble(cols[2], &weight) || weight < 0 || weight > kMaxWeight) {
      return Status::InvalidArgument(where() + "weight \"" + std::string(cols[2]) + "\" is not a number from 0 to 3");
    }
    cue.weight = signal_only ? 0.0 : weight;
    if (cols.size() >= 4) {
      std::string unknown;
      internal::ParseCueTags(cols[3], &unknown);
      if (!unknown.empty()) return Status::InvalidArgument(where() + "unknown kind \"" + unknown + "\"");
      cue.kind = std::string(cols[3]);
    }
    if (signal_only && cue.kind.empty()) {
      return Status::InvalidArgument(where() + "a cue with stage - needs a kind (nav, service, org, ...)");
    }
    out->push_back(std::move(cue));
  }
  return Status::Ok();
}

namespace {

// The rows "word<TAB>value" of a shipped word table ('#' comments, blank
// lines and the header skipped), each passed to fn(line_no, word, value).
template <typename Fn>
Status ForEachWordRow(std::string_view tsv, std::string_view header, Fn fn) {
  LineSplitter lines(tsv);
  std::string_view line;
  size_t line_no = 0;
  while (lines.Next(&line, &line_no)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#' || line == header) continue;
    size_t tab = line.find('\t');
    std::string_view value = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    KR_RETURN_IF_ERROR(fn(line_no, tab == std::string_view::npos ? line : line.substr(0, tab), value));
  }
  return Status::Ok();
}

// The shipped tables are folded already (ASCII lower case, and `extra`):
// folding tens of thousands of words through ICU would cost a tenth of a
// second at start-up.
std::string Folded(std::string_view word, char extra) {
  bool folded = std::all_of(word.begin(), word.end(), [&](char ch) { return (ch >= 'a' && ch <= 'z') || ch == extra; });
  return folded ? std::string(word) : FoldForMatch(word);
}

}  // namespace

Status ParseWordClassTsv(std::string_view tsv, const std::string& source,
                         std::vector<std::pair<std::string, std::string>>* out) {
  static const std::set<std::string_view> kClasses = {"condition", "product", "service", "person", "body",
                                                      "animal"};
  return ForEachWordRow(tsv, "word\tclass", [&](size_t line_no, std::string_view word, std::string_view cls) {
    if (word.empty() || !kClasses.count(cls)) {
      return Status::InvalidArgument(source + ":" + std::to_string(line_no) +
                                     ": expected word<TAB>class (condition, product, service, person, body, animal)");
    }
    out->emplace_back(Folded(word, ' '), std::string(cls));
    return Status::Ok();
  });
}

namespace internal {

Status ParseDutchVerbTsv(std::string_view tsv, const std::string& source,
                         std::vector<std::pair<std::string, std::string>>* out) {
  return ForEachWordRow(tsv, "word\tform", [&](size_t line_no, std::string_view word, std::string_view form) {
    if (word.empty() || (form != "inf" && form != "fin")) {
      return Status::InvalidArgument(source + ":" + std::to_string(line_no) + ": expected word<TAB>form (inf, fin)");
    }
    out->emplace_back(Folded(word, '\''), form == "inf" ? "nl_inf" : "nl_fin");
    return Status::Ok();
  });
}

Status ParseEnglishVerbTsv(std::string_view tsv, const std::string& source,
                           std::vector<std::pair<std::string, std::string>>* out) {
  return ForEachWordRow(tsv, "word\tlemma", [&](size_t line_no, std::string_view word, std::string_view lemma) {
    if (word.empty() || lemma.empty()) {
      return Status::InvalidArgument(source + ":" + std::to_string(line_no) + ": expected word<TAB>lemma");
    }
    out->emplace_back(Folded(word, '\''), "en_verb");
    return Status::Ok();
  });
}

}  // namespace internal

}  // namespace kr::classify
