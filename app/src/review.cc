#include "klantreis/app/review.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <filesystem>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "klantreis/app/report_builder.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/classify/classifier.h"
#include "klantreis/core/evidence.h"
#include "klantreis/core/keyword.h"
#include "klantreis/core/number_format.h"
#include "klantreis/core/text.h"

namespace kr::app {
namespace fs = std::filesystem;
using classify::FoldForMatch;
using classify::NormalizeForOverride;
namespace {

// How long a review waits for another one to release the lock (an edit
// holds it for a read, a merge and one write): KLANTREIS_REVIEW_LOCK_WAIT_MS, default 10 s.
int LockWaitMs() {
  if (const char* v = std::getenv("KLANTREIS_REVIEW_LOCK_WAIT_MS"); v != nullptr && *v != '\0') {
    char* end = nullptr;
    long ms = std::strtol(v, &end, 10);
    if (end != nullptr && *end == '\0' && ms >= 0 && ms <= 3600 * 1000) return static_cast<int>(ms);
  }
  return 10000;
}

}  // namespace

std::string ReviewsPath(const std::string& project_dir) {
  return (fs::path(project_dir.empty() ? "." : project_dir) / kReviewsFile).string();
}

Result<std::vector<Review>> LoadReviews(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    std::error_code ec;  // no file is no reviews; a dangling link or an unreadable one is said
    if (text.status().code() == Status::Code::kNotFound && !fs::is_symlink(path, ec)) return std::vector<Review>{};
    return text.status();
  }
  return ParseReviewsText(*text, path, ReviewText::kReviewsFile);
}

Status SaveReviews(const std::string& path, const std::vector<Review>& reviews) {
  return WriteFileAtomic(path, FormatReviewsText(reviews));
}

size_t MergeReviews(std::vector<Review>* reviews, const std::vector<Review>& updates) {
  size_t changed = 0;
  for (const Review& u : updates) {
    const std::string key = NormalizeForOverride(u.query);
    auto it = std::find_if(reviews->begin(), reviews->end(),
                           [&](const Review& r) { return NormalizeForOverride(r.query) == key; });
    if (it == reviews->end()) {
      reviews->push_back(u);
      ++changed;
      continue;
    }
    if (it->stage != u.stage) ++changed;
    std::optional<Stage> previous = it->previous;  // the classifier's own verdict is kept from the first review
    *it = u;
    if (!it->previous) it->previous = previous;
  }
  return changed;
}

bool RemoveReview(std::vector<Review>* reviews, std::string_view query) {
  const std::string key = NormalizeForOverride(query);
  auto it = std::remove_if(reviews->begin(), reviews->end(),
                           [&](const Review& r) { return NormalizeForOverride(r.query) == key; });
  bool removed = it != reviews->end();
  reviews->erase(it, reviews->end());
  return removed;
}

Result<std::vector<Review>> ReadReviewAssignments(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseReviewsText(*text, path, ReviewText::kFixes);
}

void ApplyReviews(const std::vector<Review>& reviews, classify::ClassifierConfig* config) {
  if (reviews.empty()) return;
  std::string fingerprint = config->config_hash + "|reviews:";
  for (const Review& r : reviews) {
    config->overrides.emplace_back(r.query, r.stage);
    std::string note = "reviewed";
    if (!r.author.empty()) note += " by " + r.author;
    if (!r.date.empty()) note += " on " + r.date;
    config->override_notes.emplace_back(r.query, std::move(note));
    fingerprint += NormalizeForOverride(r.query) + "=" + std::string(StageId(r.stage)) + "\n";
  }
  config->config_hash = Fnv1aHex(fingerprint);
}

classify::ClassifierConfig WithoutReviews(const classify::ClassifierConfig& config, size_t review_count) {
  classify::ClassifierConfig out = config;
  out.overrides.resize(out.overrides.size() - std::min(review_count, out.overrides.size()));
  out.override_notes.resize(out.override_notes.size() - std::min(review_count, out.override_notes.size()));
  return out;
}

namespace {

// Keeps the `top` lines with the most volume (then lowest confidence).
class QueueConsumer final : public ReportKeywordConsumer {
 public:
  // `reviewed`: the normalised queries of the project's reviews (the overrides ApplyReviews added).
  QueueConsumer(size_t top, double below, std::unordered_set<std::string> reviewed)
      : top_(top), below_(below), reviewed_(std::move(reviewed)) {}
  Status Consume(const reports::KeywordLine& k) override {
    ++queue.keywords;
    queue.volume += k.monthly_volume;
    if (k.volume_kind != VolumeKind::kNone) {
      any_volume_ = true;
      other_volume_ |= k.volume_kind != VolumeKind::kImpressions;
    }
    if (k.evidence_class == EvidenceClass::kOverride) {
      // A review is applied after every configuration override of the same
      // query, so an override verdict of a reviewed query is the review's.
      if (!reviewed_.empty() && reviewed_.count(NormalizeForOverride(k.keyword)) != 0) ++queue.reviewed;
      return Status::Ok();
    }
    if (!k.uncertain() && !(k.confidence < below_)) return Status::Ok();
    ++queue.candidates;
    queue.candidate_volume += k.monthly_volume;
    ReviewItem item{k.keyword, k.stage, k.confidence, k.monthly_volume, k.uncertain(), k.runner_up, k.evidence};
    heap_.push(std::move(item));
    if (heap_.size() > top_) heap_.pop();
    return Status::Ok();
  }
  ReviewQueue Finish() {
    queue.impressions_only = any_volume_ && !other_volume_;
    while (!heap_.empty()) {
      queue.items.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(queue.items.begin(), queue.items.end());
    return std::move(queue);
  }
  ReviewQueue queue;

 private:
  // "a before b" in the output: more volume, then lower confidence, then query.
  static bool Before(const ReviewItem& a, const ReviewItem& b) {
    if (a.monthly_volume != b.monthly_volume) return a.monthly_volume > b.monthly_volume;
    if (a.confidence != b.confidence) return a.confidence < b.confidence;
    return a.query < b.query;
  }
  struct Worst {  // the heap's top is the item to drop first
    bool operator()(const ReviewItem& a, const ReviewItem& b) const { return Before(a, b); }
  };
  size_t top_;
  double below_;
  std::unordered_set<std::string> reviewed_;
  bool any_volume_ = false;
  bool other_volume_ = false;
  std::priority_queue<ReviewItem, std::vector<ReviewItem>, Worst> heap_;
};

}  // namespace

Result<ReviewQueue> CollectReviewQueue(Project& project, size_t top, double below, Progress* progress) {
  std::unordered_set<std::string> reviewed;
  const auto& overrides = project.classifier.overrides;
  for (size_t i = overrides.size() - std::min(project.reviews, overrides.size()); i < overrides.size(); ++i) {
    reviewed.insert(NormalizeForOverride(overrides[i].first));
  }
  QueueConsumer consumer(top, below, std::move(reviewed));
  reports::ReportMeta meta;
  KR_RETURN_IF_ERROR(StreamReport(project, {&consumer}, &meta, progress));
  return consumer.Finish();
}

std::string CueSuggestion::Toml() const {
  std::string reviews;
  for (size_t i = 0; i < from_reviews.size() && i < 3; ++i) reviews += (i ? "; " : "") + from_reviews[i];
  if (from_reviews.size() > 3) reviews += "; ...";
  std::string out = "# " + std::to_string(from_reviews.size()) + (from_reviews.size() == 1 ? " fix" : " fixes") +
                    " (" + reviews + "); moves " + std::to_string(keywords) + " more keyword" +
                    (keywords == 1 ? "" : "s") + " (" + Thousands(monthly_volume) + " " + volume_unit + ") to " +
                    std::string(StageId(stage)) + "\n";
  out += "[[classifier.cues]]\nphrase = \"" + phrase + "\"\nstage  = \"" + std::string(StageId(stage)) +
         "\"\nlang   = \"" + lang + "\"\n";
  return out;
}

namespace {

// The words of an analysed query a cue could be made of: whole words of
// three letters or more that are not stop, question or number tokens, and
// Dutch compound heads (the part that names the thing).
std::vector<std::string> CandidateWords(const classify::Analysis& a) {
  std::vector<std::string> out;
  for (const auto& t : a.tokens) {
    if (!(t.flags & classify::kTokWord) || (t.flags & (classify::kTokStop | classify::kTokQuestion |
                                                         classify::kTokNumber | classify::kTokBrand))) {
      continue;
    }
    if (t.norm.size() >= 3) out.push_back(t.norm);
    if (!t.parts.empty() && t.parts.back().size() >= 4) out.push_back(t.parts.back());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool HasWord(const classify::Analysis& a, const std::string& w) {
  for (const auto& t : a.tokens) {
    if (t.norm == w) return true;
    if (!t.parts.empty() && t.parts.back() == w) return true;
  }
  return false;
}

struct Candidate {
  std::string word;
  Stage stage;
  Language lang = Language::kUnd;
  std::vector<std::string> from;  // reviewed queries
  std::unique_ptr<classify::Classifier> with_cue;
  uint64_t moved = 0;
  uint64_t moved_decided = 0;  // of them, verdicts that had evidence (a cue, a category) for their stage
  int64_t moved_volume = 0;
  std::vector<std::pair<int64_t, std::string>> examples;
};

constexpr size_t kMaxCandidates = 40;
constexpr size_t kExamples = 3;
constexpr uint64_t kMaxDecidedShare = 4;  // at most 1 in 4 moved verdicts may have had evidence

}  // namespace

Result<std::vector<CueSuggestion>> SuggestCues(Project& project, const std::vector<Review>& reviews, size_t max) {
  const classify::ClassifierConfig base_cfg = WithoutReviews(project.classifier, project.reviews);
  auto base = classify::Classifier::Create(base_cfg);
  if (!base.ok()) return base.status();

  // The fixes: reviews whose stage the classifier does not give on its own.
  std::map<std::pair<std::string, Stage>, Candidate> by_word;
  std::unordered_set<std::string> reviewed;
  classify::Analysis analysis;
  classify::ClassifyOptions opts;
  opts.analysis = &analysis;
  for (const Review& r : reviews) {
    reviewed.insert(NormalizeForOverride(r.query));
    Classification c = (*base)->Classify(r.query, opts);
    if (c.stage == r.stage) continue;
    for (const std::string& w : CandidateWords(analysis)) {
      Candidate& cand = by_word[{w, r.stage}];
      cand.word = w;
      cand.stage = r.stage;
      cand.lang = analysis.lang;
      cand.from.push_back(r.query);
    }
  }
  // The same word fixed to different stages is no cue for either.
  std::map<std::string, int> stages_per_word;
  for (const auto& [key, cand] : by_word) ++stages_per_word[key.first];
  std::vector<Candidate> cands;
  for (auto& [key, cand] : by_word) {
    if (stages_per_word[key.first] == 1) cands.push_back(std::move(cand));
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return a.from.size() != b.from.size() ? a.from.size() > b.from.size() : a.word.size() > b.word.size();
  });
  if (cands.size() > kMaxCandidates) cands.resize(kMaxCandidates);

  // Each candidate as a project cue; it must give its fixes their stage.
  std::vector<Candidate> kept;
  for (Candidate& cand : cands) {
    classify::ClassifierConfig cfg = base_cfg;
    cfg.cues.push_back(classify::Cue{cand.word, cand.lang, cand.stage, 1.0, ""});
    auto with = classify::Classifier::Create(cfg);
    if (!with.ok()) return with.status();
    bool fixes_one = false;
    bool breaks_one = false;
    for (const Review& r : reviews) {
      const Stage before = (*base)->Classify(r.query, opts).stage;
      if (!HasWord(analysis, cand.word)) continue;
      Stage after = (*with)->Classify(r.query).stage;
      fixes_one |= before != r.stage && after == r.stage;
      breaks_one |= before == r.stage && after != r.stage;
    }
    if (!fixes_one || breaks_one) continue;
    cand.with_cue = std::move(with).value();
    kept.push_back(std::move(cand));
  }
  if (kept.empty()) return std::vector<CueSuggestion>{};

  // How far each generalises: the project's other keywords it moves.
  std::unordered_map<std::string, std::vector<size_t>> by_token;
  for (size_t i = 0; i < kept.size(); ++i) by_token[kept[i].word].push_back(i);
  auto analyzer = classify::Analyzer::Create(base_cfg.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  bool any_volume = false;
  bool other_volume = false;
  Status st = project.store->ForEachKeyword([&](const store::KeywordRecord& k) {
    if (reviewed.count(NormalizeForOverride(k.display))) return true;
    (*analyzer)->Analyze(k.display, &analysis);
    std::vector<size_t> hits;
    for (const auto& t : analysis.tokens) {
      for (const std::string* w : {&t.norm, t.parts.empty() ? nullptr : &t.parts.back()}) {
        if (w == nullptr) continue;
        auto it = by_token.find(*w);
        if (it != by_token.end()) hits.insert(hits.end(), it->second.begin(), it->second.end());
      }
    }
    if (hits.empty()) return true;
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    const Classification base_verdict = (*base)->Classify(k.display);
    const Stage before = base_verdict.stage;
    const bool decided = !IsUncertain(base_verdict);  // the stage had evidence of its own
    VolumeKind kind = VolumeKind::kNone;
    const int64_t volume = k.MonthlyVolume(&kind);
    if (kind != VolumeKind::kNone) {
      any_volume = true;
      other_volume |= kind != VolumeKind::kImpressions;
    }
    for (size_t i : hits) {
      Candidate& cand = kept[i];
      if (before == cand.stage || cand.with_cue->Classify(k.display).stage != cand.stage) continue;
      ++cand.moved;
      cand.moved_decided += decided ? 1 : 0;
      cand.moved_volume += volume;
      cand.examples.emplace_back(volume, k.display);
      std::sort(cand.examples.begin(), cand.examples.end(), std::greater<>());
      if (cand.examples.size() > kExamples) cand.examples.pop_back();
    }
    return true;
  });
  if (!st.ok()) return st;

  std::vector<CueSuggestion> out;
  for (Candidate& cand : kept) {
    // A cue meant to settle uncertain verdicts that mostly overrules decided
    // ones names the topic, not the stage ("administratie" would turn "wat is
    // administratie" into consideration): not suggested.
    if (cand.moved == 0 || cand.moved_decided * kMaxDecidedShare > cand.moved) continue;
    CueSuggestion s;
    s.phrase = cand.word;
    s.stage = cand.stage;
    s.lang = std::string(LanguageId(cand.lang));
    s.from_reviews = cand.from;
    s.keywords = cand.moved;
    s.monthly_volume = cand.moved_volume;
    if (any_volume && !other_volume) s.volume_unit = "impressions";
    for (auto& [v, q] : cand.examples) s.examples.push_back(q);
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const CueSuggestion& a, const CueSuggestion& b) {
    if (a.from_reviews.size() != b.from_reviews.size()) return a.from_reviews.size() > b.from_reviews.size();
    if (a.monthly_volume != b.monthly_volume) return a.monthly_volume > b.monthly_volume;
    return a.keywords > b.keywords;
  });
  // One cue per fix: a word whose fixes an earlier (better) suggestion
  // already settles is the topic beside the act ("boekhouding" beside
  // "uitbesteden" in "boekhouding uitbesteden"), not a second cue.
  std::unordered_set<std::string> settled;
  std::vector<CueSuggestion> kept_out;
  for (CueSuggestion& c : out) {
    bool adds = false;
    for (const std::string& q : c.from_reviews) adds |= !settled.count(NormalizeForOverride(q));
    if (!adds) continue;
    for (const std::string& q : c.from_reviews) settled.insert(NormalizeForOverride(q));
    kept_out.push_back(std::move(c));
    if (kept_out.size() == max) break;
  }
  return kept_out;
}

Status UpdateReviews(const std::string& project_dir, const std::function<Status(std::vector<Review>*)>& edit) {
  const std::string path = ReviewsPath(project_dir);
  const std::string lock_path = path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    if (e == EACCES || e == EROFS || e == EPERM) {
      return Status::IoError("project " + (project_dir.empty() ? std::string(".") : project_dir) +
                             " is read-only: cannot store reviews (" + lock_path + ": " + std::strerror(e) + ")");
    }
    return PosixError(lock_path, e);
  }
  // Another review holds the lock for a read, a merge and a write: wait for
  // it a while, then say who holds what rather than hang.
  const int wait_ms = LockWaitMs();
  for (int waited = 0;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    const int e = errno;
    if (e == EINTR) continue;
    if (e != EWOULDBLOCK || waited >= wait_ms) {
      ::close(fd);
      if (e != EWOULDBLOCK) return PosixError(lock_path, e);
      return Status::Busy(lock_path + " is held by another process (a review storing its verdicts) after waiting " +
                          std::to_string(waited / 1000) + "." + std::to_string(waited % 1000 / 100) +
                          " s; nothing was stored, try again");
    }
    const int step = std::min(20, wait_ms - waited);
    ::usleep(static_cast<useconds_t>(step) * 1000);
    waited += step;
  }
  Status st = [&]() -> Status {
    auto reviews = LoadReviews(path);
    if (!reviews.ok()) return reviews.status();
    KR_RETURN_IF_ERROR(edit(&*reviews));
    return SaveReviews(path, *reviews);
  }();
  ::close(fd);  // releases the lock
  return st;
}

}  // namespace kr::app
