#include "klantreis/app/coverage.h"

#include <libstemmer.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "klantreis/app/site_report.h"
#include "klantreis/crawler/web_url.h"

namespace kr::app {
namespace {

enum Field { kTitle = 0, kH1 = 1, kPath = 2, kHeadings = 3, kText = 4, kNumFields = 5 };
constexpr double kWeight[kNumFields] = {3, 3, 2, 1.5, 1};
constexpr double kMaxWeight = 3;
constexpr const char* kFieldName[kNumFields] = {"title", "h1", "url", "headings", "text"};

bool Meaningful(const classify::Token& t) {
  using namespace classify;
  if (t.flags & (kTokStop | kTokQuestion | kTokSymbol | kTokOperator)) return false;
  return !t.norm.empty();
}

struct PageTerms {
  std::string url;
  std::unordered_set<std::string> fields[kNumFields];
};

// A keyword term's forms: its normalised form, the analyzer's stem, and the
// Dutch and English Snowball stems of the normalised form (the analyzer
// leaves cue words unstemmed: "kamerplanten" must still find "kamerplant").
// A compound's parts carry their forms too.
struct Term {
  std::string norm;
  std::vector<std::string> forms;
  std::vector<std::vector<std::string>> parts;
};

bool HoldsAny(const std::unordered_set<std::string>& set, const std::vector<std::string>& forms) {
  for (const std::string& f : forms)
    if (set.count(f)) return true;
  return false;
}

bool Holds(const std::unordered_set<std::string>& set, const Term& t) {
  if (HoldsAny(set, t.forms)) return true;
  return !t.parts.empty() &&
         std::all_of(t.parts.begin(), t.parts.end(), [&](const std::vector<std::string>& p) { return HoldsAny(set, p); });
}

// libstemmer's Dutch and English stemmers (not thread-safe: one per SiteCoverage).
class Stemmers {
 public:
  Stemmers() : nl_(sb_stemmer_new("dutch", "UTF_8")), en_(sb_stemmer_new("english", "UTF_8")) {}
  ~Stemmers() {
    if (nl_) sb_stemmer_delete(nl_);
    if (en_) sb_stemmer_delete(en_);
  }
  Stemmers(const Stemmers&) = delete;
  Stemmers& operator=(const Stemmers&) = delete;
  // word, its stems: distinct, non-empty.
  std::vector<std::string> Forms(const std::string& word, const std::string& analyzer_stem) {
    std::vector<std::string> out{word};
    auto add = [&](std::string f) {
      if (!f.empty() && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
    };
    add(analyzer_stem);
    for (sb_stemmer* s : {nl_, en_}) {
      if (s == nullptr) continue;
      const sb_symbol* r = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
      if (r != nullptr) add(std::string(reinterpret_cast<const char*>(r), static_cast<size_t>(sb_stemmer_length(s))));
    }
    return out;
  }

 private:
  sb_stemmer* nl_;
  sb_stemmer* en_;
};

Term MakeTerm(Stemmers& st, const classify::Token& t) {
  Term term;
  term.norm = t.norm;
  term.forms = st.Forms(t.norm, t.stem);
  for (const std::string& part : t.parts) term.parts.push_back(st.Forms(part, ""));
  return term;
}

}  // namespace

struct SiteCoverage::Impl {
  std::unique_ptr<classify::Analyzer> analyzer;
  Stemmers stemmers;
  classify::Analysis analysis;
  std::vector<PageTerms> pages;
  size_t crawled = 0;
  std::string first_origin;                                       // resolves an export's relative URL
  std::unordered_map<std::string, uint32_t> by_url;               // normalised URL -> page
  // form -> (page, bit mask of the fields holding it), pages ascending.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint8_t>>> index;
  // Scratch of Cover, sized to the pages: per page the fields holding the
  // current term (or compound part), the score sum and the terms held.
  std::vector<Term> terms;
  std::vector<uint8_t> term_mask, part_mask;
  std::vector<double> sum;
  std::vector<uint16_t> held;
  std::vector<uint32_t> touched, term_touched, part_touched;

  void AddField(PageTerms* p, uint32_t id, Field f, const std::string& text) {
    if (text.empty()) return;
    analyzer->Analyze(text, &analysis);
    for (const classify::Token& t : analysis.tokens) {
      if (!Meaningful(t)) continue;
      Term term = MakeTerm(stemmers, t);
      auto add = [&](const std::string& form) {
        if (form.empty() || !p->fields[f].insert(form).second) return;
        auto& list = index[form];
        const uint8_t bit = static_cast<uint8_t>(1u << f);
        if (!list.empty() && list.back().first == id) list.back().second |= bit;
        else list.emplace_back(id, bit);
      };
      for (const std::string& form : term.forms) add(form);
      for (const auto& part : term.parts)
        for (const std::string& form : part) add(form);
    }
  }

  // ORs into mask[page] the fields holding any of `forms`; new pages into *list.
  void Gather(const std::vector<std::string>& forms, std::vector<uint8_t>* mask, std::vector<uint32_t>* list) {
    for (const std::string& form : forms) {
      auto it = index.find(form);
      if (it == index.end()) continue;
      for (const auto& [page, bits] : it->second) {
        if ((*mask)[page] == 0) list->push_back(page);
        (*mask)[page] |= bits;
      }
    }
  }

  // The indexable page an export's URL names, if crawled.
  const PageTerms* ExportPage(std::string_view export_url) const {
    if (export_url.empty()) return nullptr;
    Result<crawler::WebUrl> u = crawler::ParseWebUrl(export_url);
    if (!u.ok() && !first_origin.empty()) u = crawler::ResolveWebUrl(first_origin + "/", export_url);
    if (!u.ok()) return nullptr;
    auto it = by_url.find(u->url);
    return it == by_url.end() ? nullptr : &pages[it->second];
  }
};

SiteCoverage::SiteCoverage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SiteCoverage::~SiteCoverage() = default;
size_t SiteCoverage::pages() const { return impl_->pages.size(); }
size_t SiteCoverage::crawled_pages() const { return impl_->crawled; }

Result<std::unique_ptr<SiteCoverage>> SiteCoverage::Build(Project& project) {
  auto impl = std::make_unique<Impl>();
  auto analyzer = classify::Analyzer::Create(project.classifier.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  impl->analyzer = std::move(analyzer).value();
  Status st = project.store->ForEachPage([&](const store::CrawlRun&, const WebPage& page) {
    ++impl->crawled;
    if (impl->first_origin.empty()) {
      if (auto u = crawler::ParseWebUrl(page.url); u.ok()) impl->first_origin = u->Origin();
    }
    if (!page.indexable) return true;  // non-indexable pages never cover
    uint32_t id = static_cast<uint32_t>(impl->pages.size());
    impl->pages.push_back({page.url, {}});
    impl->by_url.emplace(page.url, id);
    PageTerms* p = &impl->pages.back();
    impl->AddField(p, id, kTitle, page.title);
    if (!page.h1.empty()) impl->AddField(p, id, kH1, page.h1[0]);
    impl->AddField(p, id, kPath, PageUrlWords(page.url));
    std::string headings;
    for (const auto* list : {&page.h1, &page.h2, &page.h3})
      for (const std::string& h : *list) headings += h + " . ";
    impl->AddField(p, id, kHeadings, headings);
    std::string text;
    for (const std::string& t : page.terms) (text += t) += " . ";
    impl->AddField(p, id, kText, text);
    return true;
  });
  if (!st.ok()) return st;
  return std::unique_ptr<SiteCoverage>(new SiteCoverage(std::move(impl)));
}

KeywordCoverage SiteCoverage::Cover(std::string_view keyword, std::string_view export_url) {
  KeywordCoverage out;
  Impl& m = *impl_;
  if (m.pages.empty()) return out;
  if (const PageTerms* p = m.ExportPage(export_url)) {
    out.url = out.best_url = p->url;
    out.score = 1;
    out.source = "export";
    out.matched.push_back("export");
    return out;
  }
  m.analyzer->Analyze(keyword, &m.analysis);
  m.terms.clear();
  for (const classify::Token& t : m.analysis.tokens)
    if (Meaningful(t)) m.terms.push_back(MakeTerm(m.stemmers, t));
  if (m.terms.empty()) return out;
  // One pass over the postings of each term's forms (never all pages): per
  // page the fields holding the term, a compound's parts intersected.
  if (m.sum.size() != m.pages.size()) {
    m.term_mask.assign(m.pages.size(), 0);
    m.part_mask.assign(m.pages.size(), 0);
    m.sum.assign(m.pages.size(), 0);
    m.held.assign(m.pages.size(), 0);
  }
  m.touched.clear();
  for (const Term& t : m.terms) {
    m.term_touched.clear();
    m.Gather(t.forms, &m.term_mask, &m.term_touched);
    if (!t.parts.empty()) {
      // compound[page] = AND over parts of the fields holding that part
      std::vector<std::pair<uint32_t, uint8_t>> compound;
      for (size_t pi = 0; pi < t.parts.size(); ++pi) {
        m.part_touched.clear();
        m.Gather(t.parts[pi], &m.part_mask, &m.part_touched);
        if (pi == 0) {
          for (uint32_t page : m.part_touched) compound.emplace_back(page, m.part_mask[page]);
        } else {
          for (auto& [page, bits] : compound) bits &= m.part_mask[page];
        }
        for (uint32_t page : m.part_touched) m.part_mask[page] = 0;
      }
      for (const auto& [page, bits] : compound) {
        if (bits == 0) continue;
        if (m.term_mask[page] == 0) m.term_touched.push_back(page);
        m.term_mask[page] |= bits;
      }
    }
    for (uint32_t page : m.term_touched) {
      const uint8_t bits = m.term_mask[page];
      m.term_mask[page] = 0;
      double best = 0;
      for (int f = 0; f < kNumFields; ++f)
        if ((bits >> f) & 1) best = std::max(best, kWeight[f]);
      if (m.held[page] == 0 && m.sum[page] == 0) m.touched.push_back(page);
      m.sum[page] += best;
      ++m.held[page];
    }
  }
  struct Scored {
    double score;
    bool all;
    uint32_t id;
  };
  std::vector<Scored> scored;
  scored.reserve(m.touched.size());
  const double denom = kMaxWeight * static_cast<double>(m.terms.size());
  for (uint32_t page : m.touched) {
    scored.push_back({m.sum[page] / denom, m.held[page] == m.terms.size(), page});
    m.sum[page] = 0;
    m.held[page] = 0;
  }
  if (scored.empty()) return out;
  auto better = [&](const Scored& a, const Scored& b) {
    if (a.all != b.all) return a.all;  // a page holding every term first
    if (a.score != b.score) return a.score > b.score;
    const std::string &ua = m.pages[a.id].url, &ub = m.pages[b.id].url;
    if (ua.size() != ub.size()) return ua.size() < ub.size();
    return ua < ub;
  };
  size_t top = std::min<size_t>(2, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(top), scored.end(), better);
  const Scored& best = scored[0];
  out.best_url = m.pages[best.id].url;
  out.score = best.score;
  if (best.all && best.score >= kCoverThreshold) {
    out.url = out.best_url;
    out.source = "content";
  }
  if (scored.size() > 1) {
    out.second_url = m.pages[scored[1].id].url;
    out.second_score = scored[1].score;
  }
  for (const Scored& s : scored)
    if (s.all && s.score >= kStrongThreshold) ++out.strong_pages;
  const PageTerms& p = m.pages[best.id];
  for (const Term& t : m.terms) {
    int where = -1;
    for (int f = 0; f < kNumFields; ++f)
      if (Holds(p.fields[f], t) && (where < 0 || kWeight[f] > kWeight[where])) where = f;
    if (where >= 0) out.matched.push_back(t.norm + "@" + kFieldName[where]);
  }
  return out;
}

std::vector<std::string> PageTextTerms(classify::Analyzer& analyzer, std::string_view text) {
  classify::Analysis a;
  analyzer.Analyze(text, &a);
  std::unordered_map<std::string, uint32_t> count;
  for (const classify::Token& t : a.tokens)
    if (Meaningful(t) && t.norm.size() >= 2) ++count[t.norm];
  std::vector<std::pair<std::string, uint32_t>> v(count.begin(), count.end());
  const size_t n = std::min(v.size(), kMaxPageTerms);
  std::partial_sort(v.begin(), v.begin() + static_cast<long>(n), v.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(std::move(v[i].first));
  return out;
}

}  // namespace kr::app
