// Topic clustering: groups a project's keywords into topics, the sets of
// keywords one article or landing page should target together.
//
// TopicBuilder takes keywords one at a time (the report's pass over the
// store) and keeps per keyword only compact data: its text, term ids,
// volume, stage and a few metrics. Build() then
//  1. weighs every term by how informative it is in this keyword set
//     (w = ln(1 + N / df): rare terms bind, common ones barely);
//  2. visits the keywords by volume (highest first, then text) and lets each
//     join the most similar topic head in its stage group, or start a topic.
//     Similarity is weighted Jaccard of the term sets, at least
//     min_similarity, and no conflict (both sides with a term of their own
//     worth conflict_share of the union: "accu opladen" vs "accu kapot").
//     Candidate heads come from an inverted index of the heads' prefix terms
//     (prefix filtering: a match must share one of the rarest terms), never
//     all pairs.
// Keywords with stored SERPs are first grouped by shared top-10 result URLs
// (inverted index URL -> group heads); that evidence overrides the text
// where both keywords have a SERP (docs/plan.md).
// The result is deterministic: it depends only on the set of keywords and
// their data, not on the order they were added in. Explainable: each
// keyword's binding terms (shared with its topic head) are kept.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"
#include "klantreis/plan/byte_chunks.h"
#include "klantreis/plan/config.h"

namespace kr::plan {

class TermExtractor;

struct KeywordInput {
  std::string_view keyword;
  Stage stage = Stage::kConcreteNeed;
  int64_t monthly_volume = 0;
  std::optional<double> cpc;
  std::optional<double> difficulty;
  // Searches per month ("YYYY-MM" -> searches, e.g. Keyword Planner's
  // "Searches: Jan 2024" columns); null or empty when the imports had none.
  const std::map<std::string, int64_t>* monthly = nullptr;
  // The organic result URLs of the keyword's newest stored SERP snapshot, in
  // page order (the first 10 count), and its People-also-ask questions;
  // empty when no SERP is stored for it.
  std::span<const std::string> serp_urls;
  std::span<const std::string> paa;
};

// The form a result URL is compared in: scheme, "www." and fragment dropped,
// host lower-case, one trailing "/" dropped ("https://www.Domain.com/" ->
// "domain.com"; "http://a.nl/p/?x=1#top" -> "a.nl/p/?x=1").
std::string SerpUrlKey(std::string_view url);

// The clusters: keywords are numbered 0..keyword_count()-1 in the order
// they were added; topics 1..topic_count() (id 1 = the head with most volume).
class Topics {
 public:
  struct Topic {
    uint32_t id = 0;
    uint32_t label = 0;             // keyword index of the head (highest volume)
    int64_t monthly_volume = 0;     // per stage: Topics::StageVolumes
    uint32_t first = 0, count = 0;  // members: members()[first, first+count), volume desc
    Stage stage = Stage::kConcreteNeed;  // the stage holding most of its volume
    std::optional<double> cpc;          // volume-weighted mean over members that have one
    std::optional<double> difficulty;
  };

  size_t keyword_count() const { return kw_.size(); }
  size_t topic_count() const { return topics_.size(); }
  const std::vector<Topic>& topics() const { return topics_; }  // topics()[id-1]
  const Topic& topic(uint32_t id) const { return topics_[id - 1]; }
  // Keyword indices of a topic, highest volume first.
  std::vector<uint32_t> Members(const Topic& t) const {
    return {members_.begin() + t.first, members_.begin() + t.first + t.count};
  }
  // The same without a copy.
  std::span<const uint32_t> MemberSpan(const Topic& t) const { return {members_.data() + t.first, t.count}; }
  // A topic's volume per stage (StageIndex order), summed over its members.
  std::array<int64_t, kNumStages> StageVolumes(const Topic& t) const;

  std::string_view keyword(uint32_t i) const { return {text_.data() + kw_[i].text_off, kw_[i].text_len}; }
  Stage stage(uint32_t i) const { return static_cast<Stage>(kw_[i].stage); }
  int64_t volume(uint32_t i) const { return kw_[i].volume; }
  bool question(uint32_t i) const { return kw_[i].question; }
  uint32_t topic_of(uint32_t i) const { return kw_[i].topic; }
  // The terms that bind keyword i to its topic (shared with the head; the
  // head's own terms for the head), as written, space-separated.
  std::string BindingTerms(uint32_t i) const;
  // The SERP evidence of keyword i (space-separated result URLs, SerpUrlKey
  // form): for a keyword that joined a SERP group, the URLs it shares with
  // the group's head; for the head, every URL it shares with a member; ""
  // without a stored SERP or when no other keyword's SERP shares enough.
  std::string SerpBinding(uint32_t i) const;
  bool has_serp(uint32_t i) const { return serp_of_.count(i) != 0; }
  // People-also-ask questions of keyword i's stored SERP, page order.
  std::vector<std::string_view> Paa(uint32_t i) const;
  // Seasonality: a topic's searches per month, summed over its members
  // that have monthly figures. Kept beside the topics (a compact stream
  // indexed by topic), only when some keyword had monthly figures.
  struct MonthVolume {
    std::string_view month;  // "YYYY-MM"
    int64_t searches = 0;
  };
  bool has_monthly() const { return !topic_month_at_.empty(); }
  // Chronological; empty when none of the topic's keywords has monthly figures.
  std::vector<MonthVolume> MonthlyVolumes(const Topic& t) const;
  // Bytes held (measured from the containers' capacities).
  size_t MemoryBytes() const;
  int64_t total_volume() const { return total_volume_; }
  // The settings the topics were built with (content types, stage weights).
  const PlanConfig& config() const { return cfg_; }
  // The page of the user's site that covers each topic (app/coverage.h, set
  // by the app when the project has a crawl): "" = none, a new page.
  void SetCoveringUrls(std::vector<std::string> urls) { covering_urls_ = std::move(urls); }
  std::string_view covering_url(uint32_t id) const {
    return id >= 1 && id <= covering_urls_.size() ? std::string_view(covering_urls_[id - 1]) : std::string_view();
  }

 private:
  friend class TopicBuilder;
  struct Kw {  // 40 bytes
    uint64_t text_off = 0;
    uint32_t text_len = 0;
    uint32_t term_off = 0;
    int64_t volume = 0;
    float cpc = -1, difficulty = -1;  // -1: unknown
    uint32_t topic = 0;
    uint16_t term_count = 0;
    uint8_t stage = 0;
    bool question = false;
  };
  std::string text_;                 // every keyword's text, back to back
  std::vector<Kw> kw_;
  std::vector<uint32_t> terms_;      // term ids of all keywords, back to back, ascending per keyword
  std::vector<std::string> term_surface_;  // per term id, the first form seen
  std::vector<Topic> topics_;
  std::vector<uint32_t> members_;
  // SERP snapshots (only keywords that have one): top-10 URL ids, PAA
  // questions and the group head (index into serps_) of SERP clustering.
  struct Serp {
    uint32_t kw = 0;
    uint32_t url_off = 0, url_count = 0;
    uint32_t paa_off = 0, paa_count = 0;
    uint32_t head = 0;                  // serps_ index of its group's head (itself for a head)
    uint32_t bind_off = 0, bind_count = 0;  // URL ids that bind it (SerpBinding)
  };
  std::vector<Serp> serps_;
  std::unordered_map<uint32_t, uint32_t> serp_of_;  // keyword index -> serps_ index
  std::vector<uint32_t> serp_urls_;                 // URL ids, back to back
  std::vector<uint32_t> serp_bind_;                 // URL ids, back to back
  std::vector<std::string> url_text_;               // per URL id, its SerpUrlKey form
  std::vector<std::string> paa_;
  int64_t total_volume_ = 0;
  PlanConfig cfg_;
  std::vector<std::string> covering_urls_;  // per topic id - 1
  // Monthly figures (all empty without any). While adding, one record per
  // keyword in kw_months_ (from the first keyword with figures on, the ones
  // before get empty records): varint month set id (0: none; month_sets_[id
  // - 1] lists its month ids, most keywords of an export share one set),
  // then per month of the set a varint of the figure minus the keyword's
  // volume (zigzag). Build sums them per topic into
  // topic_months_ and frees them: per topic a varint count, then per month
  // (chronological) the varint month id step from the previous one and the
  // varint sum; topic_month_at_[k] is where topic 8k+1's record starts.
  // month_text_ by month id (chronological after Build).
  std::vector<std::string> month_text_;
  std::vector<std::vector<uint32_t>> month_sets_;
  ByteChunks kw_months_;
  ByteChunks topic_months_;
  std::vector<uint64_t> topic_month_at_;
};

class TopicBuilder {
 public:
  static Result<std::unique_ptr<TopicBuilder>> Create(const PlanConfig& cfg,
                                                      const classify::AnalyzerOptions& analyzer,
                                                      Language market_lang);
  ~TopicBuilder();
  void Add(const KeywordInput& k);
  // Clusters what was added. Callable once.
  std::unique_ptr<Topics> Build();

 private:
  TopicBuilder() = default;
  PlanConfig cfg_;
  std::unique_ptr<TermExtractor> extractor_;
  std::unique_ptr<Topics> out_;
  struct TermIndex;
  std::unique_ptr<TermIndex> index_;
  void AddMonthly(const std::map<std::string, int64_t>& monthly, int64_t volume);
  void SumMonthlyPerTopic();
};

}  // namespace kr::plan
