// SERP parsing speed: parse + extract (ParseSerp) beside bare Gumbo parsing
// of the same pages, in the same run, on one core.
//
//   serp_bench [DIR] [ROUNDS]
//
// DIR defaults to ../shared/data/serp_html beside the checkout (or
// $KLANTREIS_SHARED/data/serp_html); every *.html below it is used.
// Prints pages/s and MB/s (1 MB = 10^6 bytes) per method, the median of
// ROUNDS (default 5) rounds over all pages:
//   gumbo         gumbo_parse + gumbo_destroy_output, default options
//   gumbo-arena   Gumbo as ParseSerp drives it (arena allocator, no error
//                 recording), tree released at once
//   parse+extract ParseSerp: the above plus flattening and every block
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "klantreis/core/text.h"
#include "klantreis/crawler/serp.h"

namespace fs = std::filesystem;

namespace {

struct Arena {
  std::vector<char*> blocks;
  char* cur = nullptr;
  size_t left = 0;
  ~Arena() {
    for (char* b : blocks) std::free(b);
  }
  void* Alloc(size_t n) {
    n = (n + 15) & ~size_t{15};
    if (n > left) {
      size_t size = std::max<size_t>(n, 1u << 20);
      char* b = static_cast<char*>(std::malloc(size));
      if (b == nullptr) std::abort();
      blocks.push_back(b);
      cur = b;
      left = size;
    }
    void* p = cur;
    cur += n;
    left -= n;
    return p;
  }
};
void* ArenaAlloc(void* u, size_t n) { return static_cast<Arena*>(u)->Alloc(n); }
void ArenaFree(void*, void*) {}

std::string DefaultDir() {
  if (const char* env = std::getenv("KLANTREIS_SHARED")) return std::string(env) + "/data/serp_html";
  fs::path src = fs::path(KR_SOURCE_DIR);  // the checkout
  return (src.parent_path() / "shared" / "data" / "serp_html").string();
}

double Seconds(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double MedianOf(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 && argv[1][0] != '\0' ? argv[1] : DefaultDir();
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<std::string> pages;
  size_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().extension() != ".html") continue;
    auto html = kr::ReadFile(it->path().string());
    if (!html.ok()) {
      std::fprintf(stderr, "serp_bench: %s\n", html.status().message().c_str());
      return 1;
    }
    bytes += html->size();
    pages.push_back(std::move(html).value());
  }
  if (pages.empty()) {
    std::fprintf(stderr, "serp_bench: no .html pages under %s\n", dir.c_str());
    return 1;
  }

  // The methods take turns within each round, so load changes on a shared
  // machine hit all three alike.
  size_t sink = 0;  // keeps the work observable
  size_t found = 0;
  std::vector<double> gumbo_t, arena_t, serp_t;
  for (int r = 0; r < rounds; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (const std::string& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      sink += out->root->v.element.children.length;
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
    gumbo_t.push_back(Seconds(start));
    start = std::chrono::steady_clock::now();
    for (const std::string& p : pages) {
      Arena arena;
      GumboOptions o = kGumboDefaultOptions;
      o.allocator = &ArenaAlloc;
      o.deallocator = &ArenaFree;
      o.userdata = &arena;
      o.max_errors = 0;
      GumboOutput* out = gumbo_parse_with_options(&o, p.data(), p.size());
      sink += out->root->v.element.children.length;
    }
    arena_t.push_back(Seconds(start));
    start = std::chrono::steady_clock::now();
    for (const std::string& p : pages) {
      auto res = kr::crawler::ParseSerp(p);
      if (res.ok()) found += res->organic.size() + res->paa.size() + res->related.size();
    }
    serp_t.push_back(Seconds(start));
  }
  const double t_gumbo = MedianOf(gumbo_t), t_arena = MedianOf(arena_t), t_serp = MedianOf(serp_t);

  const double mb = static_cast<double>(bytes) / 1e6;
  const double n = static_cast<double>(pages.size());
  std::printf("serp_bench: %zu pages, %.2f MB, median of %d rounds, one core\n", pages.size(), mb, rounds);
  std::printf("%-14s %10s %10s %10s\n", "method", "pages/s", "MB/s", "ms/page");
  auto row = [&](const char* name, double t) {
    std::printf("%-14s %10.1f %10.1f %10.2f\n", name, n / t, mb / t, 1000.0 * t / n);
  };
  row("gumbo", t_gumbo);
  row("gumbo-arena", t_arena);
  row("parse+extract", t_serp);
  std::printf("extraction on top of Gumbo (as driven): %.1f%% of the time; vs bare gumbo: %+.1f%%\n",
              100.0 * (t_serp - t_arena) / t_serp, 100.0 * (t_serp - t_gumbo) / t_gumbo);
  std::printf("(checksum %zu %zu)\n", sink, found);
  return 0;
}
