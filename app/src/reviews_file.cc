#include "klantreis/app/reviews_file.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <unordered_map>

#include "klantreis/classify/classifier.h"
#include "klantreis/core/text.h"

namespace kr::app {
using classify::FoldForMatch;
using classify::NormalizeForOverride;
namespace {

// One cell as written: tabs, line breaks and other control characters
// would break the row (or the file), so they become spaces; then trimmed of
// spaces and of a leading BOM (which a reader skips at the start of a line).
std::string Cell(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  std::string_view v = TrimSpaceCr(out);
  while (v.starts_with("\xEF\xBB\xBF")) v = TrimSpaceCr(v.substr(3));
  return std::string(v);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string StageList() {
  std::string out;
  for (Stage s : kAllStages) out += (out.empty() ? "" : ", ") + std::string(StageId(s));
  return out;
}

// A cell quoted for an error message, shortened when long.
std::string Shown(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return "\"" + std::string(s.substr(0, cut)) + "…\" (" + std::to_string(s.size()) + " bytes)";
}

// Splits on LF, CRLF and a lone CR, counting lines.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool Next(std::string_view* line, size_t* line_no) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find_first_of("\r\n", pos_);
    if (end == std::string_view::npos) end = text_.size();
    *line = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;  // LF, or the LF of CRLF
    *line_no = ++line_no_;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_no_ = 0;
};

// The first control character of a line (a tab separates cells), or npos.
size_t FindControl(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    const auto u = static_cast<unsigned char>(line[i]);
    if ((u < 0x20 && u != '\t') || u == 0x7F) return i;
  }
  return std::string_view::npos;
}

// Why a query cannot be stored in reviews.tsv, or empty.
std::string QueryProblem(std::string_view query) {
  if (NormalizeForOverride(query).empty()) return "the query is empty";
  if (query.size() > kMaxReviewQueryBytes) {
    return "the query is " + std::to_string(query.size()) + " bytes, a review takes at most " +
           std::to_string(kMaxReviewQueryBytes);
  }
  return "";
}

constexpr const char* kColumns[] = {"query", "stage", "author", "date", "previous"};
constexpr const char* kColumnList = "query, stage, author, date, previous";

}  // namespace

std::optional<Stage> ParseStageName(std::string_view text) {
  std::string s = Lower(TrimSpaceCr(text));
  if (auto st = StageFromId(s)) return st;
  std::string id = s;
  std::replace(id.begin(), id.end(), ' ', '_');
  std::replace(id.begin(), id.end(), '-', '_');
  if (auto st = StageFromId(id)) return st;
  if (s.empty()) return std::nullopt;
  for (Stage st : kAllStages) {
    if (FoldForMatch(StageDutchName(st)) == FoldForMatch(s)) return st;
  }
  return std::nullopt;
}

bool IsReviewDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int month = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Result<std::vector<Review>> ParseReviewsText(std::string_view text, const std::string& path, ReviewText kind) {
  const bool reviews_file = kind == ReviewText::kReviewsFile;
  std::vector<Review> out;
  struct Seen {
    size_t line;
    Stage stage;
  };
  std::unordered_map<std::string, Seen> seen;  // normalised query -> its first row
  Lines lines(text);
  std::string_view line;
  size_t line_no = 0;
  while (lines.Next(&line, &line_no)) {
    // A BOM at the start of a later line: two files joined (cat a.tsv b.tsv).
    while (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    const std::string where = path + ":" + std::to_string(line_no);
    if (size_t bad = FindInvalidUtf8(line); bad != std::string_view::npos) {
      return Status::ParseError(where + ": not valid UTF-8 (byte " + std::to_string(bad + 1) +
                                " of the line; save the file as UTF-8)");
    }
    std::string_view trimmed = TrimSpaceCr(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (size_t c = FindControl(line); c != std::string_view::npos) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(line[c])));
      return Status::ParseError(where + ": a control character (" + hex + ") at byte " + std::to_string(c + 1) +
                                " of the line");
    }
    auto cells = SplitTabs(line);
    if (cells.size() >= 2 && Lower(cells[0]) == "query" && Lower(cells[1]) == "stage") {  // a header
      for (size_t i = 2; reviews_file && i < cells.size(); ++i) {
        if (cells[i].empty() && i >= std::size(kColumns)) continue;
        if (i >= std::size(kColumns) || Lower(cells[i]) != kColumns[i]) {
          return Status::ParseError(where + ": header column " + std::to_string(i + 1) + " is " + Shown(cells[i]) +
                                    ", expected " + kColumnList);
        }
      }
      continue;
    }
    if (cells.size() < 2) {
      return Status::ParseError(where + (reviews_file ? ": expected query<TAB>stage<TAB>author<TAB>date<TAB>previous"
                                                      : ": expected QUERY<TAB>STAGE") +
                                " (no tab in " + Shown(trimmed) + ")");
    }
    Review r;
    r.query = Cell(cells[0]);
    if (std::string why = QueryProblem(r.query); !why.empty()) return Status::ParseError(where + ": " + why);
    auto stage = ParseStageName(cells[1]);
    if (!stage) {
      return Status::ParseError(where + ": " +
                                (cells[1].empty() ? std::string("no stage") : "unknown stage " + Shown(cells[1])) +
                                " (" + StageList() + ")");
    }
    r.stage = *stage;
    if (reviews_file) {
      for (size_t i = std::size(kColumns); i < cells.size(); ++i) {
        if (!cells[i].empty()) {
          return Status::ParseError(where + ": " + std::to_string(cells.size()) + " columns, " + kReviewsFile +
                                    " has 5 (" + kColumnList + "): a tab inside a query?");
        }
      }
      if (cells.size() > 2) r.author = Cell(cells[2]);
      if (cells.size() > 3) r.date = Cell(cells[3]);
      if (!r.date.empty() && !IsReviewDate(r.date)) {
        return Status::ParseError(where + ": date " + Shown(r.date) + ", expected YYYY-MM-DD");
      }
      if (cells.size() > 4 && !cells[4].empty()) {
        auto prev = ParseStageName(cells[4]);
        if (!prev) return Status::ParseError(where + ": unknown previous stage " + Shown(cells[4]));
        r.previous = prev;
      }
    }
    auto [it, fresh] = seen.try_emplace(NormalizeForOverride(r.query), Seen{line_no, r.stage});
    if (!fresh && (reviews_file || it->second.stage != r.stage)) {
      return Status::ParseError(
          where + ": " + Shown(r.query) + " again (" +
          (it->second.stage == r.stage
               ? "also on line " + std::to_string(it->second.line)
               : "line " + std::to_string(it->second.line) + " gives " + std::string(StageId(it->second.stage)) +
                     ", this line " + std::string(StageId(r.stage))) +
          "): one row per query, keep the right one");
    }
    out.push_back(std::move(r));
  }
  if (!reviews_file && out.empty()) return Status::ParseError(path + ": no QUERY<TAB>STAGE lines");
  return out;
}

std::string FormatReviewsText(const std::vector<Review>& reviews) {
  std::vector<std::pair<std::string, const Review*>> sorted;
  sorted.reserve(reviews.size());
  for (const Review& r : reviews) sorted.emplace_back(NormalizeForOverride(r.query), &r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = "# klantreis reviewed verdicts: exact queries with the stage a person gave them (klantreis review).\n";
  out += std::string(kReviewsHeader) + "\n";
  for (const auto& [key, r] : sorted) {
    out += SanitizeUtf8(Cell(r->query)) + "\t" + std::string(StageId(r->stage)) + "\t" +
           SanitizeUtf8(Cell(r->author)) + "\t" + SanitizeUtf8(Cell(r->date)) + "\t" +
           (r->previous ? std::string(StageId(*r->previous)) : "") + "\n";
  }
  return out;
}

Result<Review> ParseReviewAssignment(std::string_view text) {
  const std::string shown = "--set " + Shown(text);
  if (FindInvalidUtf8(text) != std::string_view::npos) return Status::InvalidArgument(shown + ": not valid UTF-8");
  size_t eq = text.rfind('=');
  if (eq == std::string_view::npos) return Status::InvalidArgument(shown + ": expected \"QUERY=STAGE\"");
  Review r;
  r.query = Cell(text.substr(0, eq));
  if (std::string why = QueryProblem(r.query); !why.empty()) return Status::InvalidArgument(shown + ": " + why);
  if (r.query.front() == '#') {
    return Status::InvalidArgument(shown + ": a query cannot start with '#' (" + kReviewsFile +
                                   " reads such a line as a comment)");
  }
  auto stage = ParseStageName(text.substr(eq + 1));
  if (!stage) {
    return Status::InvalidArgument(shown + ": unknown stage \"" + std::string(TrimSpaceCr(text.substr(eq + 1))) +
                                   "\" (" + StageList() + ")");
  }
  r.stage = *stage;
  return r;
}

}  // namespace kr::app
