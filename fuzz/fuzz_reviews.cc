// Reviewed verdicts on arbitrary bytes: the first byte picks the reader
// (reviews.tsv, a `review --file` fixes file, or one `--set` assignment),
// the rest is the text. Invariants: every review read has a non-empty valid
// UTF-8 query of at most kMaxReviewQueryBytes that does not start with '#',
// a valid stage and valid UTF-8 author and date; a refusal names the file
// and its line; a reviews.tsv that reads is written and read back to the
// same reviews, and writing that again gives the same bytes.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "klantreis/app/reviews_file.h"
#include "klantreis/classify/classifier.h"

using kr::fuzz::Require;
using kr::fuzz::RequireUtf8;

namespace {

constexpr const char* kPath = "fuzz/reviews.tsv";

void RequireValid(const kr::app::Review& r) {
  RequireUtf8(r.query, "a review query is not valid UTF-8");
  RequireUtf8(r.author, "a review author is not valid UTF-8");
  RequireUtf8(r.date, "a review date is not valid UTF-8");
  Require(!kr::classify::NormalizeForOverride(r.query).empty(), "a review query is empty");
  Require(r.query.size() <= kr::app::kMaxReviewQueryBytes, "a review query is too long");
  Require(r.query.front() != '#', "a review query starts with '#' (a comment when written)");
  Require(r.query.find_first_of("\t\r\n") == std::string::npos, "a review query holds a tab or a line break");
  Require(kr::StageFromId(kr::StageId(r.stage)) == r.stage, "a review stage is not one of the ten");
}

// FILE:LINE: ... (or, for a fixes file without rows, FILE: no ... lines).
void RequireNamesLine(const kr::Status& st) {
  const std::string& m = st.message();
  const std::string prefix = std::string(kPath) + ":";
  Require(m.starts_with(prefix), "a reviews error does not name the file");
  const bool line = m.size() > prefix.size() && m[prefix.size()] >= '1' && m[prefix.size()] <= '9';
  Require(line || m == prefix + " no QUERY<TAB>STAGE lines", "a reviews error does not name the line");
}

using Set = std::map<std::string, std::string>;  // normalised query -> every field

Set AsSet(const std::vector<kr::app::Review>& rs) {
  Set out;
  for (const auto& r : rs) {
    std::string fields = r.query + "\x1f" + std::string(kr::StageId(r.stage)) + "\x1f" + r.author + "\x1f" + r.date +
                         "\x1f" + (r.previous ? std::string(kr::StageId(*r.previous)) : "-");
    Require(out.emplace(kr::classify::NormalizeForOverride(r.query), fields).second,
            "reviews.tsv read the same query twice");
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 2 * 1024 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto rs = kr::app::ParseReviewsText(text, kPath, kr::app::ReviewText::kReviewsFile);
      if (!rs.ok()) {
        RequireNamesLine(rs.status());
        break;
      }
      for (const auto& r : *rs) RequireValid(r);
      const std::string written = kr::app::FormatReviewsText(*rs);
      auto again = kr::app::ParseReviewsText(written, kPath, kr::app::ReviewText::kReviewsFile);
      Require(again.ok(), "reviews.tsv as written does not read back");
      Require(again->size() == rs->size(), "reviews.tsv written and read back lost or gained a row");
      Require(AsSet(*again) == AsSet(*rs), "reviews.tsv written and read back changed a review");
      Require(kr::app::FormatReviewsText(*again) == written, "reviews.tsv written twice differs");
      break;
    }
    case 1: {
      auto rs = kr::app::ParseReviewsText(text, kPath, kr::app::ReviewText::kFixes);
      if (!rs.ok()) {
        RequireNamesLine(rs.status());
        break;
      }
      Require(!rs->empty(), "a fixes file read without rows and without an error");
      for (const auto& r : *rs) RequireValid(r);
      // The fixes as stored (merged by query, last one wins) read back from reviews.tsv.
      std::map<std::string, kr::app::Review> merged;
      for (const auto& r : *rs) merged[kr::classify::NormalizeForOverride(r.query)] = r;
      std::vector<kr::app::Review> stored;
      for (auto& [k, r] : merged) stored.push_back(r);
      auto back = kr::app::ParseReviewsText(kr::app::FormatReviewsText(stored), kPath, kr::app::ReviewText::kReviewsFile);
      Require(back.ok() && back->size() == stored.size(), "fixes stored in reviews.tsv do not read back");
      break;
    }
    default: {
      auto r = kr::app::ParseReviewAssignment(text);
      if (!r.ok()) {
        Require(r.status().message().starts_with("--set \""), "a --set error does not name the option");
        break;
      }
      RequireValid(*r);
      auto back = kr::app::ParseReviewsText(kr::app::FormatReviewsText({*r}), kPath, kr::app::ReviewText::kReviewsFile);
      Require(back.ok() && back->size() == 1 && back->front().query == r->query && back->front().stage == r->stage,
              "a --set review does not read back from reviews.tsv");
      break;
    }
  }
  return 0;
}
