#include "klantreis/plan/topics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "klantreis/plan/terms.h"

namespace kr::plan {

struct TopicBuilder::TermIndex {
  std::unordered_map<std::string, uint32_t> ids;
  KeywordTerms scratch;
  std::vector<std::string> split_terms;  // term keys of cfg.split_words
  std::unordered_map<std::string, uint32_t> url_ids;
  std::unordered_map<std::string, uint32_t> month_ids;
  std::map<std::vector<uint32_t>, uint32_t> month_set_ids;
  std::vector<uint32_t> month_set;  // scratch
};

namespace {

uint64_t ZigZag(int64_t v) { return v >= 0 ? static_cast<uint64_t>(v) << 1 : ((static_cast<uint64_t>(-(v + 1))) << 1) | 1; }
int64_t UnZigZag(uint64_t u) { return (u & 1) ? -static_cast<int64_t>(u >> 1) - 1 : static_cast<int64_t>(u >> 1); }

}  // namespace


std::string SerpUrlKey(std::string_view url) {
  if (auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) url = url.substr(scheme + 3);
  size_t host_end = url.find_first_of("/?");
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string out(url.substr(0, host_end));
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (out.rfind("www.", 0) == 0) out.erase(0, 4);
  out.append(url.substr(host_end));
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

TopicBuilder::~TopicBuilder() = default;

Result<std::unique_ptr<TopicBuilder>> TopicBuilder::Create(const PlanConfig& cfg,
                                                           const classify::AnalyzerOptions& analyzer,
                                                           Language market_lang) {
  std::unique_ptr<TopicBuilder> b(new TopicBuilder());
  b->cfg_ = cfg;
  auto ex = TermExtractor::Create(cfg, analyzer, market_lang);
  if (!ex.ok()) return ex.status();
  b->extractor_ = std::move(ex).value();
  b->out_ = std::make_unique<Topics>();
  b->out_->cfg_ = cfg;
  b->index_ = std::make_unique<TermIndex>();
  for (const auto& w : cfg.split_words) {
    b->extractor_->Extract(w, &b->index_->scratch);
    for (const auto& t : b->index_->scratch.terms) b->index_->split_terms.push_back(t);
  }
  return b;
}

void TopicBuilder::Add(const KeywordInput& k) {
  Topics& t = *out_;
  KeywordTerms& kt = index_->scratch;
  extractor_->Extract(k.keyword, &kt);
  Topics::Kw kw;
  kw.text_off = t.text_.size();
  kw.text_len = static_cast<uint32_t>(k.keyword.size());
  t.text_.append(k.keyword);
  kw.term_off = static_cast<uint32_t>(t.terms_.size());
  const size_t n = std::min<size_t>(kt.terms.size(), 0xffff);
  for (size_t i = 0; i < n; ++i) {
    auto [it, fresh] = index_->ids.try_emplace(kt.terms[i], static_cast<uint32_t>(t.term_surface_.size()));
    if (fresh) t.term_surface_.push_back(kt.surfaces[i]);
    t.terms_.push_back(it->second);
  }
  std::sort(t.terms_.begin() + kw.term_off, t.terms_.end());
  kw.term_count = static_cast<uint16_t>(n);
  kw.stage = static_cast<uint8_t>(k.stage);
  kw.question = kt.question;
  kw.volume = std::max<int64_t>(0, k.monthly_volume);
  if (k.cpc) kw.cpc = static_cast<float>(*k.cpc);
  if (k.difficulty) kw.difficulty = static_cast<float>(*k.difficulty);
  t.total_volume_ += kw.volume;
  if (!k.serp_urls.empty() || !k.paa.empty()) {
    Topics::Serp sp;
    sp.kw = static_cast<uint32_t>(t.kw_.size());
    sp.url_off = static_cast<uint32_t>(t.serp_urls_.size());
    constexpr size_t kTop = 10;  // the top-10 organic results
    for (size_t u = 0; u < k.serp_urls.size() && u < kTop; ++u) {
      std::string key = SerpUrlKey(k.serp_urls[u]);
      if (key.empty()) continue;
      auto [it, fresh] = index_->url_ids.try_emplace(key, static_cast<uint32_t>(t.url_text_.size()));
      if (fresh) t.url_text_.push_back(std::move(key));
      if (std::find(t.serp_urls_.begin() + sp.url_off, t.serp_urls_.end(), it->second) == t.serp_urls_.end())
        t.serp_urls_.push_back(it->second);
    }
    sp.url_count = static_cast<uint32_t>(t.serp_urls_.size() - sp.url_off);
    sp.paa_off = static_cast<uint32_t>(t.paa_.size());
    for (const auto& q : k.paa) t.paa_.push_back(q);
    sp.paa_count = static_cast<uint32_t>(t.paa_.size() - sp.paa_off);
    sp.head = static_cast<uint32_t>(t.serps_.size());
    t.serp_of_[sp.kw] = static_cast<uint32_t>(t.serps_.size());
    t.serps_.push_back(sp);
  }
  if (k.monthly != nullptr && !k.monthly->empty()) AddMonthly(*k.monthly, kw.volume);
  else if (!t.kw_months_.empty()) t.kw_months_.Put(0);  // an empty record
  t.kw_.push_back(kw);
}

// Called before the keyword is appended to kw_: its index is kw_.size().
void TopicBuilder::AddMonthly(const std::map<std::string, int64_t>& monthly, int64_t volume) {
  Topics& t = *out_;
  // Records start with the first keyword with monthly figures; the keywords
  // before it get empty ones.
  if (t.kw_months_.empty()) {
    for (size_t i = 0; i < t.kw_.size(); ++i) t.kw_months_.Put(0);
  }
  std::vector<uint32_t>& set = index_->month_set;
  set.clear();
  for (const auto& [month, searches] : monthly) {
    auto [it, fresh] = index_->month_ids.try_emplace(month, static_cast<uint32_t>(t.month_text_.size()));
    if (fresh) t.month_text_.push_back(month);
    set.push_back(it->second);
  }
  auto [it, fresh] = index_->month_set_ids.try_emplace(set, static_cast<uint32_t>(t.month_sets_.size() + 1));
  if (fresh) t.month_sets_.push_back(set);
  t.kw_months_.PutVarint(it->second);
  // Each figure as its difference from the keyword's volume (zigzag: small
  // either way), most often fewer bytes than the figure.
  for (const auto& [month, searches] : monthly) t.kw_months_.PutVarint(ZigZag(std::max<int64_t>(0, searches) - volume));
}

// Per topic the sum of its members' figures per month, chronological; the
// per-keyword figures are freed.
void TopicBuilder::SumMonthlyPerTopic() {
  Topics& t = *out_;
  if (t.kw_months_.empty()) return;
  index_->month_set_ids = {};
  // Month ids in chronological order ("YYYY-MM" sorts so).
  const size_t nm = t.month_text_.size();
  std::vector<uint32_t> by_time(nm);
  std::iota(by_time.begin(), by_time.end(), 0u);
  std::sort(by_time.begin(), by_time.end(), [&](uint32_t a, uint32_t b) { return t.month_text_[a] < t.month_text_[b]; });
  std::vector<uint32_t> rank(nm);
  std::vector<std::string> text(nm);
  for (uint32_t r = 0; r < nm; ++r) rank[by_time[r]] = r, text[r] = std::move(t.month_text_[by_time[r]]);
  t.month_text_ = std::move(text);
  for (auto& set : t.month_sets_) {
    for (uint32_t& id : set) id = rank[id];
  }
  // Where the records of keywords 8k start (one sequential read; 1 byte a keyword).
  const size_t n = t.kw_.size();
  auto skip = [&](uint64_t* pos) {
    const uint64_t set = t.kw_months_.GetVarint(pos);
    if (set != 0) {
      for (size_t m = 0; m < t.month_sets_[set - 1].size(); ++m) t.kw_months_.GetVarint(pos);
    }
  };
  std::vector<uint64_t> at8((n + 7) / 8);
  uint64_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % 8 == 0) at8[i / 8] = pos;
    skip(&pos);
  }
  std::vector<int64_t> sum(nm, 0);
  std::vector<char> has(nm, 0);
  std::vector<uint32_t> used;
  t.topic_month_at_.reserve(t.topics_.size() / 8 + 1);
  for (const auto& tp : t.topics_) {
    if ((tp.id - 1) % 8 == 0) t.topic_month_at_.push_back(t.topic_months_.size());
    used.clear();
    for (uint32_t m = tp.first; m < tp.first + tp.count; ++m) {
      const uint32_t i = t.members_[m];
      uint64_t p = at8[i / 8];
      for (uint32_t before = i % 8; before > 0; --before) skip(&p);
      const uint64_t set = t.kw_months_.GetVarint(&p);
      if (set == 0) continue;
      for (uint32_t r : t.month_sets_[set - 1]) {
        if (!has[r]) has[r] = 1, used.push_back(r);
        sum[r] += t.kw_[i].volume + UnZigZag(t.kw_months_.GetVarint(&p));
      }
    }
    std::sort(used.begin(), used.end());
    t.topic_months_.PutVarint(used.size());
    uint32_t prev = 0;
    for (uint32_t r : used) {
      t.topic_months_.PutVarint(r - prev);
      t.topic_months_.PutVarint(static_cast<uint64_t>(sum[r]));
      prev = r;
      sum[r] = 0, has[r] = 0;
    }
  }
  t.kw_months_.clear();
  t.month_sets_ = {};
}

namespace {

struct Weighted {
  uint32_t term;
  double w;
};

}  // namespace

std::unique_ptr<Topics> TopicBuilder::Build() {
  std::unique_ptr<Topics> out = std::move(out_);
  Topics& t = *out;
  const size_t n = t.kw_.size();
  const size_t nterms = t.term_surface_.size();
  std::vector<bool> splits(nterms, false);
  for (const auto& w : index_->split_terms) {
    if (auto it = index_->ids.find(w); it != index_->ids.end()) splits[it->second] = true;
  }
  index_->ids = {};  // the string maps are only needed while adding
  index_->url_ids = {};

  // 1. Term weights.
  std::vector<uint32_t> df(nterms, 0);
  for (uint32_t id : t.terms_) ++df[id];
  std::vector<double> weight(nterms);
  for (size_t i = 0; i < nterms; ++i) weight[i] = std::log(1.0 + static_cast<double>(n) / std::max<uint32_t>(1, df[i]));

  // Stage groups: stages that may share a page.
  std::array<uint32_t, kNumStages> group{};
  for (int s = 0; s < kNumStages; ++s) group[s] = 100 + s;
  for (size_t g = 0; g < cfg_.stage_groups.size(); ++g) {
    for (Stage s : cfg_.stage_groups[g]) group[StageIndex(s)] = static_cast<uint32_t>(g);
  }

  // 2. Visit order: volume desc, then text.
  // Sorted on a key holding the volume and the text's first 8 bytes (big
  // endian, zero-padded: the same order as the text's bytes), so most ties
  // in volume are decided without reading the text.
  std::vector<uint32_t> order(n);
  {
    struct Key {
      int64_t volume;
      uint64_t text8;
      uint32_t kw;
    };
    std::vector<Key> keys(n);
    for (uint32_t i = 0; i < n; ++i) {
      const std::string_view text = t.keyword(i);
      uint64_t p = 0;
      for (size_t c = 0; c < 8; ++c) p = (p << 8) | (c < text.size() ? static_cast<unsigned char>(text[c]) : 0u);
      keys[i] = {t.kw_[i].volume, p, i};
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
      if (a.volume != b.volume) return a.volume > b.volume;
      if (a.text8 != b.text8) return a.text8 < b.text8;
      return t.keyword(a.kw) < t.keyword(b.kw);
    });
    for (uint32_t i = 0; i < n; ++i) order[i] = keys[i].kw;
  }

  auto terms_of = [&](uint32_t i) {
    const auto& k = t.kw_[i];
    return std::span<const uint32_t>(t.terms_.data() + k.term_off, k.term_count);
  };
  // The prefix of a term set in the global order (weight desc, id): the
  // rarest terms until the rest weighs less than min_similarity of the whole.
  const double theta = cfg_.min_similarity;
  std::vector<Weighted> sorted;
  auto prefix = [&](std::span<const uint32_t> terms, std::vector<uint32_t>* pre) {
    sorted.clear();
    double total = 0;
    for (uint32_t id : terms) {
      sorted.push_back({id, weight[id]});
      total += weight[id];
    }
    std::sort(sorted.begin(), sorted.end(), [](const Weighted& a, const Weighted& b) {
      return a.w != b.w ? a.w > b.w : a.term < b.term;
    });
    pre->clear();
    double rest = total;
    for (const auto& s : sorted) {
      if (rest < theta * total - 1e-12) break;
      pre->push_back(s.term);
      rest -= s.w;
    }
  };

  // SERP groups (docs/plan.md): keywords with stored SERPs, visited in the
  // same order, join the earlier group head whose top-10 URLs share the most
  // (at least serp_min_shared; ties: the earlier head); candidates come from
  // an inverted index URL -> group heads, never all pairs.
  {
    std::vector<uint32_t> sorder(t.serps_.size());
    std::iota(sorder.begin(), sorder.end(), 0u);
    std::sort(sorder.begin(), sorder.end(), [&](uint32_t a, uint32_t b) {
      const auto &ka = t.kw_[t.serps_[a].kw], &kb = t.kw_[t.serps_[b].kw];
      if (ka.volume != kb.volume) return ka.volume > kb.volume;
      return t.keyword(t.serps_[a].kw) < t.keyword(t.serps_[b].kw);
    });
    std::unordered_map<uint32_t, std::vector<uint32_t>> url_heads;  // URL id -> heads (visit order)
    std::vector<uint32_t> shared(t.serps_.size(), 0);
    std::vector<uint32_t> head_rank(t.serps_.size(), 0);
    std::vector<uint32_t> touched;
    std::vector<std::vector<uint32_t>> bind(t.serps_.size());
    uint32_t nheads = 0;
    const uint32_t need = static_cast<uint32_t>(std::max(1, cfg_.serp_min_shared));
    for (uint32_t s : sorder) {
      auto& sp = t.serps_[s];
      touched.clear();
      for (uint32_t u = sp.url_off; u < sp.url_off + sp.url_count; ++u) {
        auto it = url_heads.find(t.serp_urls_[u]);
        if (it == url_heads.end()) continue;
        const size_t limit = std::min(it->second.size(), cfg_.max_candidates);
        for (size_t c = 0; c < limit; ++c) {
          if (shared[it->second[c]]++ == 0) touched.push_back(it->second[c]);
        }
      }
      int64_t best = -1;
      for (uint32_t h : touched) {
        if (shared[h] >= need && (best < 0 || shared[h] > shared[best] ||
                                  (shared[h] == shared[best] && head_rank[h] < head_rank[best]))) {
          best = h;
        }
      }
      for (uint32_t h : touched) shared[h] = 0;
      if (best < 0) {
        sp.head = s;
        head_rank[s] = nheads++;
        for (uint32_t u = sp.url_off; u < sp.url_off + sp.url_count; ++u) url_heads[t.serp_urls_[u]].push_back(s);
        continue;
      }
      sp.head = static_cast<uint32_t>(best);
      const auto& hp = t.serps_[best];
      for (uint32_t u = sp.url_off; u < sp.url_off + sp.url_count; ++u) {
        const uint32_t id = t.serp_urls_[u];
        if (std::find(t.serp_urls_.begin() + hp.url_off, t.serp_urls_.begin() + hp.url_off + hp.url_count, id) ==
            t.serp_urls_.begin() + hp.url_off + hp.url_count)
          continue;
        bind[s].push_back(id);
        if (std::find(bind[best].begin(), bind[best].end(), id) == bind[best].end()) bind[best].push_back(id);
      }
    }
    for (size_t s = 0; s < t.serps_.size(); ++s) {
      auto& sp = t.serps_[s];
      // The head's binding URLs in its page order.
      std::vector<uint32_t>& b = bind[s];
      if (sp.head == s) {
        std::vector<uint32_t> ordered;
        for (uint32_t u = sp.url_off; u < sp.url_off + sp.url_count; ++u) {
          if (std::find(b.begin(), b.end(), t.serp_urls_[u]) != b.end()) ordered.push_back(t.serp_urls_[u]);
        }
        b.swap(ordered);
      }
      sp.bind_off = static_cast<uint32_t>(t.serp_bind_.size());
      t.serp_bind_.insert(t.serp_bind_.end(), b.begin(), b.end());
      sp.bind_count = static_cast<uint32_t>(b.size());
    }
  }
  constexpr int32_t kNoSerp = -1;
  std::vector<int64_t> serp_topic(t.serps_.size(), -1);  // group head -> its topic
  auto serp_group_of = [&](uint32_t i) -> int32_t {
    if (t.serps_.empty()) return kNoSerp;
    auto it = t.serp_of_.find(i);
    if (it == t.serp_of_.end() || t.serps_[it->second].url_count == 0) return kNoSerp;
    return static_cast<int32_t>(t.serps_[it->second].head);
  };

  // The topic pass (docs/plan.md, "Topic heads" and "Blocking"), made cheap
  // without changing a single choice:
  //  * Heads are listed per (stage group, prefix term) in topic order; a
  //    list is only ever read up to max_candidates entries, so it stops
  //    growing there.
  //  * Each head's record is one block in `blocks`, back to back in topic
  //    order: its topic index, its term count (bit 31: it has a split
  //    word), its term ids. A list entry carries the block's offset, the
  //    head's total weight and a 64-bit signature of its terms (bit
  //    sig_bit(term) per term). The shared weight is at most the weight of
  //    the keyword's terms whose bit the head has (and at most either total),
  //    and weighted Jaccard inter / (wa + wh - inter) grows with inter: a
  //    candidate whose bound stays below min_similarity is dropped from the
  //    list itself, without touching its block. The bound depends only on
  //    the two term sets (not on what was compared before), so dropping
  //    never changes the candidate that wins: the candidates left are
  //    compared exactly as before, in the same order. A candidate met for
  //    the first time whose bound is below the best similarity found so far
  //    counts as compared (it could not win) without reading its block.
  //  * A keyword without a SERP whose term set equals that of a head it can
  //    reach (listed within max_candidates) joins the first such head without
  //    scoring: similarity 1 is the maximum, only an identical set reaches it
  //    (every term weighs >= ln 2), and ties go to the lowest topic.
  struct HeadRef {
    uint64_t sig;
    float w;       // the head's total weight (float: the bound keeps a margin of 1e-6 for it)
    uint32_t off;  // its block in `blocks`
  };
  constexpr uint32_t kHasSplit = 0x80000000u;
  auto sig_bit = [](uint32_t term) { return uint64_t{1} << ((term * 0x9E3779B1u) >> 26); };
  std::unordered_map<uint64_t, std::vector<HeadRef>> heads;  // (group, term) -> heads, first max_candidates
  std::vector<uint32_t> head_kw;                               // topic index -> keyword index
  std::vector<int32_t> topic_serp;                             // topic index -> its SERP group (kNoSerp: none)
  std::vector<uint32_t> blocks;                                // per head: topic, count | kHasSplit, term ids
  auto set_hash = [&](uint32_t g, std::span<const uint32_t> terms) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(g) * 0xBF58476D1CE4E5B9ull);
    for (uint32_t id : terms) {
      h ^= id + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
      h *= 0x94D049BB133111EBull;
    }
    return h;
  };
  std::unordered_map<uint64_t, uint32_t> exact;  // hash of (group, term set) -> block of the first listed head
  // The blocks compared for the current keyword (each once, in the order met:
  // a head listed under several of its prefix terms is compared at its first).
  std::vector<uint32_t> seen(64, 0);
  std::vector<uint32_t> seen_used;
  auto first_time = [&](uint32_t off) {
    if (seen_used.size() * 2 >= seen.size()) {  // grow, keeping what is there
      std::vector<uint32_t> old = std::move(seen_used);
      seen.assign(seen.size() * 2, 0);
      seen_used.clear();
      for (uint32_t o : old) {
        size_t slot = (o * 0x9E3779B1u) & (seen.size() - 1);
        while (seen[slot] != 0) slot = (slot + 1) & (seen.size() - 1);
        seen[slot] = o + 1;
        seen_used.push_back(o);
      }
    }
    size_t slot = (off * 0x9E3779B1u) & (seen.size() - 1);
    while (seen[slot] != 0) {
      if (seen[slot] == off + 1) return false;
      slot = (slot + 1) & (seen.size() - 1);
    }
    seen[slot] = off + 1;
    seen_used.push_back(off);
    return true;
  };
  auto clear_seen = [&] {
    for (uint32_t o : seen_used) {
      size_t slot = (o * 0x9E3779B1u) & (seen.size() - 1);
      while (seen[slot] != o + 1) slot = (slot + 1) & (seen.size() - 1);
      seen[slot] = 0;
    }
    seen_used.clear();
  };
  std::vector<uint32_t> pre;
  std::vector<uint64_t> a_bits;
  std::vector<double> a_w;
  const double prune_below = theta - 1e-6;  // below: the exact test (theta - 1e-12) fails too
  for (uint32_t i : order) {
    auto a = terms_of(i);
    const uint32_t g = group[t.kw_[i].stage];
    int64_t best = -1;
    double best_sim = 0;
    const int32_t sg = serp_group_of(i);
    if (sg != kNoSerp && serp_topic[sg] >= 0) best = serp_topic[sg];  // SERP evidence: its group's topic
    const uint64_t hash = a.empty() ? 0 : set_hash(g, a);
    if (best < 0 && !a.empty() && sg == kNoSerp) {
      if (auto it = exact.find(hash); it != exact.end()) {
        const uint32_t* blk = blocks.data() + it->second;
        const std::span<const uint32_t> h(blk + 2, blk[1] & ~kHasSplit);
        if (group[t.kw_[head_kw[blk[0]]].stage] == g && std::equal(a.begin(), a.end(), h.begin(), h.end()))
          best = blk[0];
      }
    }
    if (best < 0 && !a.empty()) {
      prefix(a, &pre);
      double wa = 0;
      bool a_split = false;
      a_bits.clear();
      a_w.clear();
      for (uint32_t id : a) {
        wa += weight[id];
        a_split |= splits[id];
        a_bits.push_back(sig_bit(id));
        a_w.push_back(weight[id]);
      }
      for (uint32_t term : pre) {
        auto it = heads.find((static_cast<uint64_t>(g) << 32) | term);
        if (it == heads.end()) continue;
        for (const HeadRef& ref : it->second) {
          double bound = 0;
          for (size_t x = 0; x < a_bits.size(); ++x) bound += (ref.sig & a_bits[x]) ? a_w[x] : 0.0;
          const double wh = ref.w;
          bound = std::min(bound, std::min(wa, wh));
          if (bound < prune_below * (wa + wh - bound)) continue;
          if (!first_time(ref.off)) continue;
          // Compared (seen) here, as without the bound, but it cannot beat
          // the best so far: sim <= bound < best_sim - 1e-12.
          if (best >= 0 && bound < (best_sim - 1e-6) * (wa + wh - bound)) continue;
          const uint32_t* blk = blocks.data() + ref.off;
          const uint32_t topic = blk[0];
          if (sg != kNoSerp && topic_serp[topic] != kNoSerp && topic_serp[topic] != sg) continue;  // SERPs differ
          const std::span<const uint32_t> h(blk + 2, blk[1] & ~kHasSplit);
          const bool check_split = a_split || (blk[1] & kHasSplit);
          double inter = 0, only_a = 0, only_h = 0;
          bool split = false;
          size_t x = 0, y = 0;
          while (x < a.size() || y < h.size()) {
            if (y == h.size() || (x < a.size() && a[x] < h[y])) {
              if (check_split) split |= splits[a[x]];
              only_a += a_w[x++];
            } else if (x == a.size() || h[y] < a[x]) {
              if (check_split) split |= splits[h[y]];
              only_h += weight[h[y++]];
            } else {
              inter += a_w[x];
              ++x, ++y;
            }
          }
          if (split) continue;
          const double uni = inter + only_a + only_h;
          const double sim = uni > 0 ? inter / uni : 0;
          if (sim < theta - 1e-12) continue;
          if (only_a > 0 && only_h > 0 && std::min(only_a, only_h) >= cfg_.conflict_share * uni) continue;
          if (sim > best_sim + 1e-12 || (std::abs(sim - best_sim) <= 1e-12 && topic < best)) {
            best_sim = sim;
            best = topic;
          }
        }
      }
      clear_seen();
    }
    if (best < 0) {
      best = static_cast<int64_t>(head_kw.size());
      head_kw.push_back(i);
      topic_serp.push_back(kNoSerp);
      if (!a.empty()) {
        const uint32_t off = static_cast<uint32_t>(blocks.size());
        uint64_t sig = 0;
        double wh = 0;
        bool has_split = false;
        for (uint32_t id : a) sig |= sig_bit(id), wh += weight[id], has_split |= splits[id];
        blocks.push_back(static_cast<uint32_t>(best));
        blocks.push_back(static_cast<uint32_t>(a.size()) | (has_split ? kHasSplit : 0u));
        blocks.insert(blocks.end(), a.begin(), a.end());
        prefix(a, &pre);
        bool listed = false;
        for (uint32_t term : pre) {
          auto& list = heads[(static_cast<uint64_t>(g) << 32) | term];
          if (list.size() >= cfg_.max_candidates) continue;  // never read beyond
          list.push_back({sig, static_cast<float>(wh), off});
          listed = true;
        }
        if (listed) exact.try_emplace(hash, off);
      }
    }
    if (sg != kNoSerp) {
      if (serp_topic[sg] < 0) serp_topic[sg] = best;
      if (topic_serp[best] == kNoSerp) topic_serp[best] = sg;
    }
    t.kw_[i].topic = static_cast<uint32_t>(best) + 1;
  }
  heads = {};
  exact = {};
  blocks = {};
  topic_serp = {};

  // 3. Topics: members in visit order (volume desc), stage by volume.
  t.topics_.resize(head_kw.size());
  std::vector<uint32_t> count(head_kw.size(), 0);
  for (uint32_t i = 0; i < n; ++i) ++count[t.kw_[i].topic - 1];
  uint32_t off = 0;
  for (size_t k = 0; k < head_kw.size(); ++k) {
    auto& tp = t.topics_[k];
    tp.id = static_cast<uint32_t>(k + 1);
    tp.label = head_kw[k];
    tp.first = off;
    tp.count = 0;
    off += count[k];
  }
  t.members_.assign(n, 0);
  for (uint32_t i : order) {
    const auto& k = t.kw_[i];
    auto& tp = t.topics_[k.topic - 1];
    t.members_[tp.first + tp.count++] = i;
    tp.monthly_volume += k.volume;
  }
  for (auto& tp : t.topics_) {
    // Most volume; without volume, most keywords; ties: the head's stage.
    const std::array<int64_t, kNumStages> volume = t.StageVolumes(tp);
    std::array<int64_t, kNumStages> kws{};
    // CPC and difficulty: volume-weighted over the members (in member order).
    double cpc_w = 0, cpc_sum = 0, kd_w = 0, kd_sum = 0;
    for (uint32_t m = tp.first; m < tp.first + tp.count; ++m) {
      const auto& k = t.kw_[t.members_[m]];
      ++kws[k.stage];
      const double w = static_cast<double>(k.volume) + 1.0;
      if (k.cpc >= 0) cpc_w += w, cpc_sum += w * k.cpc;
      if (k.difficulty >= 0) kd_w += w, kd_sum += w * k.difficulty;
    }
    int bestStage = t.kw_[tp.label].stage;
    for (int s = 0; s < kNumStages; ++s) {
      const auto key = std::make_pair(volume[s], kws[s]);
      const auto cur = std::make_pair(volume[bestStage], kws[bestStage]);
      if (key > cur) bestStage = s;
    }
    tp.stage = static_cast<Stage>(bestStage);
    if (cpc_w > 0) tp.cpc = cpc_sum / cpc_w;
    if (kd_w > 0) tp.difficulty = kd_sum / kd_w;
  }
  out_ = std::move(out);
  SumMonthlyPerTopic();
  return std::move(out_);
}

std::vector<Topics::MonthVolume> Topics::MonthlyVolumes(const Topic& t) const {
  std::vector<MonthVolume> out;
  if (topic_month_at_.empty() || t.id == 0 || (t.id - 1) / 8 >= topic_month_at_.size()) return out;
  uint64_t pos = topic_month_at_[(t.id - 1) / 8];
  for (uint32_t skip = (t.id - 1) % 8; skip > 0; --skip) {  // the records before it in its group of 8
    const uint64_t count = topic_months_.GetVarint(&pos);
    for (uint64_t c = 0; c < 2 * count; ++c) topic_months_.GetVarint(&pos);
  }
  const uint64_t count = topic_months_.GetVarint(&pos);
  uint64_t r = 0;
  for (uint64_t c = 0; c < count; ++c) {
    r += topic_months_.GetVarint(&pos);
    const auto v = static_cast<int64_t>(topic_months_.GetVarint(&pos));
    if (r < month_text_.size()) out.push_back({month_text_[r], v});
  }
  return out;
}

std::array<int64_t, kNumStages> Topics::StageVolumes(const Topic& t) const {
  std::array<int64_t, kNumStages> out{};
  for (uint32_t m = t.first; m < t.first + t.count; ++m) out[kw_[members_[m]].stage] += kw_[members_[m]].volume;
  return out;
}

std::string Topics::BindingTerms(uint32_t i) const {
  const auto& k = kw_[i];
  const auto& head = kw_[topics_[k.topic - 1].label];
  std::string out;
  auto a = std::span<const uint32_t>(terms_.data() + k.term_off, k.term_count);
  auto h = std::span<const uint32_t>(terms_.data() + head.term_off, head.term_count);
  for (uint32_t id : a) {
    if (!std::binary_search(h.begin(), h.end(), id)) continue;
    if (!out.empty()) out += ' ';
    out += term_surface_[id];
  }
  return out;
}

std::string Topics::SerpBinding(uint32_t i) const {
  auto it = serp_of_.find(i);
  if (it == serp_of_.end()) return "";
  const Serp& sp = serps_[it->second];
  std::string out;
  for (uint32_t b = sp.bind_off; b < sp.bind_off + sp.bind_count; ++b) {
    if (!out.empty()) out += ' ';
    out += url_text_[serp_bind_[b]];
  }
  return out;
}

std::vector<std::string_view> Topics::Paa(uint32_t i) const {
  std::vector<std::string_view> out;
  auto it = serp_of_.find(i);
  if (it == serp_of_.end()) return out;
  const Serp& sp = serps_[it->second];
  for (uint32_t q = sp.paa_off; q < sp.paa_off + sp.paa_count; ++q) out.emplace_back(paa_[q]);
  return out;
}

size_t Topics::MemoryBytes() const {
  size_t b = text_.capacity() + kw_.capacity() * sizeof(Kw) + terms_.capacity() * sizeof(uint32_t) +
             topics_.capacity() * sizeof(Topic) + members_.capacity() * sizeof(uint32_t);
  for (const auto& s : term_surface_) b += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
  b += serps_.capacity() * sizeof(Serp) + serp_of_.size() * (2 * sizeof(uint32_t) + 2 * sizeof(void*)) +
       (serp_urls_.capacity() + serp_bind_.capacity()) * sizeof(uint32_t);
  for (const auto& s : url_text_) b += sizeof(std::string) + s.capacity();
  for (const auto& s : paa_) b += sizeof(std::string) + s.capacity();
  for (const auto& s : month_text_) b += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
  for (const auto& set : month_sets_) b += sizeof(set) + set.capacity() * sizeof(uint32_t);
  b += kw_months_.capacity() + topic_months_.capacity() + topic_month_at_.capacity() * sizeof(uint64_t);
  return b;
}

}  // namespace kr::plan
