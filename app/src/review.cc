#include "klantreis/app/review.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
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

// One cell of reviews.tsv: tabs and line breaks would break the row.
std::string Cell(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return std::string(TrimSpaceCr(out));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A stage by id ("concrete_need"), id with spaces or hyphens ("concrete
// need"), or Dutch name ("concrete behoefte"), any case.
std::optional<Stage> ParseStageName(std::string_view text) {
  std::string s = Lower(TrimSpaceCr(text));
  if (auto st = StageFromId(s)) return st;
  std::string id = s;
  std::replace(id.begin(), id.end(), ' ', '_');
  std::replace(id.begin(), id.end(), '-', '_');
  if (auto st = StageFromId(id)) return st;
  for (Stage st : kAllStages) {
    if (FoldForMatch(StageDutchName(st)) == FoldForMatch(s)) return st;
  }
  return std::nullopt;
}

std::string StageList() {
  std::string out;
  for (Stage s : kAllStages) out += (out.empty() ? "" : ", ") + std::string(StageId(s));
  return out;
}

// Calls fn(line_number, line) for each line that is not blank or a comment.
template <typename Fn>
Status ForEachDataLine(std::string_view text, Fn fn) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  LineSplitter lines(text);
  std::string_view line;
  size_t line_no = 0;
  while (lines.Next(&line, &line_no)) {
    std::string_view trimmed = TrimSpaceCr(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    KR_RETURN_IF_ERROR(fn(static_cast<int>(line_no), line));
  }
  return Status::Ok();
}

bool IsHeader(const std::vector<std::string_view>& cells) {
  return cells.size() >= 2 && Lower(TrimSpaceCr(cells[0])) == "query" &&
         Lower(TrimSpaceCr(cells[1])) == "stage";
}

}  // namespace

std::string ReviewsPath(const std::string& project_dir) {
  return (fs::path(project_dir.empty() ? "." : project_dir) / kReviewsFile).string();
}

namespace {

// The rows of a reviews.tsv (`all_columns`: author, date, previous too) or
// of a fixes file (query and stage only; further columns ignored).
Result<std::vector<Review>> ReadReviewRows(const std::string& path, bool all_columns) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  if (FindInvalidUtf8(*text) != std::string::npos) return Status::ParseError(path + ": not valid UTF-8");
  std::vector<Review> out;
  Status st = ForEachDataLine(*text, [&](int line_no, std::string_view line) -> Status {
    auto cells = SplitTabs(line);
    if (IsHeader(cells)) return Status::Ok();
    const std::string where = path + ":" + std::to_string(line_no);
    if (cells.size() < 2) {
      return Status::ParseError(where + (all_columns ? ": expected query<TAB>stage<TAB>author<TAB>date"
                                                     : ": expected QUERY<TAB>STAGE"));
    }
    Review r;
    r.query = Cell(cells[0]);
    if (NormalizeForOverride(r.query).empty()) return Status::ParseError(where + ": empty query");
    auto stage = ParseStageName(cells[1]);
    if (!stage) {
      return Status::ParseError(where + ": unknown stage \"" + std::string(cells[1]) + "\" (" + StageList() + ")");
    }
    r.stage = *stage;
    if (all_columns && cells.size() > 2) r.author = Cell(cells[2]);
    if (all_columns && cells.size() > 3) r.date = Cell(cells[3]);
    if (all_columns && cells.size() > 4 && !cells[4].empty()) {
      auto prev = ParseStageName(cells[4]);
      if (!prev) return Status::ParseError(where + ": unknown previous stage \"" + std::string(cells[4]) + "\"");
      r.previous = prev;
    }
    out.push_back(std::move(r));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace

Result<std::vector<Review>> LoadReviews(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::vector<Review>{};
  return ReadReviewRows(path, /*all_columns=*/true);
}

Status SaveReviews(const std::string& path, const std::vector<Review>& reviews) {
  std::vector<const Review*> sorted;
  for (const Review& r : reviews) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Review* a, const Review* b) {
    return NormalizeForOverride(a->query) < NormalizeForOverride(b->query);
  });
  std::string out = "# klantreis reviewed verdicts: exact queries with the stage a person gave them (klantreis review).\n";
  out += std::string(kReviewsHeader) + "\n";
  for (const Review* r : sorted) {
    out += Cell(r->query) + "\t" + std::string(StageId(r->stage)) + "\t" + Cell(r->author) + "\t" + Cell(r->date) +
           "\t" + (r->previous ? std::string(StageId(*r->previous)) : "") + "\n";
  }
  return WriteFileAtomic(path, out);
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

Result<Review> ParseReviewAssignment(std::string_view text) {
  size_t eq = text.rfind('=');
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("--set \"" + std::string(text) + "\": expected \"QUERY=STAGE\"");
  }
  Review r;
  r.query = Cell(text.substr(0, eq));
  if (NormalizeForOverride(r.query).empty()) {
    return Status::InvalidArgument("--set \"" + std::string(text) + "\": the query is empty");
  }
  auto stage = ParseStageName(text.substr(eq + 1));
  if (!stage) {
    return Status::InvalidArgument("--set \"" + std::string(text) + "\": unknown stage \"" +
                                   std::string(TrimSpaceCr(text.substr(eq + 1))) + "\" (" + StageList() + ")");
  }
  r.stage = *stage;
  return r;
}

Result<std::vector<Review>> ReadReviewAssignments(const std::string& path) {
  auto rows = ReadReviewRows(path, /*all_columns=*/false);
  if (rows.ok() && rows->empty()) return Status::ParseError(path + ": no QUERY<TAB>STAGE lines");
  return rows;
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
  QueueConsumer(size_t top, double below) : top_(top), below_(below) {}
  Status Consume(const reports::KeywordLine& k) override {
    ++queue.keywords;
    queue.volume += k.monthly_volume;
    if (k.volume_kind != VolumeKind::kNone) {
      any_volume_ = true;
      other_volume_ |= k.volume_kind != VolumeKind::kImpressions;
    }
    if (k.evidence_class == EvidenceClass::kOverride) {
      if (k.evidence.find("reviewed") != std::string::npos) ++queue.reviewed;
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
  bool any_volume_ = false;
  bool other_volume_ = false;
  std::priority_queue<ReviewItem, std::vector<ReviewItem>, Worst> heap_;
};

}  // namespace

Result<ReviewQueue> CollectReviewQueue(Project& project, size_t top, double below, Progress* progress) {
  QueueConsumer consumer(top, below);
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
  if (fd < 0) return Status::IoError(lock_path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX) != 0) {
    Status s = Status::IoError(lock_path + ": " + std::strerror(errno));
    ::close(fd);
    return s;
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
