// Reviewed verdicts (klantreis review): the user confirms or fixes the
// stage of a query; the fix is kept in DIR/reviews.tsv with its author and
// date and applied as an exact override after every configuration layer, so
// every later report, plan and classify -p uses it. The review queue lists
// the uncertain verdicts with the most volume first; suggestions name the
// project cues that would generalise the fixes (docs/classifier.md,
// "Reviewing verdicts").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/app/reviews_file.h"
#include "klantreis/core/progress.h"
#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::app {

// DIR/reviews.tsv.
std::string ReviewsPath(const std::string& project_dir);

// Reads reviews.tsv; a missing file is no reviews. ParseError naming the
// file and line for a bad row (ParseReviewsText: unknown stage, missing
// column, empty query, the same query twice, invalid UTF-8, ...).
Result<std::vector<Review>> LoadReviews(const std::string& path);

// Writes reviews.tsv atomically, sorted by normalised query.
Status SaveReviews(const std::string& path, const std::vector<Review>& reviews);

// Adds `updates` to `reviews`: the same query (NormalizeForOverride) is
// replaced, a new one appended. Returns how many were new or changed stage.
size_t MergeReviews(std::vector<Review>* reviews, const std::vector<Review>& updates);

// Loads DIR/reviews.tsv, lets `edit` change the list, and saves it, under
// an exclusive lock (DIR/reviews.tsv.lock) so two reviews at once lose
// nothing. Nothing is written when `edit` fails. A lock held by another
// process is waited for up to 10 s (KLANTREIS_REVIEW_LOCK_WAIT_MS), then
// Busy naming the lock file; a read-only project is IoError saying so.
Status UpdateReviews(const std::string& project_dir, const std::function<Status(std::vector<Review>*)>& edit);

// Drops the review of `query`; false when there was none.
bool RemoveReview(std::vector<Review>* reviews, std::string_view query);

// ParseReviewAssignment ("QUERY=STAGE", --set): app/reviews_file.h.

// A file of fixes: lines "QUERY<TAB>STAGE" (a header "query<TAB>stage" and
// '#' comments allowed, further columns ignored; reviews.tsv itself is
// accepted). ParseError naming file and line for a bad row
// (ParseReviewsText, ReviewText::kFixes).
Result<std::vector<Review>> ReadReviewAssignments(const std::string& path);

// Applies reviews as exact overrides (after whatever the configuration
// already overrides), notes "reviewed by AUTHOR on DATE" for the trace, and
// folds them into the config hash, so a report after a review names a new
// configuration and re-classifies.
void ApplyReviews(const std::vector<Review>& reviews, classify::ClassifierConfig* config);

// A configuration without the reviews ApplyReviews added (the classifier's
// own verdicts): `config` as loaded by OpenProject, whose reviews are
// project.reviews.
classify::ClassifierConfig WithoutReviews(const classify::ClassifierConfig& config, size_t review_count);

struct ReviewItem {
  std::string query;
  Stage stage = Stage::kConcreteNeed;
  double confidence = 0;
  int64_t monthly_volume = 0;
  bool uncertain = false;
  std::optional<Stage> runner_up;
  std::string evidence;  // the short trace
};

struct ReviewQueue {
  std::vector<ReviewItem> items;   // most volume first (ties: lower confidence, then query)
  uint64_t candidates = 0;         // keywords that qualified (uncertain or below the bar)
  int64_t candidate_volume = 0;
  uint64_t keywords = 0;           // all keywords of the project
  int64_t volume = 0;
  uint64_t reviewed = 0;           // keywords whose stage a review fixes
  bool impressions_only = false;   // every volume is Search Console impressions: never call them searches
  // What the volume counts: "searches a month", or "impressions" for a Search Console project.
  const char* VolumeUnit() const { return impressions_only ? "impressions" : "searches a month"; }
};

// One pass over the project: the `top` unreviewed verdicts that are
// uncertain (rule-7 default without evidence) or have confidence below
// `below` (0 = uncertain only), most volume first. Memory holds `top` items.
Result<ReviewQueue> CollectReviewQueue(Project& project, size_t top, double below, Progress* progress = nullptr);

struct CueSuggestion {
  std::string phrase;      // one word, as the analyzer folds it
  Stage stage = Stage::kConcreteNeed;
  std::string lang;        // "nl", "en" or "und"
  std::vector<std::string> from_reviews;  // the fixed queries that hold the word
  uint64_t keywords = 0;   // other project keywords the cue would move to `stage`
  int64_t monthly_volume = 0;
  std::vector<std::string> examples;  // some of them, most volume first
  std::string volume_unit = "searches a month";  // "impressions" for a Search Console project
  // The TOML to add to klantreis.toml ([[classifier.cues]] ...).
  std::string Toml() const;
};

// Words of the fixes (reviews whose stage the classifier does not give on
// its own), each checked by classifying the project's keywords with the word
// added as a project cue. Kept: a word fixed to one stage only, that gives
// at least one fix its stage, moves no correct reviewed query away, moves at
// least one other keyword to the stage, and of those moves at most one in
// four overrules a verdict that had evidence of its own (such a word names
// the topic, not the stage). Words shared by more fixes first, then the most
// moved volume; a word whose fixes an earlier suggestion already settles is
// dropped (one cue per fix: "uitbesteden", not also "boekhouding"); at most
// `max`.
Result<std::vector<CueSuggestion>> SuggestCues(Project& project, const std::vector<Review>& reviews,
                                               size_t max = 10);

}  // namespace kr::app
