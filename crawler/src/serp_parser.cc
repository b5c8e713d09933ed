// ParseSerp: structure- and label-based extraction from a Gumbo tree.
//
// One pass over the flattened tree collects everything the heuristics need
// (title links, labels, region markers, search inputs); each block is then
// extracted from index ranges. See serp.h for the principles and
// docs/serp.md for the labels and the layouts they were checked against.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "klantreis/crawler/serp.h"
#include "serp_dom.h"

namespace kr::crawler {
namespace {

using internal::AsciiLower;
using internal::CollapseSpace;
using internal::EqualsNoCase;
using internal::FlatDom;
using internal::QueryParam;
using internal::StartsWithNoCase;

// ---------------------------------------------------------------------------
// Labels in the languages users meet (Google, Bing, DuckDuckGo UIs).

constexpr std::string_view kAdLabels[] = {
    "Gesponsord", "Advertentie", "Advertenties", "Ad", "Ads", "Sponsored", "Annonce", "Annonces",
    "Annonce sponsorisée", "Anzeige", "Anzeigen", "Gesponsert", "Anuncio", "Anuncios", "Patrocinado"};
constexpr std::string_view kPaaLabels[] = {
    "Mensen vragen ook", "Meer om te vragen", "Vragen van anderen", "People also ask", "Autres questions posées",
    "Ähnliche Fragen", "Weitere Fragen", "Más preguntas", "Otras preguntas de los usuarios",
    "Preguntas relacionadas"};
constexpr std::string_view kRelatedLabels[] = {
    "Gerelateerde zoekopdrachten", "Zoekopdrachten gerelateerd aan", "Related searches", "Searches related to",
    "Recherches associées", "Ähnliche Suchanfragen", "Búsquedas relacionadas"};
constexpr std::string_view kFeaturedLabels[] = {
    "Featured snippet from the web", "About featured snippets", "Uitgelicht fragment", "Over uitgelichte fragmenten",
    "Extrait optimisé", "Hervorgehobenes Snippet", "Fragmento destacado"};
constexpr std::string_view kVideoLabels[] = {"Videos", "Video's", "Vidéos", "Vídeos", "Video"};
constexpr std::string_view kNoResultPhrases[] = {
    "did not match any documents", "No results found for", "There are no results for",
    "geen overeenkomende documenten", "heeft geen overeenkomstige documenten", "Geen resultaten gevonden voor",
    "Er zijn geen resultaten voor", "ne correspond à aucun document", "Aucun résultat trouvé pour",
    "Il n'y a aucun résultat pour", "keine Übereinstimmungen", "wurden keine Ergebnisse gefunden",
    "Es gibt keine Ergebnisse für", "no obtuvo ningún resultado", "No se han encontrado resultados",
    "No hay resultados para", "No results."};
constexpr std::string_view kCaptchaPhrases[] = {
    "unusual traffic from your computer network", "ongebruikelijk verkeer", "ungewöhnlichen Datenverkehr",
    "trafic exceptionnel", "tráfico inusual", "not a robot", "geen robot", "kein Roboter"};
enum class LabelKind : uint8_t { kPaa, kRelated, kFeatured, kVideos };

// Whether `text` (collapsed) is the label: equal, or the label followed by
// more words ("Searches related to coffee", "Related Searches for coffee").
template <size_t N>
bool MatchesLabel(std::string_view text, const std::string_view (&labels)[N], bool allow_suffix) {
  while (!text.empty() && (text.back() == ':' || text.back() == ' ')) text.remove_suffix(1);
  for (std::string_view l : labels) {
    if (EqualsNoCase(text, l)) return true;
    if (allow_suffix && text.size() > l.size() + 1 && StartsWithNoCase(text, l) && text[l.size()] == ' ') {
      return true;
    }
  }
  return false;
}

// "Ad", "Ad ·", "Sponsored" — the whole text is the label.
bool IsAdLabelText(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == ':')) text.remove_suffix(1);
  if (text.size() >= 2 && text.substr(text.size() - 2) == "\xC2\xB7") {  // "·"
    text.remove_suffix(2);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  }
  return MatchesLabel(text, kAdLabels, false);
}

bool ContainsNoCase(std::string_view hay, std::string_view needle) {
  if (needle.empty() || hay.size() < needle.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (StartsWithNoCase(hay.substr(i), needle)) return true;
  }
  return false;
}

bool IsHttpUrl(std::string_view u) { return StartsWithNoCase(u, "http://") || StartsWithNoCase(u, "https://"); }

bool HostIsSearchEngine(std::string_view host) {
  auto has = [&](std::string_view s) { return host.find(s) != std::string_view::npos; };
  return has("google.") || has("bing.com") || has("duckduckgo.com");
}

// A link target as the result points to it.
struct Target {
  std::string url;      // resolved http(s) URL, "" when internal
  bool click = false;   // an ad click URL (aclk, googleadservices)
  bool search = false;  // a link to another search (related searches, pagination)
};

Target ResolveHref(std::string_view href) {
  Target t;
  while (!href.empty() && (href.front() == ' ' || href.front() == '\n')) href.remove_prefix(1);
  if (href.empty() || href.front() == '#' || StartsWithNoCase(href, "javascript:")) return t;
  std::string abs;
  if (href.substr(0, 2) == "//") {
    abs = "https:" + std::string(href);
  } else if (href.front() == '/') {
    abs = "https://www.google.com" + std::string(href);  // only used to read parameters
  } else if (IsHttpUrl(href)) {
    abs = std::string(href);
  } else {
    return t;
  }
  std::string host = UrlHost(abs);
  std::string_view path(abs);
  size_t pstart = path.find('/', path.find("://") + 3);
  path = pstart == std::string_view::npos ? std::string_view() : path.substr(pstart);
  const bool relative = href.front() == '/' && href.substr(0, 2) != "//";
  if (host.find("googleadservices.") != std::string::npos || host.find("doubleclick.") != std::string::npos ||
      (host.find("bing.") != std::string::npos && path.substr(0, 7) == "/aclick")) {
    t.click = true;
    auto v = QueryParam(abs, "adurl");
    if (v && IsHttpUrl(*v)) t.url = *v;
    return t;
  }
  if (relative || HostIsSearchEngine(host)) {
    if (path.substr(0, 5) == "/url?" || path.substr(0, 8) == "/interst") {
      for (const char* p : {"q", "url"}) {
        auto v = QueryParam(abs, p);
        if (v && IsHttpUrl(*v)) {
          t.url = *v;
          return t;
        }
      }
      return t;
    }
    if (path.substr(0, 5) == "/aclk" || path.substr(0, 8) == "/pagead/") {
      t.click = true;
      auto v = QueryParam(abs, "adurl");
      if (v && IsHttpUrl(*v)) t.url = *v;
      return t;
    }
    if (path.substr(0, 3) == "/l/" || path.substr(0, 4) == "/l/?") {  // DuckDuckGo redirect
      auto v = QueryParam(abs, "uddg");
      if (v && IsHttpUrl(*v)) t.url = *v;
      return t;
    }
    auto is_path = [&](std::string_view p) {
      return path.substr(0, p.size()) == p && (path.size() == p.size() || path[p.size()] == '?' ||
                                               (path[p.size()] == '/' && path.size() > p.size() + 1 && path[p.size() + 1] == '?'));
    };
    if (is_path("/search") || path.substr(0, 2) == "/?" || is_path("/html")) {
      t.search = true;
      return t;
    }
    // The engine's own verticals ("Images of coffee" -> /images/search?q=coffee).
    if (path.find("search") != std::string_view::npos && QueryParam(abs, "q")) {
      t.search = true;
      return t;
    }
    if (relative) return t;
  }
  t.url = abs;
  return t;
}

bool HasCurrencySign(std::string_view s) {
  return s.find('$') != std::string_view::npos || s.find("\xE2\x82\xAC") != std::string_view::npos ||  // €
         s.find("\xC2\xA3") != std::string_view::npos;                                                  // £
}

// "TitleTitleTitle" (a visible and hidden copies run together) -> "Title".
std::string Unrepeat(const std::string& s) {
  const size_t n = s.size();
  for (size_t len = 4; len <= n / 2; ++len) {
    if (n % len != 0) continue;
    bool rep = true;
    for (size_t i = len; i < n && rep; i += len) rep = s.compare(i, len, s, 0, len) == 0;
    if (rep) return s.substr(0, len);
  }
  return s;
}

// A page on a video platform.
bool IsVideoUrl(std::string_view url) {
  std::string host = UrlHost(url);
  auto ends = [&](std::string_view d) {
    return host == d || (host.size() > d.size() && host.compare(host.size() - d.size(), d.size(), d) == 0 &&
                         host[host.size() - d.size() - 1] == '.');
  };
  if (ends("youtube.com")) return url.find("/watch") != std::string_view::npos || url.find("/shorts/") != std::string_view::npos;
  return ends("youtu.be") || ends("vimeo.com") || ends("dailymotion.com") || ends("tiktok.com") || ends("twitch.tv");
}

// Price as shown: a currency sign or code next to digits.
bool LooksLikePrice(std::string_view s, std::string* currency, double* value) {
  if (s.size() > 40) return false;
  static constexpr std::string_view kCurrencies[] = {"$", "€", "£", "¥", "₹", "EUR", "USD", "GBP", "AU$", "CA$", "kr", "zł", "CHF"};
  std::string_view found;
  for (std::string_view c : kCurrencies) {
    if (s.find(c) != std::string_view::npos) {
      found = c;
      break;
    }
  }
  if (found.empty()) return false;
  // Digits with separators; the last separator followed by 1–2 digits is decimal.
  std::string digits;
  int last_sep = -1;
  int after_sep = 0;
  bool any = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      any = true;
      if (last_sep >= 0) ++after_sep;
    } else if ((c == ',' || c == '.') && any) {
      last_sep = static_cast<int>(digits.size());
      after_sep = 0;
    } else if (any && c != ' ' && c != '\xC2' && c != '\xA0' && c != '\xE2' && c != '\x80' && c != '\xAF') {
      if (!digits.empty()) break;
    }
  }
  if (!any) return false;
  double v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  if (last_sep >= 0 && after_sep > 0 && after_sep <= 2) v /= (after_sep == 1 ? 10.0 : 100.0);
  *currency = std::string(found);
  *value = v;
  return true;
}

// ---------------------------------------------------------------------------

// Per-node markers, inherited from the parent.
enum : uint16_t {
  kFlagAdTop = 1 << 0,      // #tads, #tvcap
  kFlagAdBottom = 1 << 1,   // #tadsb, #bottomads
  kFlagShopping = 1 << 2,   // commercial-unit*, pla-*, data-pla
  kFlagRhs = 1 << 3,        // right column / knowledge panel
  kFlagFooter = 1 << 4,
  kFlagPaa = 1 << 5,        // related-question-pair, data-q
  kFlagHead = 1 << 6,
  kFlagInLink = 1 << 7,     // inside an <a>
};

struct TitleLink {
  int anchor = -1;   // the <a>
  int heading = -1;  // the heading inside (or around) it
  std::string title;
  Target target;
};

struct Label {
  int element;
  LabelKind kind;
};

class SerpParser {
 public:
  explicit SerpParser(std::string_view html) : dom_(html) {}

  SerpPage Run() {
    Scan();
    DetectEngineAndQuery();
    FindPaa();
    FindRelated();
    ClassifyTitleLinks();
    FindShopping();
    FindFeaturedSnippet();
    FindLocalPack();
    FindVideos();
    FindKnowledgePanel();
    FindTotalResults();
    DecideKind();
    return std::move(page_);
  }

 private:
  // ---- one pass over the tree ------------------------------------------
  void Scan() {
    const size_t n = dom_.size();
    flags_.assign(n, 0);
    ad_item_.assign(n, -1);
    for (size_t k = 0; k < n; ++k) {
      const int i = static_cast<int>(k);
      const auto& node = dom_[i];
      const int p = node.parent;
      if (p >= 0) {
        flags_[i] = flags_[p];
        ad_item_[i] = ad_item_[p];
      }
      if (node.text) {
        ScanText(i);
        continue;
      }
      if (node.g->type == GUMBO_NODE_DOCUMENT) continue;
      ScanElement(i);
    }
  }

  // Class tokens the scan looks for, as bits.
  enum : uint32_t {
    kClsKp = 1 << 0, kClsFooter = 1 << 1, kClsShopping = 1 << 2, kClsAdItem = 1 << 3, kClsDdg = 1 << 4,
    kClsStats = 1 << 5, kClsRecaptcha = 1 << 6,
  };
  static uint32_t ClassBits(std::string_view v) {
    uint32_t bits = 0;
    size_t p = 0;
    while (p < v.size()) {
      while (p < v.size() && (v[p] == ' ' || v[p] == '\t' || v[p] == '\n' || v[p] == '\r' || v[p] == '\f')) ++p;
      size_t q = p;
      while (q < v.size() && v[q] != ' ' && v[q] != '\t' && v[q] != '\n' && v[q] != '\r' && v[q] != '\f') ++q;
      std::string_view c = v.substr(p, q - p);
      p = q;
      if (c.empty()) continue;
      if (c == "kp-wholepage") bits |= kClsKp;
      else if (c == "footer") bits |= kClsFooter;
      else if (c.substr(0, 15) == "commercial-unit" || c.substr(0, 4) == "pla-") bits |= kClsShopping;
      else if (c == "ads-ad" || c == "ads-fr" || c == "result--ad" || c == "b_ad" || c == "sb_add") bits |= kClsAdItem;
      else if (c == "result__a" || c == "results_links") bits |= kClsDdg;
      else if (c == "sb_count") bits |= kClsStats;
      else if (c == "g-recaptcha") bits |= kClsRecaptcha;
    }
    return bits;
  }

  void ScanElement(int i) {
    const GumboTag tag = dom_.Tag(i);
    // One pass over the attributes.
    std::string_view id, cls, data_q, attrid;
    bool data_pla = false, data_text_ad = false, data_cid = false;
    const GumboVector& attrs = dom_[i].g->v.element.attributes;
    for (unsigned k = 0; k < attrs.length; ++k) {
      const auto* a = static_cast<const GumboAttribute*>(attrs.data[k]);
      const char* n = a->name;
      if (n[0] == 'i' && std::strcmp(n, "id") == 0) {
        id = a->value;
      } else if (n[0] == 'c' && std::strcmp(n, "class") == 0) {
        cls = a->value;
      } else if (n[0] == 'd' && std::strncmp(n, "data-", 5) == 0) {
        const char* d = n + 5;
        if (std::strcmp(d, "q") == 0) data_q = a->value;
        else if (std::strcmp(d, "attrid") == 0) attrid = a->value;
        else if (std::strcmp(d, "pla") == 0) data_pla = true;
        else if (std::strcmp(d, "text-ad") == 0) data_text_ad = true;
        else if (std::strcmp(d, "cid") == 0) data_cid = true;
      }
    }
    const uint32_t cb = cls.empty() ? 0 : ClassBits(cls);
    uint16_t& f = flags_[i];
    if (tag == GUMBO_TAG_HEAD) f |= kFlagHead;
    if (!id.empty()) {
      if (id == "tads" || id == "tvcap") f |= kFlagAdTop;
      if (id == "tadsb" || id == "bottomads") f |= kFlagAdBottom;
      if (id == "rhs" || id == "b_context") f |= kFlagRhs;
      if (id == "footer" || id == "b_footer" || id == "fbar") f |= kFlagFooter;
      if (id == "brs" || id == "bres") brs_.push_back(i);
      if (id == "b_results" || id == "b_content") bing_hints_++;
      if (id == "rso" || id == "tads" || id == "botstuff" || id == "gsr" || id == "main" || id == "search") google_hints_++;
      if ((id == "result-stats" || id == "resultStats") && stats_ < 0) stats_ = i;
      if (id == "captcha-form") captcha_signal_ = true;
    }
    if (cb & kClsKp) f |= kFlagRhs;
    if (tag == GUMBO_TAG_FOOTER || (cb & kClsFooter)) f |= kFlagFooter;
    if ((cb & kClsShopping) || data_pla) {
      f |= kFlagShopping;
      if (shopping_roots_.empty() || !dom_.Contains(shopping_roots_.back(), i)) shopping_roots_.push_back(i);
    }
    // The innermost marker is the ad (Bing nests a list marker around its ads).
    if ((cb & kClsAdItem) || data_text_ad) ad_item_[i] = i;
    if (cb & kClsDdg) ddg_hints_++;
    if ((cb & kClsStats) && stats_ < 0) stats_ = i;
    if (cb & kClsRecaptcha) captcha_signal_ = true;
    if (tag == GUMBO_TAG_UNKNOWN) {
      // Custom elements: related-question-pair (People Also Ask, 2019-2023).
      const GumboStringPiece& orig = dom_[i].g->v.element.original_tag;
      if (orig.length > 0 && std::string_view(orig.data, orig.length).find("related-question-pair") != std::string_view::npos) {
        f |= kFlagPaa;
      }
    }
    if (data_q.data() != nullptr) {
      f |= kFlagPaa;
      std::string question = CollapseSpace(data_q);
      if (!question.empty()) data_q_.emplace_back(i, std::move(question));
    }
    if (data_cid && (f & kFlagRhs) == 0) local_links_.push_back(i);  // a place (local pack)
    if (!attrid.empty()) {
      if (attrid == "title" && kp_title_ < 0) kp_title_ = i;
      if (attrid == "subtitle" && kp_subtitle_ < 0) kp_subtitle_ = i;
      if (attrid == "description" && kp_description_ < 0) kp_description_ = i;
    }

    switch (tag) {
      case GUMBO_TAG_TITLE:
        if (title_ < 0) title_ = i;
        break;
      case GUMBO_TAG_HTML:
        if (page_.ui_lang.empty()) page_.ui_lang = std::string(dom_.AttrView(i, "lang"));
        break;
      case GUMBO_TAG_INPUT:
      case GUMBO_TAG_TEXTAREA: {
        std::string_view name = dom_.AttrView(i, "name");
        if ((name == "q" || name == "query") && dom_.AttrView(i, "type") != "hidden") search_inputs_.push_back(i);
        if (name == "captcha" || name == "g-recaptcha-response") captcha_signal_ = true;
        break;
      }
      case GUMBO_TAG_SCRIPT:
      case GUMBO_TAG_IFRAME:
        if (dom_.AttrView(i, "src").find("recaptcha") != std::string_view::npos) captcha_signal_ = true;
        break;
      case GUMBO_TAG_FORM:
        if (dom_.AttrView(i, "action").find("/sorry/") != std::string_view::npos) captcha_signal_ = true;
        break;
      case GUMBO_TAG_A:
        ScanAnchor(i);
        f |= kFlagInLink;
        break;
      default:
        break;
    }
  }

  void ScanAnchor(int i) {
    std::string_view href = dom_.AttrView(i, "href");
    if (href.empty()) return;
    if (href.find("ludocid=") != std::string_view::npos && (flags_[i] & kFlagRhs) == 0) local_links_.push_back(i);
    if ((flags_[i] & (kFlagHead | kFlagFooter)) != 0) return;
    TitleLink t;
    t.anchor = i;
    const auto& node = dom_[i];
    const int p = node.parent;
    const GumboTag ptag = p >= 0 ? dom_.Tag(p) : GUMBO_TAG_UNKNOWN;
    if (ptag == GUMBO_TAG_H3 || ptag == GUMBO_TAG_H2) {
      t.heading = p;  // old Google (h3.r > a), Bing and DuckDuckGo (h2 > a)
      t.title = dom_.Text(i, 600);
    } else {
      const int end = std::min(node.end, i + 400);
      for (int j = i + 1; j < end; ++j) {
        if (dom_[j].text) continue;
        GumboTag tj = dom_.Tag(j);
        if (tj == GUMBO_TAG_H3 || (dom_.AttrView(j, "role") == "heading" && dom_.AttrView(j, "aria-level") == "3")) {
          t.heading = j;
          t.title = dom_.Text(j, 600);
          break;
        }
      }
    }
    if (t.heading < 0 || t.title.empty()) return;
    if (!titles_.empty() && titles_.back().heading == t.heading) return;  // a second link in the same heading
    t.target = ResolveHref(href);
    titles_.push_back(std::move(t));
  }

  void ScanText(int i) {
    std::string_view raw = dom_.RawText(i);
    if (raw.size() > 120 || dom_[i].parent < 0) return;
    std::string t = CollapseSpace(raw);
    if (t.empty() || t.size() > 80) return;
    const int el = dom_[i].parent;
    if ((flags_[el] & kFlagHead) != 0) return;
    if (IsAdLabelText(t)) {
      // The element must hold nothing else ("Ad" alone, not "Ad-free").
      if (CollapseSpace(dom_.Text(el, 100)).size() <= t.size() + 4) ad_labels_.push_back(el);
      return;
    }
    if ((flags_[el] & kFlagInLink) != 0) return;  // tabs and links, not block headings
    auto starts = [&](const auto& labels) {
      for (std::string_view l : labels) {
        if (StartsWithNoCase(t, l)) return true;
      }
      return false;
    };
    LabelKind kind;
    if (starts(kPaaLabels)) {
      kind = LabelKind::kPaa;
    } else if (starts(kRelatedLabels)) {
      kind = LabelKind::kRelated;
    } else if (starts(kFeaturedLabels)) {
      kind = LabelKind::kFeatured;
    } else if (starts(kVideoLabels)) {
      kind = LabelKind::kVideos;
    } else {
      return;
    }
    // The label is the whole text of its element (maybe with the query after it).
    std::string full = dom_.Text(el, 200);
    bool ok = false;
    switch (kind) {
      case LabelKind::kPaa: ok = MatchesLabel(full, kPaaLabels, false); break;
      case LabelKind::kRelated: ok = MatchesLabel(full, kRelatedLabels, true); break;
      case LabelKind::kFeatured: ok = MatchesLabel(full, kFeaturedLabels, false); break;
      case LabelKind::kVideos: ok = MatchesLabel(full, kVideoLabels, false); break;
    }
    if (ok) labels_.push_back({el, kind});
  }

  // ---- engine, query ---------------------------------------------------
  void DetectEngineAndQuery() {
    std::string title = title_ >= 0 ? dom_.Text(title_, 1000) : std::string();
    std::string engine;
    std::string query_from_title;
    if (IsHttpUrl(title)) {
      // Block pages carry the requested URL as their title.
      std::string host = UrlHost(title);
      if (host.find("google.") != std::string::npos) engine = "google";
      if (host.find("bing.") != std::string::npos) engine = "bing";
      if (host.find("duckduckgo.") != std::string::npos) engine = "duckduckgo";
      auto q = QueryParam(title, "q");
      if (q) query_from_title = CollapseSpace(*q);
    } else {
      size_t dash = title.rfind(" - ");
      size_t at = title.rfind(" at DuckDuckGo");
      if (at != std::string::npos && at + 14 == title.size()) {
        engine = "duckduckgo";
        query_from_title = title.substr(0, at);
      } else if (dash != std::string::npos) {
        std::string_view tail = std::string_view(title).substr(dash + 3);
        if (ContainsNoCase(tail, "google")) engine = "google";
        if (ContainsNoCase(tail, "bing")) engine = "bing";
        if (!engine.empty()) query_from_title = title.substr(0, dash);
      }
    }
    if (engine.empty()) {
      if (bing_hints_ > 0) {
        engine = "bing";
      } else if (ddg_hints_ > 0) {
        engine = "duckduckgo";
      } else if (google_hints_ > 0) {
        engine = "google";
      } else {
        for (const TitleLink& t : titles_) {
          std::string_view href = dom_.AttrView(t.anchor, "href");
          if (href.substr(0, 5) == "/url?") {
            engine = "google";
            break;
          }
        }
      }
    }
    page_.engine = engine;
    for (int i : search_inputs_) {
      std::string v;
      if (dom_.Tag(i) == GUMBO_TAG_TEXTAREA) {
        v = dom_.Text(i, 2000);
      } else {
        v = CollapseSpace(dom_.AttrView(i, "value"));
      }
      if (!v.empty()) {
        page_.query = v;
        break;
      }
    }
    if (page_.query.empty()) page_.query = query_from_title;
  }

  // ---- helpers over ranges ---------------------------------------------

  // Text grouped by nearest block element inside [begin, end), in order.
  struct Group {
    int block;
    int first;  // first text node
    std::string text;
  };
  std::vector<Group> Groups(int begin, int end, size_t max_groups = 4000) const {
    std::vector<Group> out;
    for (int j = begin; j < end; ++j) {
      const auto& n = dom_[j];
      if (!n.text) continue;
      std::string_view raw = dom_.RawText(j);
      bool has_visible = false;
      for (char c : raw) {
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
          has_visible = true;
          break;
        }
      }
      if (!has_visible) continue;
      if (out.empty() || out.back().block != n.block) {
        if (out.size() >= max_groups) break;
        out.push_back({n.block, j, {}});
      }
      out.back().text.append(raw.substr(0, 2000));
    }
    for (Group& g : out) g.text = CollapseSpace(g.text);
    return out;
  }

  bool InTitleAnchor(int j) const {
    // titles_ is in document order; anchors do not nest.
    auto it = std::upper_bound(titles_.begin(), titles_.end(), j,
                               [](int v, const TitleLink& t) { return v < t.anchor; });
    if (it == titles_.begin()) return false;
    --it;
    return dom_.Contains(it->anchor, j);
  }

  bool IsSectionRoot(int i) const {
    GumboTag t = dom_.Tag(i);
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || dom_[i].parent < 0) return true;
    std::string_view id = dom_.AttrView(i, "id");
    return id == "rso" || id == "search" || id == "center_col" || id == "res" || id == "rcnt" || id == "main" ||
           id == "b_results" || id == "b_content" || id == "links" || id == "ires" || id == "cnt";
  }

  // The largest subtree around title link k holding no other title link.
  int ContainerOf(size_t k) const {
    int c = titles_[k].anchor;
    const int prev = k > 0 ? titles_[k - 1].anchor : -1;
    const int next = k + 1 < titles_.size() ? titles_[k + 1].anchor : -1;
    for (int steps = 0; steps < 10; ++steps) {
      int p = dom_[c].parent;
      if (p < 0 || IsSectionRoot(p)) break;
      if (prev >= 0 && dom_.Contains(p, prev)) break;
      if (next >= 0 && dom_.Contains(p, next)) break;
      c = p;
    }
    return c;
  }

  bool HasAdLabelIn(int container) const {
    auto it = std::lower_bound(ad_labels_.begin(), ad_labels_.end(), container);
    return it != ad_labels_.end() && dom_.Contains(container, *it);
  }

  // Climbs from `from` until the ancestor satisfies `ok`, at most `max_up` levels.
  template <typename Pred>
  int ClimbUntil(int from, int max_up, Pred ok) const {
    int c = from;
    for (int s = 0; s <= max_up && c >= 0; ++s) {
      if (ok(c)) return c;
      int p = dom_[c].parent;
      if (p < 0 || IsSectionRoot(p)) break;
      c = p;
    }
    return -1;
  }

  static bool IsQuestion(std::string_view t) {
    if (t.size() < 6 || t.size() > 250) return false;
    return t.back() == '?' || (t.size() >= 2 && t.substr(t.size() - 2) == "\xD8\x9F");  // '?' or Arabic
  }

  void AddUnique(std::vector<std::string>* list, std::unordered_set<std::string>* seen, std::string s) {
    if (s.empty()) return;
    std::string key = AsciiLower(s);
    if (seen->insert(key).second) list->push_back(std::move(s));
  }

  // ---- People Also Ask ---------------------------------------------------
  void FindPaa() {
    std::unordered_set<std::string> seen;
    // Label first, so the order is the page's order.
    for (const Label& l : labels_) {
      if (l.kind != LabelKind::kPaa || ad_item_[l.element] >= 0) continue;
      const int label_end = dom_[l.element].end;
      int block = ClimbUntil(l.element, 7, [&](int c) {
        for (const Group& g : Groups(label_end, dom_[c].end, 200)) {
          if (IsQuestion(g.text) && !InTitleAnchor(g.first)) return true;
        }
        return false;
      });
      if (block < 0) continue;
      paa_blocks_.push_back(block);
      for (const Group& g : Groups(label_end, dom_[block].end)) {
        if (IsQuestion(g.text) && !InTitleAnchor(g.first)) AddUnique(&page_.paa, &seen, g.text);
      }
    }
    for (auto& [node, q] : data_q_) AddUnique(&page_.paa, &seen, q);
  }

  bool InPaa(int i) const {
    if ((flags_[i] & kFlagPaa) != 0) return true;
    for (int b : paa_blocks_) {
      if (dom_.Contains(b, i)) return true;
    }
    return false;
  }

  // ---- related searches --------------------------------------------------
  bool IsRelatedLink(int a) const {
    if (dom_.Tag(a) != GUMBO_TAG_A) return false;
    std::string_view href = dom_.AttrView(a, "href");
    Target t = ResolveHref(href);
    if (!t.search) return false;
    std::string abs = href.front() == '/' ? "https://x" + std::string(href) : std::string(href);
    if (!QueryParam(abs, "q")) return false;
    for (const char* p : {"start", "first", "tbm", "ludocid", "lrd", "stick", "tbs", "ibp", "s"}) {
      if (QueryParam(abs, p)) return false;
    }
    return true;
  }

  void CollectRelated(int block, int from, std::unordered_set<std::string>* seen) {
    const int end = dom_[block].end;
    for (int j = from; j < end; ++j) {
      if (dom_[j].text || !IsRelatedLink(j)) continue;
      std::string text = dom_.Text(j, 300);
      if (text.empty()) {
        std::string abs = "https://x" + std::string(dom_.AttrView(j, "href"));
        if (auto q = QueryParam(abs, "q")) text = CollapseSpace(*q);
      }
      bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits_only) AddUnique(&page_.related, seen, text);
      j = dom_[j].end - 1;
    }
  }

  void FindRelated() {
    std::unordered_set<std::string> seen;
    std::vector<int> done;
    for (const Label& l : labels_) {
      if (l.kind != LabelKind::kRelated || ad_item_[l.element] >= 0 ||
          (flags_[l.element] & (kFlagAdTop | kFlagAdBottom)) != 0) {
        continue;
      }
      const int label_end = dom_[l.element].end;
      int block = ClimbUntil(l.element, 7, [&](int c) {
        for (int j = label_end; j < dom_[c].end; ++j) {
          if (!dom_[j].text && IsRelatedLink(j)) return true;
        }
        return false;
      });
      if (block < 0) continue;
      done.push_back(block);
      CollectRelated(block, label_end, &seen);
    }
    for (int b : brs_) {
      bool covered = std::any_of(done.begin(), done.end(), [&](int d) { return dom_.Contains(d, b) || dom_.Contains(b, d); });
      if (!covered) CollectRelated(b, b, &seen);
    }
  }

  // ---- organic results and ads -------------------------------------------
  void ClassifyTitleLinks() {
    std::vector<int> containers(titles_.size());
    for (size_t k = 0; k < titles_.size(); ++k) containers[k] = ContainerOf(k);
    std::sort(ad_labels_.begin(), ad_labels_.end());

    struct Pending {
      size_t k;
      bool top_region;
      bool bottom_region;
    };
    std::vector<Pending> ads;
    std::vector<int> used_ad_items;
    int last_organic = -1;
    for (size_t k = 0; k < titles_.size(); ++k) {
      const TitleLink& t = titles_[k];
      const int a = t.anchor;
      const uint16_t f = flags_[a];
      if ((f & (kFlagShopping | kFlagRhs)) != 0) continue;
      const int item = ad_item_[a];
      const bool region = (f & (kFlagAdTop | kFlagAdBottom)) != 0;
      if (item >= 0 || region || t.target.click || HasAdLabelIn(containers[k])) {
        if (item >= 0) {
          if (std::find(used_ad_items.begin(), used_ad_items.end(), item) != used_ad_items.end()) continue;
          used_ad_items.push_back(item);
        }
        ads.push_back({k, (f & kFlagAdTop) != 0, (f & kFlagAdBottom) != 0});
        continue;
      }
      if (t.target.url.empty() || InPaa(a)) continue;
      OrganicResult r;
      r.title = t.title;
      r.url = t.target.url;
      FillDetails(containers[k], t, &r.displayed_url, &r.snippet);
      r.position = static_cast<int>(page_.organic.size()) + 1;
      page_.organic.push_back(std::move(r));
      last_organic = a;
    }
    for (const Pending& p : ads) {
      const TitleLink& t = titles_[p.k];
      AdResult ad;
      ad.position = static_cast<int>(page_.ads.size()) + 1;
      ad.title = t.title;
      std::string snippet;
      FillDetails(containers[p.k], t, &ad.displayed_url, &snippet);
      if (!t.target.url.empty()) {
        ad.url = t.target.url;
      } else {
        std::string href(dom_.AttrView(t.anchor, "href"));
        ad.url = href.substr(0, 2) == "//" ? "https:" + href : (!href.empty() && href.front() == '/') ? "https://www.google.com" + href : href;
      }
      if (p.top_region) {
        ad.placement = "top";
      } else if (p.bottom_region) {
        ad.placement = "bottom";
      } else {
        ad.placement = (last_organic >= 0 && t.anchor > last_organic) ? "bottom" : "top";
      }
      page_.ads.push_back(std::move(ad));
    }
  }

  // Displayed URL (cite, or a "host › path" line) and snippet (the largest
  // text block outside the title link) of a result container.
  void FillDetails(int container, const TitleLink& t, std::string* displayed, std::string* snippet) {
    const int end = dom_[container].end;
    for (int j = container; j < end; ++j) {
      if (!dom_[j].text && dom_.Tag(j) == GUMBO_TAG_CITE) {
        *displayed = dom_.Text(j, 300);
        if (!displayed->empty()) break;
      }
    }
    std::vector<Group> groups = Groups(container, end, 400);
    const int a_begin = t.anchor, a_end = dom_[t.anchor].end;
    size_t best = 0;
    const Group* best_g = nullptr;
    for (const Group& g : groups) {
      bool in_anchor = g.first >= a_begin && g.first < a_end;
      if (displayed->empty() && (g.text.find("\xE2\x80\xBA") != std::string::npos ||  // "›"
                                 StartsWithNoCase(g.text, "www.") || StartsWithNoCase(g.text, "https://"))) {
        if (g.text.size() < 200 && g.text.find(' ') == std::string::npos) {
          *displayed = g.text;
          continue;
        }
        if (g.text.find("\xE2\x80\xBA") != std::string::npos && g.text.size() < 200) {
          *displayed = g.text;
          continue;
        }
      }
      if (in_anchor || g.text == *displayed || g.text == t.title) continue;
      if (IsAdLabelText(g.text)) continue;
      if (g.text.size() > best) {
        best = g.text.size();
        best_g = &g;
      }
    }
    if (best_g != nullptr && best >= 20) *snippet = best_g->text.substr(0, 1000);
  }

  // ---- shopping -----------------------------------------------------------
  // Cards are anchored on their price: each price's card is the largest
  // subtree around it holding no other price; the card's longest other text
  // is the product title, the first short text after the price the merchant.
  void FindShopping() {
    std::unordered_set<std::string> seen;
    for (int root : shopping_roots_) {
      const int end = dom_[root].end;
      std::vector<Group> groups = Groups(root, end, 20000);
      std::vector<size_t> prices;
      for (size_t g = 0; g < groups.size(); ++g) {
        std::string cur;
        double v;
        if (LooksLikePrice(groups[g].text, &cur, &v)) prices.push_back(g);
      }
      for (size_t k = 0; k < prices.size(); ++k) {
        const Group& pg = groups[prices[k]];
        const int prev = k > 0 ? groups[prices[k - 1]].first : -1;
        const int next = k + 1 < prices.size() ? groups[prices[k + 1]].first : -1;
        int card = pg.first;
        for (int steps = 0; steps < 12; ++steps) {
          int p = dom_[card].parent;
          if (p < 0 || !dom_.Contains(root, p)) break;
          if ((prev >= 0 && dom_.Contains(p, prev)) || (next >= 0 && dom_.Contains(p, next))) break;
          card = p;
        }
        ShoppingItem item;
        item.price = pg.text;
        double v = 0;
        LooksLikePrice(pg.text, &item.currency, &v);
        item.price_value = v;
        const int card_end = dom_[card].end;
        bool after_price = false;
        size_t title_score = 0;
        for (size_t g = 0; g < groups.size(); ++g) {
          const Group& gr = groups[g];
          if (gr.first < card) continue;
          if (gr.first >= card_end) break;
          if (g == prices[k]) {
            after_price = true;
            continue;
          }
          std::string cur;
          double pv;
          if (LooksLikePrice(gr.text, &cur, &pv) || gr.text.front() == '(' || IsAdLabelText(gr.text)) continue;
          // Link text (the product link) beats free text (promotions, shipping notes).
          const bool in_link = (flags_[gr.first] & kFlagInLink) != 0;
          const size_t score = gr.text.size() + (in_link ? 1000 : 0);
          if (score > title_score && gr.text.size() < 300 && !HasCurrencySign(gr.text)) {
            item.title = Unrepeat(gr.text);
            title_score = score;
          }
          if (after_price && item.merchant.empty() && gr.text.size() <= 40) item.merchant = gr.text;
        }
        if (item.merchant == item.title) item.merchant.clear();
        for (int j = card; j < card_end; ++j) {
          if (dom_[j].text || dom_.Tag(j) != GUMBO_TAG_A) continue;
          std::string_view href = dom_.AttrView(j, "href");
          Target t = ResolveHref(href);
          if (!t.url.empty()) {
            item.url = t.url;
            break;
          }
          if (t.click && item.url.empty()) item.url = IsHttpUrl(href) ? std::string(href) : "https://www.google.com" + std::string(href);
        }
        if (item.title.size() < 4) continue;
        // The same product shown twice (card and hover, or a truncated title): keep one.
        std::string key = (item.url.empty() ? item.title : item.url) + "|" + item.price;
        if (!seen.insert(key).second) {
          for (ShoppingItem& prior : page_.shopping) {
            if ((prior.url.empty() ? prior.title : prior.url) + "|" + prior.price != key) continue;
            std::string_view stem(prior.title);
            while (!stem.empty() && (stem.back() == '.' || stem.back() == ' ')) stem.remove_suffix(1);
            if (stem.size() >= 3 && stem.substr(stem.size() - 3) == "\xE2\x80\xA6") stem.remove_suffix(3);  // "…"
            if (stem.size() < prior.title.size() && item.title.size() > stem.size() &&
                item.title.compare(0, stem.size(), stem) == 0) {
              prior.title = item.title;
            }
          }
          continue;
        }
        page_.shopping.push_back(std::move(item));
      }
    }
  }

  // ---- featured snippet -----------------------------------------------------
  void FindFeaturedSnippet() {
    for (const Label& l : labels_) {
      if (l.kind != LabelKind::kFeatured) continue;
      // The first title link after the label is the snippet's source.
      auto it = std::upper_bound(titles_.begin(), titles_.end(), l.element,
                                 [](int v, const TitleLink& t) { return v < t.anchor; });
      if (it == titles_.end()) continue;
      int block = ClimbUntil(l.element, 8, [&](int c) { return dom_.Contains(c, it->anchor); });
      if (block < 0) continue;
      FeaturedSnippet fs;
      fs.title = it->title;
      fs.url = it->target.url;
      size_t best = 0;
      for (const Group& g : Groups(dom_[l.element].end, dom_[block].end, 200)) {
        if (InTitleAnchor(g.first) || g.text.size() <= best) continue;
        if (MatchesLabel(g.text, kFeaturedLabels, false)) continue;
        best = g.text.size();
        fs.text = g.text.substr(0, 1500);
      }
      page_.featured_snippet = std::move(fs);
      return;
    }
  }

  // ---- local pack -------------------------------------------------------------
  void FindLocalPack() {
    std::unordered_set<std::string> seen;
    std::sort(local_links_.begin(), local_links_.end());
    for (int a : local_links_) {
      std::string href(dom_.AttrView(a, "href"));
      std::string abs = !href.empty() && href.front() == '/' ? "https://www.google.com" + href : href;
      std::optional<std::string> id = QueryParam(abs, "ludocid");
      std::string_view cid = dom_.AttrView(a, "data-cid");
      if (!cid.empty()) {
        id = std::string(cid);
        if (!IsHttpUrl(abs)) abs = "https://www.google.com/maps?cid=" + std::string(cid);
      }
      if (!id || id->empty() || !seen.insert(*id).second) continue;
      LocalResult r;
      r.url = abs;
      std::vector<Group> groups = Groups(a, dom_[a].end, 30);
      // The name: a heading inside the link, else its first text line.
      for (int j = a + 1; j < dom_[a].end; ++j) {
        if (dom_[j].text) continue;
        if (dom_.Tag(j) == GUMBO_TAG_H3 || dom_.AttrView(j, "role") == "heading") {
          r.name = dom_.Text(j, 200);
          break;
        }
      }
      if (r.name.empty() && !groups.empty()) r.name = groups.front().text;
      if (r.name.empty()) continue;
      std::string details;
      for (const Group& g : groups) {
        if (g.text == r.name) continue;
        if (!details.empty()) details += " · ";
        details += g.text;
        if (details.size() > 300) break;
      }
      r.details = details;
      page_.local_pack.push_back(std::move(r));
    }
  }

  // ---- videos -------------------------------------------------------------------
  void FindVideos() {
    std::unordered_set<std::string> seen;
    for (const Label& l : labels_) {
      if (l.kind != LabelKind::kVideos || ad_item_[l.element] >= 0) continue;
      const int label_end = dom_[l.element].end;
      auto has_video_link = [&](int c) {
        for (int j = label_end; j < dom_[c].end; ++j) {
          if (!dom_[j].text && dom_.Tag(j) == GUMBO_TAG_A && !ResolveHref(dom_.AttrView(j, "href")).url.empty()) {
            return true;
          }
        }
        return false;
      };
      int block = ClimbUntil(l.element, 5, has_video_link);
      if (block < 0) continue;
      for (int j = label_end; j < dom_[block].end; ++j) {
        if (dom_[j].text || dom_.Tag(j) != GUMBO_TAG_A) continue;
        Target t = ResolveHref(dom_.AttrView(j, "href"));
        if (t.url.empty() || seen.count(t.url) || !IsVideoUrl(t.url)) continue;
        std::string title;
        for (int h = j + 1; h < dom_[j].end; ++h) {
          if (!dom_[h].text && (dom_.Tag(h) == GUMBO_TAG_H3 || dom_.AttrView(h, "role") == "heading")) {
            title = dom_.Text(h, 300);
            break;
          }
        }
        if (title.empty()) title = CollapseSpace(dom_.AttrView(j, "aria-label"));
        if (title.empty()) title = dom_.Text(j, 300);
        if (title.empty()) continue;
        seen.insert(t.url);
        page_.videos.push_back({title, t.url});
        j = dom_[j].end - 1;
      }
    }
    // Organic results on video sites count as videos too.
    for (const OrganicResult& r : page_.organic) {
      if (IsVideoUrl(r.url) && seen.insert(r.url).second) page_.videos.push_back({r.title, r.url});
    }
  }

  // ---- knowledge panel -------------------------------------------------------------
  void FindKnowledgePanel() {
    if (kp_title_ < 0) return;
    KnowledgePanel kp;
    kp.title = dom_.Text(kp_title_, 300);
    if (kp_subtitle_ >= 0) kp.subtitle = dom_.Text(kp_subtitle_, 300);
    if (kp_description_ >= 0) {
      const int d = kp_description_;
      int skip_b = -1, skip_e = -1;  // the "Description" heading
      for (int j = d + 1; j < dom_[d].end; ++j) {
        if (!dom_[j].text && (dom_.Tag(j) == GUMBO_TAG_H2 || dom_.Tag(j) == GUMBO_TAG_H3)) {
          skip_b = j;
          skip_e = dom_[j].end;
          break;
        }
      }
      kp.description = dom_.TextExcept(d, skip_b, skip_e, 1500);
    }
    if (!kp.title.empty()) page_.knowledge_panel = std::move(kp);
  }

  // ---- counts and kind --------------------------------------------------------------
  void FindTotalResults() {
    if (stats_ < 0) return;
    std::string t = dom_.Text(stats_, 300);
    size_t paren = t.find('(');
    if (paren != std::string::npos) t.resize(paren);
    // The longest run of digits with thousands separators.
    int64_t best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < t.size();) {
      if (t[i] < '0' || t[i] > '9') {
        ++i;
        continue;
      }
      int64_t v = 0;
      size_t len = 0;
      size_t j = i;
      while (j < t.size()) {
        char c = t[j];
        if (c >= '0' && c <= '9') {
          if (v < (int64_t{1} << 55)) v = v * 10 + (c - '0');
          ++len;
          ++j;
        } else if ((c == ',' || c == '.' || c == ' ' || c == '\'') && j + 1 < t.size() && t[j + 1] >= '0' &&
                   t[j + 1] <= '9') {
          ++j;
        } else if (static_cast<unsigned char>(c) == 0xC2 && j + 2 < t.size() &&
                   static_cast<unsigned char>(t[j + 1]) == 0xA0) {
          j += 2;
        } else if (static_cast<unsigned char>(c) == 0xE2 && j + 3 < t.size() &&
                   static_cast<unsigned char>(t[j + 2]) == 0xAF) {
          j += 3;
        } else {
          break;
        }
      }
      if (len > best_len) {
        best_len = len;
        best = v;
      }
      i = j;
    }
    if (best >= 0) page_.total_results = best;
  }

  bool TextContainsAny(const std::string_view* phrases, size_t count) const {
    const int n = static_cast<int>(dom_.size());
    for (int i = 0; i < n; ++i) {
      if (!dom_[i].text || (flags_[i] & kFlagHead) != 0) continue;
      std::string_view raw = dom_.RawText(i);
      if (raw.size() < 8) continue;
      for (size_t p = 0; p < count; ++p) {
        if (raw.find(phrases[p]) != std::string_view::npos) return true;
      }
    }
    return false;
  }

  void DecideKind() {
    const bool anything = !page_.organic.empty() || !page_.ads.empty() || !page_.shopping.empty() ||
                          !page_.local_pack.empty() || !page_.paa.empty() || !page_.related.empty();
    if (page_.organic.empty() &&
        (captcha_signal_ || TextContainsAny(kCaptchaPhrases, std::size(kCaptchaPhrases)))) {
      page_.kind = SerpKind::kCaptcha;
      return;
    }
    if (!page_.organic.empty()) {
      page_.kind = SerpKind::kResults;
      return;
    }
    if (TextContainsAny(kNoResultPhrases, std::size(kNoResultPhrases))) {
      page_.kind = SerpKind::kNoResults;
      return;
    }
    page_.kind = anything ? SerpKind::kResults : SerpKind::kUnknown;
  }

  FlatDom dom_;
  SerpPage page_;
  std::vector<uint16_t> flags_;
  std::vector<int32_t> ad_item_;
  std::vector<TitleLink> titles_;
  std::vector<Label> labels_;
  std::vector<int> ad_labels_;
  std::vector<std::pair<int, std::string>> data_q_;
  std::vector<int> brs_;
  std::vector<int> shopping_roots_;
  std::vector<int> local_links_;
  std::vector<int> search_inputs_;
  std::vector<int> paa_blocks_;
  int title_ = -1;
  int kp_title_ = -1;
  int kp_subtitle_ = -1;
  int kp_description_ = -1;
  int stats_ = -1;
  int bing_hints_ = 0;
  int google_hints_ = 0;
  int ddg_hints_ = 0;
  bool captcha_signal_ = false;
};

}  // namespace

std::string_view SerpKindId(SerpKind k) {
  switch (k) {
    case SerpKind::kResults: return "results";
    case SerpKind::kNoResults: return "no_results";
    case SerpKind::kCaptcha: return "captcha";
    case SerpKind::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<SerpKind> SerpKindFromId(std::string_view id) {
  for (SerpKind k : {SerpKind::kResults, SerpKind::kNoResults, SerpKind::kCaptcha, SerpKind::kUnknown}) {
    if (SerpKindId(k) == id) return k;
  }
  return std::nullopt;
}

Result<SerpPage> ParseSerp(std::string_view html, const SerpParseOptions& options) {
  if (html.size() > options.max_bytes) {
    return Status::InvalidArgument("page of " + std::to_string(html.size()) + " bytes is larger than the " +
                                   std::to_string(options.max_bytes) + "-byte limit");
  }
  int nesting = internal::EstimateNesting(html);
  if (nesting > options.max_nesting) {
    return Status::ParseError("HTML nests elements about " + std::to_string(nesting) + " levels deep (limit " +
                              std::to_string(options.max_nesting) + "): not a result page, refused");
  }
  size_t attributes = internal::EstimateMaxAttributes(html);
  if (attributes > options.max_attributes) {
    return Status::ParseError("HTML has a tag with about " + std::to_string(attributes) + " attributes (limit " +
                              std::to_string(options.max_attributes) + "): not a result page, refused");
  }
  SerpParser parser(html);
  return parser.Run();
}

}  // namespace kr::crawler
