// Site coverage speed: a project with P generated indexable pages (a plant
// shop: title, h1, two h2, a URL path from a Dutch vocabulary, stored as a
// real crawl) and K generated keywords of 1-5 words from the same
// vocabulary (plus words no page has), streamed through SiteCoverage::Cover
// one at a time, as the report does. Prints the index build time, the
// cover time, keywords/s, covered/gap/cannibalised counts and the peak RSS
// before and after the keywords (memory must not grow with keywords).
//
//   coverage_bench [--keywords N] [--pages P] [--dir DIR]
//
// Not part of ctest; scripts/bench_coverage.sh runs it.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "klantreis/app/coverage.h"
#include "klantreis/app/project.h"
#include "klantreis/crawler/site_crawl.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const char* kWords[] = {
    "kamerplant", "kamerplanten", "monstera", "ficus", "calathea", "hangplant", "vetplant", "cactus", "orchidee",
    "potgrond", "plantenbak", "plantenlamp", "plantvoeding", "kopen", "bestellen", "prijs", "goedkoop", "aanbieding",
    "verpotten", "stekken", "water", "geven", "licht", "schaduw", "groot", "klein", "binnen", "buiten", "badkamer",
    "slaapkamer", "kantoor", "winter", "zomer", "verzorging", "tips", "beste", "makkelijke", "luchtzuiverend",
    "giftig", "katten", "honden", "bladeren", "geel", "bruin", "wortels", "rot", "mest", "keramiek", "terracotta",
    "hangpot", "zelfwater", "pot", "set", "cadeau", "bezorgen", "levering", "retour", "garantie", "review", "ervaring",
    "2024", "10", "top", "soorten", "verschil", "philodendron", "pothos", "sansevieria", "zamioculcas", "alocasia"};
constexpr size_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);
const char* kRare[] = {"tuincentrum", "openingstijden", "zondag", "buurt", "abonnement", "inloggen", "kortingscode"};

double PeakRssMiB() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

}  // namespace

int main(int argc, char** argv) {
  size_t keywords = 100000, pages = 1000;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--keywords")) keywords = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--pages")) pages = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  if (dir.empty()) dir = fs::temp_directory_path() / ("kr-coverage-bench-" + std::to_string(getpid()));
  fs::remove_all(dir);
  if (auto st = kr::app::InitProject(dir, "bench", "nl-NL"); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }
  auto project = kr::app::OpenProject(dir, kr::store::OpenMode::kReadWrite, "");
  if (!project.ok()) {
    std::fprintf(stderr, "%s\n", project.status().ToString().c_str());
    return 1;
  }
  std::mt19937 rng(42);
  auto word = [&] { return std::string(kWords[rng() % kNumWords]); };
  // The crawl: P pages, as the crawler stores them.
  {
    kr::store::CrawlRun run;
    run.site = "http://shop.test";
    run.start_urls = {"http://shop.test/"};
    auto w = project->store->BeginCrawl(run);
    if (!w.ok()) return 1;
    for (size_t i = 0; i < pages; ++i) {
      kr::WebPage p;
      std::string a = word(), b = word(), c = word();
      p.url = "http://shop.test/" + a + "/" + b + "-" + c + "-" + std::to_string(i);
      p.status = 200;
      p.html = true;
      p.content_type = "text/html";
      p.title = a + " " + b + " " + c + " | Groenhuis";
      p.h1 = {b + " " + c};
      p.h2 = {word() + " " + word(), word() + " " + word()};
      p.h3 = {word()};
      p.indexable = kr::crawler::IsIndexable(p);
      if (auto st = (*w)->Add(p); !st.ok()) return 1;
    }
    run.pages = pages;
    if (auto st = (*w)->Commit(run); !st.ok()) return 1;
  }
  const double rss_before = PeakRssMiB();
  auto t0 = Clock::now();
  auto cov = kr::app::SiteCoverage::Build(*project);
  if (!cov.ok()) {
    std::fprintf(stderr, "%s\n", cov.status().ToString().c_str());
    return 1;
  }
  auto t1 = Clock::now();
  const double rss_index = PeakRssMiB();
  size_t covered = 0, cannibalised = 0;
  std::string kw;
  for (size_t i = 0; i < keywords; ++i) {
    kw.clear();
    const int n = 1 + static_cast<int>(rng() % 5);
    for (int j = 0; j < n; ++j) {
      if (j) kw += ' ';
      kw += (rng() % 10 == 0) ? kRare[rng() % 7] : kWords[rng() % kNumWords];
    }
    kr::app::KeywordCoverage c = (*cov)->Cover(kw);
    covered += !c.url.empty();
    cannibalised += c.cannibalisation();
  }
  auto t2 = Clock::now();
  const double cover_s = Seconds(t1, t2);
  std::printf("pages %zu (indexable %zu), keywords %zu\n", pages, (*cov)->pages(), keywords);
  std::printf("index build: %.3f s (store scan + analysis of %zu pages)\n", Seconds(t0, t1), pages);
  std::printf("cover: %.3f s, %.0f keywords/s, %.1f us/keyword\n", cover_s, keywords / cover_s,
              1e6 * cover_s / static_cast<double>(keywords));
  std::printf("covered %zu, gaps %zu, cannibalised %zu\n", covered, keywords - covered, cannibalised);
  std::printf("peak RSS: %.1f MiB after the crawl, %.1f MiB with the index, %.1f MiB after the keywords\n", rss_before,
              rss_index, PeakRssMiB());
  project->store.reset();
  fs::remove_all(dir);
  return 0;
}
