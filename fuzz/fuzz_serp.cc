// SERP parsing (crawler::ParseSerp, Gumbo underneath) on arbitrary HTML,
// with the JSON round trip the store uses. Invariants: a page that parses
// serialises to JSON (every string valid UTF-8), reads back, and serialises
// to the same JSON; organic positions run 1..n.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "klantreis/crawler/serp.h"

using kr::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  kr::crawler::SerpParseOptions options;
  options.max_bytes = 1u << 20;
  auto page = kr::crawler::ParseSerp(html, options);
  if (!page.ok()) {
    Require(!page.status().message().empty(), "a refused page without a message");
    return 0;
  }
  for (size_t i = 0; i < page->organic.size(); ++i) {
    Require(page->organic[i].position == static_cast<int>(i) + 1, "organic positions are not 1..n");
  }
  const std::string json = kr::crawler::SerpPageToJson(*page, 0);
  kr::fuzz::RequireUtf8(json, "the SERP JSON is not valid UTF-8");
  auto back = kr::crawler::SerpPageFromJson(json, "fuzz");
  Require(back.ok(), "the SERP JSON does not read back");
  Require(kr::crawler::SerpPageToJson(*back, 0) == json, "the SERP JSON round trip changes the page");
  return 0;
}
