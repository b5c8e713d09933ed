// The parsed SERP record as JSON (nlohmann::json, ordered keys so the
// output reads in page order and is byte-stable for the same page).
#include <nlohmann/json.hpp>

#include "klantreis/crawler/serp.h"

namespace kr::crawler {
namespace {

using Json = nlohmann::ordered_json;

Json ToJson(const SerpPage& p) {
  Json j;
  j["kind"] = std::string(SerpKindId(p.kind));
  j["engine"] = p.engine;
  j["query"] = p.query;
  j["ui_lang"] = p.ui_lang;
  j["total_results"] = p.total_results ? Json(*p.total_results) : Json(nullptr);
  Json organic = Json::array();
  for (const OrganicResult& r : p.organic) {
    organic.push_back({{"position", r.position},
                       {"title", r.title},
                       {"url", r.url},
                       {"displayed_url", r.displayed_url},
                       {"snippet", r.snippet}});
  }
  j["organic"] = std::move(organic);
  Json ads = Json::array();
  for (const AdResult& a : p.ads) {
    ads.push_back({{"position", a.position},
                   {"placement", a.placement},
                   {"title", a.title},
                   {"url", a.url},
                   {"displayed_url", a.displayed_url}});
  }
  j["ads"] = std::move(ads);
  Json shopping = Json::array();
  for (const ShoppingItem& s : p.shopping) {
    shopping.push_back({{"title", s.title},
                        {"url", s.url},
                        {"price", s.price},
                        {"price_value", s.price_value ? Json(*s.price_value) : Json(nullptr)},
                        {"currency", s.currency},
                        {"merchant", s.merchant}});
  }
  j["shopping"] = std::move(shopping);
  if (p.featured_snippet) {
    j["featured_snippet"] = {{"text", p.featured_snippet->text},
                             {"title", p.featured_snippet->title},
                             {"url", p.featured_snippet->url}};
  } else {
    j["featured_snippet"] = nullptr;
  }
  j["paa"] = p.paa;
  j["related"] = p.related;
  Json local = Json::array();
  for (const LocalResult& l : p.local_pack) {
    local.push_back({{"name", l.name}, {"url", l.url}, {"details", l.details}});
  }
  j["local_pack"] = std::move(local);
  Json videos = Json::array();
  for (const VideoResult& v : p.videos) videos.push_back({{"title", v.title}, {"url", v.url}});
  j["videos"] = std::move(videos);
  if (p.knowledge_panel) {
    j["knowledge_panel"] = {{"title", p.knowledge_panel->title},
                            {"subtitle", p.knowledge_panel->subtitle},
                            {"description", p.knowledge_panel->description}};
  } else {
    j["knowledge_panel"] = nullptr;
  }
  return j;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

std::string SerpPageToJson(const SerpPage& page, int indent) {
  // Page text may hold invalid UTF-8 (a mis-declared charset): replace it
  // rather than let the JSON writer throw.
  return ToJson(page).dump(indent, ' ', false, Json::error_handler_t::replace);
}

Result<SerpPage> SerpPageFromJson(std::string_view text, const std::string& source) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::ParseError(source + ": not a JSON object");
  SerpPage p;
  auto kind = SerpKindFromId(Str(j, "kind"));
  if (!kind) return Status::ParseError(source + ": key 'kind': unknown value '" + Str(j, "kind") + "'");
  p.kind = *kind;
  p.engine = Str(j, "engine");
  p.query = Str(j, "query");
  p.ui_lang = Str(j, "ui_lang");
  if (auto it = j.find("total_results"); it != j.end() && it->is_number_integer()) p.total_results = it->get<int64_t>();
  auto arr = [&](const char* key) -> const Json* {
    auto it = j.find(key);
    return (it != j.end() && it->is_array()) ? &*it : nullptr;
  };
  if (const Json* a = arr("organic")) {
    for (const Json& r : *a) {
      if (!r.is_object()) continue;
      OrganicResult o;
      o.position = r.value("position", 0);
      o.title = Str(r, "title");
      o.url = Str(r, "url");
      o.displayed_url = Str(r, "displayed_url");
      o.snippet = Str(r, "snippet");
      p.organic.push_back(std::move(o));
    }
  }
  if (const Json* a = arr("ads")) {
    for (const Json& r : *a) {
      if (!r.is_object()) continue;
      AdResult o;
      o.position = r.value("position", 0);
      o.placement = Str(r, "placement");
      o.title = Str(r, "title");
      o.url = Str(r, "url");
      o.displayed_url = Str(r, "displayed_url");
      p.ads.push_back(std::move(o));
    }
  }
  if (const Json* a = arr("shopping")) {
    for (const Json& r : *a) {
      if (!r.is_object()) continue;
      ShoppingItem s;
      s.title = Str(r, "title");
      s.url = Str(r, "url");
      s.price = Str(r, "price");
      if (auto it = r.find("price_value"); it != r.end() && it->is_number()) s.price_value = it->get<double>();
      s.currency = Str(r, "currency");
      s.merchant = Str(r, "merchant");
      p.shopping.push_back(std::move(s));
    }
  }
  if (auto it = j.find("featured_snippet"); it != j.end() && it->is_object()) {
    p.featured_snippet = FeaturedSnippet{Str(*it, "text"), Str(*it, "title"), Str(*it, "url")};
  }
  for (const char* key : {"paa", "related"}) {
    if (const Json* a = arr(key)) {
      auto& out = std::string_view(key) == "paa" ? p.paa : p.related;
      for (const Json& s : *a) {
        if (s.is_string()) out.push_back(s.get<std::string>());
      }
    }
  }
  if (const Json* a = arr("local_pack")) {
    for (const Json& r : *a) {
      if (r.is_object()) p.local_pack.push_back({Str(r, "name"), Str(r, "url"), Str(r, "details")});
    }
  }
  if (const Json* a = arr("videos")) {
    for (const Json& r : *a) {
      if (r.is_object()) p.videos.push_back({Str(r, "title"), Str(r, "url")});
    }
  }
  if (auto it = j.find("knowledge_panel"); it != j.end() && it->is_object()) {
    p.knowledge_panel = KnowledgePanel{Str(*it, "title"), Str(*it, "subtitle"), Str(*it, "description")};
  }
  return p;
}

}  // namespace kr::crawler
