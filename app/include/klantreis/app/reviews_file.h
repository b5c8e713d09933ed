// The text of reviews.tsv and of a `review --file` fixes file: parsing and
// writing, with no file system (app/review.h reads and writes the files;
// fuzz/fuzz_reviews.cc feeds the parser arbitrary bytes). Stateless and
// thread-safe.
//
// Lines end in LF, CRLF or a lone CR; a UTF-8 BOM at the start (of the
// file, or of a line: two files joined) is skipped;
// blank lines and lines starting with '#' are comments. Every refusal is a
// ParseError "FILE:LINE: why" (a fixes file without any row: "FILE: no
// QUERY<TAB>STAGE lines"). Nothing is guessed: invalid UTF-8, a control
// character, a query over kMaxReviewQueryBytes, an unknown stage, a missing
// column and the same query twice (reviews.tsv; in a fixes file: with two
// different stages) are errors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::app {

// The file name, beside klantreis.toml.
inline constexpr const char* kReviewsFile = "reviews.tsv";
// The header line of reviews.tsv (tab-separated).
inline constexpr const char* kReviewsHeader = "query\tstage\tauthor\tdate\tprevious";
// The longest query a review takes (the store's own limit, store::kMaxKeywordBytes).
inline constexpr size_t kMaxReviewQueryBytes = 4096;

struct Review {
  std::string query;     // as the user gave it (matched case-, diacritic- and space-insensitively)
  Stage stage = Stage::kConcreteNeed;
  std::string author;
  std::string date;      // YYYY-MM-DD (UTC)
  std::optional<Stage> previous;  // the classifier's stage without the review, when known
};

enum class ReviewText {
  kReviewsFile,  // reviews.tsv: query, stage, author, date, previous (the last three may be empty or absent)
  kFixes,        // a fixes file: QUERY<TAB>STAGE, further columns ignored (reviews.tsv itself is one)
};

// The rows of `text`, in file order; `path` names the file in errors.
Result<std::vector<Review>> ParseReviewsText(std::string_view text, const std::string& path, ReviewText kind);

// reviews.tsv's text: a comment line, the header, one row per review sorted
// by normalised query. ParseReviewsText(kReviewsFile) reads back the same
// reviews (cells as Cell() leaves them).
std::string FormatReviewsText(const std::vector<Review>& reviews);

// "QUERY=STAGE" (the last '=' splits; stage id or Dutch name, any case):
// InvalidArgument naming the text when the stage is unknown, a side is
// empty, or the query cannot be stored (starts with '#', a control
// character, too long).
Result<Review> ParseReviewAssignment(std::string_view text);

// A stage by id ("concrete_need"), id with spaces or hyphens ("concrete
// need"), or Dutch name ("concrete behoefte"), any case.
std::optional<Stage> ParseStageName(std::string_view text);

// YYYY-MM-DD with month 1..12 and day 1..31.
bool IsReviewDate(std::string_view date);

}  // namespace kr::app
