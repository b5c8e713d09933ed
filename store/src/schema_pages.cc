// Keys and values of site crawls (schema.h: crawl_key, page_key): values
// are a version byte and a JSON object, so page fields can be added freely.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "klantreis/store/schema.h"

namespace kr::store::schema {
namespace {

using nlohmann::json;

std::string Fixed32(uint32_t v) { return EncodeFixed32BE(v); }

std::string Dump(const json& j) {
  std::string out(1, static_cast<char>(kValueVersion));
  out += j.dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

Status Load(std::string_view value, std::string_view what, json* out) {
  if (value.empty()) return Status::Corruption("malformed " + std::string(what) + " value (empty)");
  uint8_t v = static_cast<uint8_t>(value[0]);
  if (v != kValueVersion) {
    return Status::Corruption(std::string(what) + " value has version " + std::to_string(v) +
                              " (written by a newer klantreis?)");
  }
  *out = json::parse(value.substr(1), nullptr, false);
  if (out->is_discarded() || !out->is_object()) return Status::Corruption("malformed " + std::string(what) + " value");
  return Status::Ok();
}

template <typename T>
void Get(const json& j, const char* name, T* out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return;
  try {
    *out = it->get<T>();
  } catch (const json::exception&) {
    // a field of the wrong type keeps its default
  }
}

}  // namespace

std::string CrawlKey(uint32_t crawl_no) { return std::string(1, kCrawlPrefix) + Fixed32(crawl_no); }

std::string CrawlId(uint32_t crawl_no) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "w%06u", crawl_no);
  return buf;
}

std::string PagePrefix(uint32_t crawl_no) { return std::string(1, kPagePrefix) + Fixed32(crawl_no); }

std::string PageKey(uint32_t crawl_no, std::string_view url) {
  std::string k = PagePrefix(crawl_no);
  k.append(url);
  return k;
}

std::string EncodeCrawlValue(const CrawlRun& r) {
  json j;
  j["state"] = r.committed ? "committed" : "pending";
  j["site"] = r.site;
  j["start_urls"] = r.start_urls;
  j["started_at"] = r.started_at;
  j["finished_at"] = r.finished_at;
  j["pages"] = r.pages;
  j["interrupted"] = r.interrupted;
  j["stopped_by"] = r.stopped_by;
  json summary = r.summary_json.empty() ? json() : json::parse(r.summary_json, nullptr, false);
  j["summary"] = summary.is_discarded() ? json() : summary;
  return Dump(j);
}

Status DecodeCrawlValue(std::string_view value, CrawlRun* out) {
  json j;
  KR_RETURN_IF_ERROR(Load(value, "crawl", &j));
  std::string state;
  Get(j, "state", &state);
  out->committed = state == "committed";
  Get(j, "site", &out->site);
  Get(j, "start_urls", &out->start_urls);
  Get(j, "started_at", &out->started_at);
  Get(j, "finished_at", &out->finished_at);
  Get(j, "pages", &out->pages);
  Get(j, "interrupted", &out->interrupted);
  Get(j, "stopped_by", &out->stopped_by);
  auto it = j.find("summary");
  out->summary_json = (it == j.end() || it->is_null()) ? "" : it->dump(-1, ' ', false, json::error_handler_t::replace);
  return Status::Ok();
}

std::string EncodePageValue(const WebPage& p) {
  json j;
  j["url"] = p.url;
  j["final_url"] = p.final_url;
  j["status"] = p.status;
  j["redirects"] = p.redirects;
  j["redirect_outside"] = p.redirect_outside;
  j["content_type"] = p.content_type;
  j["html"] = p.html;
  j["canonical"] = p.canonical;
  j["meta_robots"] = p.meta_robots;
  j["x_robots_tag"] = p.x_robots_tag;
  j["noindex"] = p.noindex;
  j["nofollow"] = p.nofollow;
  j["title"] = p.title;
  j["description"] = p.description;
  j["h1"] = p.h1;
  j["h2"] = p.h2;
  j["h3"] = p.h3;
  j["words"] = p.words;
  if (!p.terms.empty()) j["terms"] = p.terms;
  j["lang"] = p.lang;
  j["internal_links"] = p.internal_links;
  j["external_links"] = p.external_links;
  j["bytes"] = p.bytes;
  j["truncated"] = p.truncated;
  j["depth"] = p.depth;
  j["in_sitemap"] = p.in_sitemap;
  j["robots_blocked"] = p.robots_blocked;
  j["error"] = p.error;
  j["fetched_at"] = p.fetched_at;
  j["fetch_ms"] = p.fetch_ms;
  j["indexable"] = p.indexable;
  return Dump(j);
}

Status DecodePageValue(std::string_view value, WebPage* p) {
  json j;
  KR_RETURN_IF_ERROR(Load(value, "page", &j));
  Get(j, "url", &p->url);
  Get(j, "final_url", &p->final_url);
  Get(j, "status", &p->status);
  Get(j, "redirects", &p->redirects);
  Get(j, "redirect_outside", &p->redirect_outside);
  Get(j, "content_type", &p->content_type);
  Get(j, "html", &p->html);
  Get(j, "canonical", &p->canonical);
  Get(j, "meta_robots", &p->meta_robots);
  Get(j, "x_robots_tag", &p->x_robots_tag);
  Get(j, "noindex", &p->noindex);
  Get(j, "nofollow", &p->nofollow);
  Get(j, "title", &p->title);
  Get(j, "description", &p->description);
  Get(j, "h1", &p->h1);
  Get(j, "h2", &p->h2);
  Get(j, "h3", &p->h3);
  Get(j, "words", &p->words);
  Get(j, "terms", &p->terms);
  Get(j, "lang", &p->lang);
  Get(j, "internal_links", &p->internal_links);
  Get(j, "external_links", &p->external_links);
  Get(j, "bytes", &p->bytes);
  Get(j, "truncated", &p->truncated);
  Get(j, "depth", &p->depth);
  Get(j, "in_sitemap", &p->in_sitemap);
  Get(j, "robots_blocked", &p->robots_blocked);
  Get(j, "error", &p->error);
  Get(j, "fetched_at", &p->fetched_at);
  Get(j, "fetch_ms", &p->fetch_ms);
  Get(j, "indexable", &p->indexable);
  return Status::Ok();
}

}  // namespace kr::store::schema
