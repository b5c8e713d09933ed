// ParseSerp over every saved page in ../shared/data/serp_html (kinds,
// engines, queries, the values PROVENANCE.md states), over synthetic pages
// for each localized label, and over broken input.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "klantreis/crawler/serp.h"
#include "klantreis/testutil.h"

namespace kr::crawler {
namespace {

using testutil::ReadAll;

SerpPage ParseFile(const std::string& path) {
  auto r = ParseSerp(ReadAll(path));
  EXPECT_TRUE(r.ok()) << path << ": " << r.status().ToString();
  return r.ok() ? *r : SerpPage{};
}

bool HostIs(const std::string& url, const std::string& host) {
  std::string h = UrlHost(url);
  return h == host || (h.size() > host.size() && h.compare(h.size() - host.size() - 1, std::string::npos, "." + host) == 0);
}

// ---- every page: kind, engine, query --------------------------------------

struct PageCase {
  const char* file;
  SerpKind kind;
  const char* engine;
  const char* query;
};

const PageCase kPages[] = {
    {"zlurad_serp-parser/google_desktop_google.html", SerpKind::kResults, "google", "google"},
    {"zlurad_serp-parser/google_desktop_featured-snippet.html", SerpKind::kResults, "google", "featured snippet"},
    {"zlurad_serp-parser/google_desktop_domain.html", SerpKind::kResults, "google", "domain"},
    {"zlurad_serp-parser/google_desktop_dell.html", SerpKind::kResults, "google", "dell xps 13 buy"},
    {"zlurad_serp-parser/google_desktop_hotels-london.html", SerpKind::kResults, "google", "top hotels london"},
    {"zlurad_serp-parser/google_desktop_no-results.html", SerpKind::kNoResults, "google",
     "324j23i4jkdfjklndsklfmsdkl;fsdfds"},
    {"zlurad_serp-parser/google_desktop_recaptcha.html", SerpKind::kCaptcha, "google", ".com domains"},
    {"zlurad_serp-parser/google_mobile_google.html", SerpKind::kResults, "google", "google"},
    {"zlurad_serp-parser/google_nojs_coffee-nojs.html", SerpKind::kResults, "google", "coffee"},
    {"zlurad_serp-parser/google_nojs_domain-nojs.html", SerpKind::kResults, "google", "domain"},
    {"zlurad_serp-parser/google_nojs_google100-nojs.html", SerpKind::kResults, "google", "google"},
    {"zlurad_serp-parser/google_nojs_no-results-nojs.html", SerpKind::kNoResults, "google",
     "sfl234dsf14sfj323JJJJJfa345fdf45"},
    {"zlurad_serp-parser/bing_nojs_coffee-nojs.html", SerpKind::kResults, "bing", "coffee"},
    {"serp-spider_search-engine-google/google_nl-ui_florida-usa.html", SerpKind::kResults, "google", "florida usa"},
    {"serp-spider_search-engine-google/google_fr_plombier-paris.html", SerpKind::kResults, "google", "plombier paris"},
    {"serp-spider_search-engine-google/google_fr_acheter-kobo.html", SerpKind::kResults, "google", "acheter kobo"},
    {"serp-spider_search-engine-google/google_mobile_fr_plombier-nantes.html", SerpKind::kResults, "google",
     "plombier nantes"},
    {"serp-spider_search-engine-google/google_es_alarmas-para-casa.html", SerpKind::kResults, "google",
     "alarmas para casa"},
    {"serp-spider_search-engine-google/google_de_mobile-device-management.html", SerpKind::kResults, "google",
     "mobile device management"},
    {"serp-spider_search-engine-google/google_en_cheap-video-editing-software-mac.html", SerpKind::kResults, "google",
     "cheap video editing software mac"},
    {"serp-spider_search-engine-google/google_en-au_simpsons-poster_ads.html", SerpKind::kResults, "google",
     "simpsons poster"},
    {"serp-spider_search-engine-google/google_captcha.html", SerpKind::kCaptcha, "google", "azd"},
    {"NikolaiT_se-scraper/google_fr_cheap-lacoste-shoes_shopping.html", SerpKind::kResults, "google",
     "cheap lacoste shoes"},
    {"NikolaiT_se-scraper/duckduckgo_test-keyword_page1.html", SerpKind::kResults, "duckduckgo", "test keyword"},
    {"NikolaiT_se-scraper/duckduckgo_test-keyword_page3.html", SerpKind::kResults, "duckduckgo", "test keyword"},
};

class EveryPage : public ::testing::TestWithParam<PageCase> {};

TEST_P(EveryPage, DetectsKindEngineAndQuery) {
  const PageCase& c = GetParam();
  KR_REQUIRE_SHARED(path, std::string("data/serp_html/") + c.file);
  SerpPage p = ParseFile(path);
  EXPECT_EQ(SerpKindId(p.kind), SerpKindId(c.kind)) << c.file;
  EXPECT_EQ(p.engine, c.engine) << c.file;
  EXPECT_EQ(p.query, c.query) << c.file;
  if (c.kind == SerpKind::kResults) {
    EXPECT_FALSE(p.organic.empty()) << c.file;
    for (const OrganicResult& r : p.organic) {
      EXPECT_FALSE(r.title.empty()) << c.file;
      EXPECT_TRUE(r.url.rfind("http", 0) == 0) << c.file << ": " << r.url;
    }
  } else {
    EXPECT_TRUE(p.organic.empty()) << c.file;
    EXPECT_TRUE(SerpEvidence(p).empty() || c.kind == SerpKind::kNoResults) << c.file;
  }
}

INSTANTIATE_TEST_SUITE_P(SerpHtml, EveryPage, ::testing::ValuesIn(kPages), [](const auto& info) {
  std::string n = info.param.file;
  n = n.substr(n.find('/') + 1);
  n = n.substr(0, n.rfind('.'));
  std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
});

TEST(SerpHtmlFolder, EveryPageIsInTheTable) {
  KR_REQUIRE_SHARED(prov, "data/serp_html/PROVENANCE.md");
  std::string text = ReadAll(prov);
  for (const PageCase& c : kPages) {
    std::string base = std::string(c.file).substr(std::string(c.file).find('/') + 1);
    EXPECT_NE(text.find(base), std::string::npos) << base << " not in PROVENANCE.md";
  }
  EXPECT_EQ(std::size(kPages), 25u);  // "25 saved SERPs" (../README.md)
}

// ---- values stated in PROVENANCE.md (upstream assertions) -----------------

TEST(SerpProvenance, GoogleDesktopGoogle) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_google.html");
  SerpPage p = ParseFile(path);
  ASSERT_TRUE(p.total_results.has_value());
  EXPECT_EQ(*p.total_results, 25150000000);
  ASSERT_EQ(p.organic.size(), 9u);
  EXPECT_EQ(p.organic[1].url, "https://www.google.com/");
  EXPECT_EQ(p.organic[3].title, "Google Maps");
  EXPECT_EQ(p.related.size(), 8u);
  EXPECT_TRUE(p.ads.empty());
  ASSERT_TRUE(p.knowledge_panel.has_value());
  EXPECT_EQ(p.knowledge_panel->title, "Google");
}

TEST(SerpProvenance, FeaturedSnippetIsFirstOfTenResults) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_featured-snippet.html");
  SerpPage p = ParseFile(path);
  ASSERT_EQ(p.organic.size(), 10u);
  EXPECT_TRUE(HostIs(p.organic[0].url, "developers.google.com")) << p.organic[0].url;
  ASSERT_TRUE(p.featured_snippet.has_value());
  EXPECT_EQ(p.featured_snippet->title, "Featured Snippets and Your Website | Google Search Central");
  EXPECT_TRUE(HostIs(p.featured_snippet->url, "developers.google.com"));
  EXPECT_NE(p.featured_snippet->text.find("special boxes"), std::string::npos);
  EXPECT_FALSE(p.paa.empty());
}

TEST(SerpProvenance, DomainHasTwoTopTextAds) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_domain.html");
  SerpPage p = ParseFile(path);
  ASSERT_EQ(p.ads.size(), 2u);
  EXPECT_EQ(p.ads[0].title, "Buy Domain Names - Save On .com Domain Names");
  EXPECT_TRUE(HostIs(p.ads[0].url, "godaddy.com")) << p.ads[0].url;
  EXPECT_EQ(p.ads[0].placement, "top");
  EXPECT_EQ(p.ads[1].placement, "top");
  EXPECT_FALSE(p.paa.empty());
  EXPECT_FALSE(p.related.empty());
  // Ad sitelinks ("Domain Name Generator") are part of the ad, not organic results.
  for (const OrganicResult& r : p.organic) EXPECT_NE(r.title, "Domain Name Generator");
}

TEST(SerpProvenance, DellShoppingResults) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_dell.html");
  SerpPage p = ParseFile(path);
  ASSERT_FALSE(p.shopping.empty());
  const ShoppingItem& s = p.shopping[0];
  EXPECT_EQ(s.title.rfind("Dell XPS 13.3 inch Touchscreen Laptop", 0), 0u) << s.title;
  ASSERT_TRUE(s.price_value.has_value());
  EXPECT_DOUBLE_EQ(*s.price_value, 1034.98);
  EXPECT_EQ(s.currency, "$");
  EXPECT_EQ(s.merchant, "Walmart");
  EXPECT_FALSE(p.paa.empty());
}

TEST(SerpProvenance, HotelsLondonHasAds) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_hotels-london.html");
  SerpPage p = ParseFile(path);
  EXPECT_FALSE(p.ads.empty());
  EXPECT_FALSE(p.organic.empty());
}

TEST(SerpProvenance, NoJsGoogle100) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_nojs_google100-nojs.html");
  SerpPage p = ParseFile(path);
  ASSERT_EQ(p.organic.size(), 99u);
  EXPECT_EQ(p.organic[2].title, "Google Maps");
  // /url?q= links are resolved to their target.
  for (const OrganicResult& r : p.organic) EXPECT_EQ(r.url.find("/url?"), std::string::npos) << r.url;
}

TEST(SerpProvenance, NoJsCoffeeHasPaaAndRelated) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_nojs_coffee-nojs.html");
  SerpPage p = ParseFile(path);
  EXPECT_EQ(p.paa.size(), 4u);
  EXPECT_EQ(p.paa[0], "Which is the best coffee brand?");
  EXPECT_EQ(p.related.size(), 8u);
}

TEST(SerpProvenance, NoJsDomainHasTopAndBottomAds) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_nojs_domain-nojs.html");
  SerpPage p = ParseFile(path);
  bool top = false, bottom = false;
  for (const AdResult& a : p.ads) {
    top |= a.placement == "top";
    bottom |= a.placement == "bottom";
  }
  EXPECT_TRUE(top);
  EXPECT_TRUE(bottom);
}

TEST(SerpProvenance, BingCoffeeHasAdsPaaAndRelated) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/bing_nojs_coffee-nojs.html");
  SerpPage p = ParseFile(path);
  ASSERT_EQ(p.ads.size(), 8u);  // the same 4 ads above and below the results
  EXPECT_EQ(p.ads[0].placement, "top");
  EXPECT_EQ(p.ads[7].placement, "bottom");
  // "Images of Coffee" links to Bing's own image search: not a result.
  for (const OrganicResult& r : p.organic) EXPECT_EQ(UrlHost(r.url).find("bing.com"), std::string::npos) << r.url;
  EXPECT_EQ(p.paa.size(), 4u);  // Bing repeats each question (collapsed and expanded): kept once
  EXPECT_EQ(p.related.size(), 8u);
  EXPECT_EQ(p.related[0], "coffee time");
}

TEST(SerpProvenance, NoResultsPagesHaveNoResults) {
  KR_REQUIRE_SHARED(path, "data/serp_html/zlurad_serp-parser/google_desktop_no-results.html");
  SerpPage p = ParseFile(path);
  EXPECT_EQ(p.kind, SerpKind::kNoResults);
  EXPECT_TRUE(p.organic.empty());
  EXPECT_EQ(p.total_results.value_or(-1), 0);
}

// ---- localized pages -------------------------------------------------------

TEST(SerpLocalized, DutchUiRelatedSearches) {
  KR_REQUIRE_SHARED(path, "data/serp_html/serp-spider_search-engine-google/google_nl-ui_florida-usa.html");
  SerpPage p = ParseFile(path);
  EXPECT_EQ(p.ui_lang, "nl");
  EXPECT_EQ(p.related.size(), 8u);  // "Zoekopdrachten gerelateerd aan florida usa"
  EXPECT_EQ(p.organic.size(), 9u);
}

TEST(SerpLocalized, FrenchPlombierAdsLocalPackRelated) {
  KR_REQUIRE_SHARED(path, "data/serp_html/serp-spider_search-engine-google/google_fr_plombier-paris.html");
  SerpPage p = ParseFile(path);
  EXPECT_EQ(p.ads.size(), 7u);  // 4 top + 3 bottom, labelled "Annonce"
  EXPECT_EQ(std::count_if(p.ads.begin(), p.ads.end(), [](const AdResult& a) { return a.placement == "bottom"; }), 3);
  EXPECT_EQ(p.local_pack.size(), 3u);
  EXPECT_EQ(p.local_pack[0].name, "Plombier Paris - Sarl Art");
  EXPECT_EQ(p.related.size(), 8u);  // "Recherches associées à plombier paris"
  // "Recherches associées" inside ads (follow-up suggestions) are not related searches.
  for (const std::string& r : p.related) EXPECT_EQ(r.find("Recherches"), std::string::npos);
}

TEST(SerpLocalized, FrenchKoboShoppingAndPaa) {
  KR_REQUIRE_SHARED(path, "data/serp_html/serp-spider_search-engine-google/google_fr_acheter-kobo.html");
  SerpPage p = ParseFile(path);
  EXPECT_FALSE(p.shopping.empty());
  ASSERT_EQ(p.paa.size(), 4u);  // "Autres questions posées"
  EXPECT_EQ(p.paa[0], "Comment acheter sur Kobo ?");
}

TEST(SerpLocalized, SpanishAndGermanAds) {
  KR_REQUIRE_SHARED(es, "data/serp_html/serp-spider_search-engine-google/google_es_alarmas-para-casa.html");
  KR_REQUIRE_SHARED(de, "data/serp_html/serp-spider_search-engine-google/google_de_mobile-device-management.html");
  SerpPage pes = ParseFile(es);
  EXPECT_EQ(pes.ads.size(), 7u);  // "Anuncio": 4 top, 3 bottom
  SerpPage pde = ParseFile(de);
  EXPECT_EQ(pde.ads.size(), 7u);  // "Anzeige": 4 top, 3 bottom
  EXPECT_EQ(pde.related.size(), 8u);  // "Ähnliche Suchanfragen zu ..."
}

TEST(SerpLocalized, MobileFrenchAdsAndRelated) {
  KR_REQUIRE_SHARED(path, "data/serp_html/serp-spider_search-engine-google/google_mobile_fr_plombier-nantes.html");
  SerpPage p = ParseFile(path);
  EXPECT_FALSE(p.ads.empty());
  EXPECT_FALSE(p.related.empty());
  EXPECT_FALSE(p.local_pack.empty());
}

// Minimal pages in the layouts' shape, one per label: the label alone must
// identify the block.
struct LabelCase {
  const char* paa_label;
  const char* related_label;
  const char* ad_label;
};

const LabelCase kLabels[] = {
    {"Mensen vragen ook", "Gerelateerde zoekopdrachten", "Gesponsord"},
    {"Meer om te vragen", "Gerelateerde zoekopdrachten", "Advertentie"},
    {"Vragen van anderen", "Zoekopdrachten gerelateerd aan fiets kopen", "Ad"},
    {"People also ask", "Related searches", "Sponsored"},
    {"Autres questions posées", "Recherches associées", "Annonce"},
    {"Ähnliche Fragen", "Ähnliche Suchanfragen", "Anzeige"},
    {"Más preguntas", "Búsquedas relacionadas", "Anuncio"},
};

std::string SyntheticPage(const LabelCase& c) {
  std::string h = "<html lang=\"nl\"><head><title>fiets kopen - Google zoeken</title></head><body>";
  h += "<form><input name=\"q\" value=\"fiets kopen\"></form><div id=\"center_col\"><div>";
  h += "<div><span>" + std::string(c.ad_label) + "</span><a href=\"https://shop.example/fiets\">";
  h += "<div role=\"heading\" aria-level=\"3\">Fietsen met korting</div></a><div>Nu 20% korting op alle fietsen in de winkel.</div></div>";
  h += "<div><span>" + std::string(c.ad_label) + "</span><a href=\"https://winkel.example/\">";
  h += "<div role=\"heading\" aria-level=\"3\">Fietswinkel Utrecht</div></a></div>";
  h += "</div><div id=\"rso\">";
  for (int i = 1; i <= 3; ++i) {
    h += "<div><a href=\"https://site" + std::to_string(i) + ".example/p\"><h3>Resultaat " + std::to_string(i) +
         "</h3><cite>site" + std::to_string(i) + ".example</cite></a><div><span>Een beschrijving van resultaat " +
         std::to_string(i) + " met genoeg tekst.</span></div></div>";
    if (i == 1) {
      h += "<div><h2>" + std::string(c.paa_label) + "</h2><div><div>Welke fiets moet ik kopen?</div></div>";
      h += "<div><div>Wat kost een goede fiets?</div></div></div>";
    }
  }
  h += "</div><div><h3>" + std::string(c.related_label) + "</h3>";
  h += "<a href=\"/search?q=fiets+kopen+tweedehands\">fiets kopen tweedehands</a>";
  h += "<a href=\"/search?q=elektrische+fiets+kopen\">elektrische fiets kopen</a>";
  h += "<a href=\"/search?q=fiets+kopen&start=10\">2</a></div></div></body></html>";
  return h;
}

class Labels : public ::testing::TestWithParam<LabelCase> {};

TEST_P(Labels, FindsBlocksByTheirLabel) {
  auto r = ParseSerp(SyntheticPage(GetParam()));
  ASSERT_TRUE(r.ok());
  const SerpPage& p = *r;
  EXPECT_EQ(p.kind, SerpKind::kResults);
  EXPECT_EQ(p.engine, "google");
  EXPECT_EQ(p.query, "fiets kopen");
  ASSERT_EQ(p.organic.size(), 3u) << GetParam().ad_label;
  EXPECT_EQ(p.organic[0].title, "Resultaat 1");
  EXPECT_EQ(p.organic[0].displayed_url, "site1.example");
  EXPECT_EQ(p.organic[0].snippet, "Een beschrijving van resultaat 1 met genoeg tekst.");
  ASSERT_EQ(p.ads.size(), 2u) << GetParam().ad_label;
  EXPECT_EQ(p.ads[0].title, "Fietsen met korting");
  EXPECT_EQ(p.ads[0].placement, "top");
  EXPECT_EQ(p.paa, (std::vector<std::string>{"Welke fiets moet ik kopen?", "Wat kost een goede fiets?"}))
      << GetParam().paa_label;
  EXPECT_EQ(p.related, (std::vector<std::string>{"fiets kopen tweedehands", "elektrische fiets kopen"}))
      << GetParam().related_label;
}

INSTANTIATE_TEST_SUITE_P(Languages, Labels, ::testing::ValuesIn(kLabels));

TEST(SerpLabels, WordsThatMerelyStartLikeALabelAreNotAds) {
  LabelCase c{"People also ask", "Related searches", "Ad"};
  std::string page = SyntheticPage(c);
  // "Adblock" and "Advertentiebureau" are text, not ad labels.
  size_t pos = 0;
  while ((pos = page.find("<span>Ad</span>", pos)) != std::string::npos) page.replace(pos, 15, "<span>Adblock</span>");
  auto r = ParseSerp(page);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ads.empty());
  EXPECT_EQ(r->organic.size(), 5u);
}

// ---- broken input never crashes ------------------------------------------

TEST(SerpRobustness, TruncatedPagesParseWithoutCrashing) {
  KR_REQUIRE_SHARED(dir, "data/serp_html/PROVENANCE.md");
  for (const PageCase& c : kPages) {
    std::string html = ReadAll(testutil::SharedFile(std::string("data/serp_html/") + c.file));
    for (double frac : {0.0, 0.01, 0.1, 0.33, 0.5, 0.77, 0.999}) {
      size_t cut = static_cast<size_t>(static_cast<double>(html.size()) * frac);
      auto r = ParseSerp(std::string_view(html).substr(0, cut));
      ASSERT_TRUE(r.ok()) << c.file << " cut at " << cut;
      std::string json = SerpPageToJson(*r);
      EXPECT_TRUE(SerpPageFromJson(json, "x").ok());
    }
  }
}

TEST(SerpRobustness, ThousandsOfUnclosedTags) {
  KR_REQUIRE_SHARED(path, "data/crawler_fixtures/stormcrawler/html/stackexception.html");
  auto r = ParseSerp(ReadAll(path));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, SerpKind::kUnknown);
}

TEST(SerpRobustness, DeepNestingParsesOrIsRefusedQuickly) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div><span>";
  deep += "<a href=\"https://x.example/\"><h3>diep</h3></a>";
  auto r = ParseSerp(deep);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->organic.size(), 1u);

  std::string deeper;
  for (int i = 0; i < 100000; ++i) deeper += "<div>";
  auto refused = ParseSerp(deeper);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kParseError);
  EXPECT_NE(refused.status().message().find("levels deep"), std::string::npos);
}

TEST(SerpRobustness, NestingCapJustUnderIsParsedJustOverIsRefused) {
  std::string deep;  // 19,998 levels of div, then a and h3: 20,000
  for (int i = 0; i < 19998; ++i) deep += "<div>";
  auto under = ParseSerp(deep + "<a href=\"https://x.example/\"><h3>diep</h3></a>");
  ASSERT_TRUE(under.ok()) << under.status().ToString();
  auto over = ParseSerp(deep + "<div><a href=\"https://x.example/\"><h3>diep</h3></a>");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("about 20001 levels deep (limit 20000)"), std::string::npos)
      << over.status().message();
}

TEST(SerpRobustness, TagWithMoreAttributesThanTheCapIsRefusedBeforeParsing) {
  auto tag = [](size_t n, const std::string& sep) {
    std::string t = "<div";
    for (size_t i = 0; i < n; ++i) t += sep + "a" + std::to_string(i) + "=\"v>" + std::to_string(i) + "\"";
    return t + "><a href=\"https://x.example/\"><h3>titel</h3></a></div>";
  };
  ASSERT_TRUE(ParseSerp(tag(1000, " ")).ok()) << "the default cap (1000) is reached, not passed";
  auto refused = ParseSerp(tag(1001, " "));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kParseError);
  EXPECT_NE(refused.status().message().find("about 1001 attributes (limit 1000)"), std::string::npos)
      << refused.status().message();
  // Gumbo's way of counting: names split by '/' too, values without quotes, names without values.
  SerpParseOptions three;
  three.max_attributes = 3;
  EXPECT_TRUE(ParseSerp("<div a=\"x>y\" b='>' c>t</div>", three).ok());
  EXPECT_FALSE(ParseSerp("<div a/b/c/d>t</div>", three).ok());
  EXPECT_FALSE(ParseSerp("<div a=1 b=2 c d>t</div>", three).ok());
  EXPECT_FALSE(ParseSerp("<p>x</p><img a b c d>", three).ok());
  // Script bodies and comments are no tags; inside <svg> a <style> body is markup.
  EXPECT_TRUE(ParseSerp("<script>if (a<b c d e f) x();</script><!-- <div a b c d> --><p>t</p>", three).ok());
  EXPECT_FALSE(ParseSerp("<!--><div a b c d>t</div>", three).ok()) << "<!--> is an empty comment";
  EXPECT_FALSE(ParseSerp("<svg><style><div a b c d></div></style></svg>", three).ok());
}

TEST(SerpRobustness, GarbageAndEmptyInput) {
  std::mt19937 rng(42);
  const std::string alphabet = "<>/=\"' abcdiv h3a href?#&;\xC3\xA9\xFF\x80";
  for (int n = 0; n < 50; ++n) {
    std::string junk;
    for (int i = 0; i < 5000; ++i) junk.push_back(alphabet[rng() % alphabet.size()]);
    auto j = ParseSerp(junk);
    ASSERT_TRUE(j.ok());
    EXPECT_FALSE(SerpPageToJson(*j).empty());
  }
  EXPECT_TRUE(ParseSerp("").ok());
}

TEST(SerpRobustness, RefusesInputOverTheLimit) {
  SerpParseOptions o;
  o.max_bytes = 10;
  auto r = ParseSerp("<html><body>too long</body></html>", o);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalidArgument());
}

// ---- JSON ------------------------------------------------------------------

TEST(SerpJson, RoundTripsEveryPage) {
  KR_REQUIRE_SHARED(dir, "data/serp_html/PROVENANCE.md");
  for (const PageCase& c : kPages) {
    SerpPage p = ParseFile(testutil::SharedFile(std::string("data/serp_html/") + c.file));
    std::string json = SerpPageToJson(p);
    auto back = SerpPageFromJson(json, c.file);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(SerpPageToJson(*back), json) << c.file;
  }
}

TEST(SerpJson, RejectsNonRecords) {
  auto r = SerpPageFromJson("[1,2]", "snap.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("snap.json"), std::string::npos);
  auto k = SerpPageFromJson(R"({"kind":"weird"})", "snap.json");
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("kind"), std::string::npos);
}

// ---- URL template ----------------------------------------------------------

TEST(SerpUrl, ExpandsTemplate) {
  auto u = ExpandSerpUrl("https://serp-api.example/search?q={query}&hl={lang}", "fiets kopen é&", "nl", "google");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(*u, "https://serp-api.example/search?q=fiets%20kopen%20%C3%A9%26&hl=nl");
  EXPECT_EQ(UrlHost(*u), "serp-api.example");
  EXPECT_FALSE(ExpandSerpUrl("https://serp-api.example/search", "x", "nl", "").ok());
  EXPECT_FALSE(ExpandSerpUrl("ftp://serp-api.example/{query}", "x", "nl", "").ok());
  EXPECT_FALSE(ExpandSerpUrl("https://serp-api.example/{query}?x={bogus}", "x", "nl", "").ok());
}

}  // namespace
}  // namespace kr::crawler
