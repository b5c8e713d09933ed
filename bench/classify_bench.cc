// Throughput of the analyzer alone and of analyzer + classifier on the same
// input (one thread each).
//
//   classify_bench [--n 1000000] [--input FILE]
//
// Without --input, N queries are generated deterministically from the
// vocabulary of the shared query files (../shared/eval/dev.tsv and the
// ORCAS-I gold set, when present) and the shipped sample keywords: each
// query is 1-5 words drawn from that vocabulary, so the token mix is real
// but the queries do not simply repeat. With --input, one query per line
// (repeated to N lines when shorter).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "klantreis/classify/classifier.h"
#include "klantreis/embedded_config.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// Queries of the first `column` of a TSV file (0-based), header skipped.
void AddQueries(const std::string& path, int column, std::vector<std::string>* out) {
  std::ifstream in(path);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::istringstream ss(line);
    std::string col;
    for (int i = 0; i <= column && std::getline(ss, col, '\t'); ++i) {
    }
    if (!col.empty()) out->push_back(col);
  }
}

std::vector<std::string> MakeInput(size_t n, const std::string& input) {
  std::vector<std::string> queries;
  if (!input.empty()) {
    std::ifstream in(input);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line))
      if (!line.empty()) lines.push_back(line);
    if (lines.empty()) return queries;
    for (size_t i = 0; i < n; ++i) queries.push_back(lines[i % lines.size()]);
    return queries;
  }
  std::vector<std::string> seeds;
  const char* shared = std::getenv("KLANTREIS_SHARED");
  std::string dir = shared && *shared ? shared : "../shared";
  AddQueries(dir + "/eval/dev.tsv", 0, &seeds);
  AddQueries(dir + "/data/intent_datasets/orcas_i_gold_test.tsv", 1, &seeds);
  if (auto sample = kr::embedded::Get("sample/keywords.csv")) {
    std::istringstream in{std::string(*sample)};
    std::string line;
    while (std::getline(in, line)) seeds.push_back(line.substr(0, line.find(',')));
  }
  std::vector<std::string> vocab;
  std::set<std::string> seen;
  for (const auto& q : seeds)
    for (auto& w : Words(q))
      if (seen.insert(w).second) vocab.push_back(w);
  if (vocab.empty()) vocab = {"fiets", "kopen", "wat", "is", "een", "laptop", "prijs", "review", "beste"};
  std::mt19937 rng(2024);
  std::uniform_int_distribution<size_t> pick(0, vocab.size() - 1), pick_seed(0, seeds.size() ? seeds.size() - 1 : 0);
  std::uniform_int_distribution<int> len(1, 5), coin(0, 3);
  queries.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!seeds.empty() && coin(rng) == 0) {  // a quarter: real queries as written
      queries.push_back(seeds[pick_seed(rng)]);
      continue;
    }
    std::string q;
    for (int k = len(rng); k > 0; --k) {
      if (!q.empty()) q += ' ';
      q += vocab[pick(rng)];
    }
    queries.push_back(std::move(q));
  }
  return queries;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000000;
  std::string input;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--n" && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--input" && i + 1 < argc) input = argv[++i];
    else {
      std::fprintf(stderr, "usage: classify_bench [--n N] [--input FILE]\n");
      return 2;
    }
  }
  auto cfg = kr::classify::LoadClassifierConfig("");
  if (!cfg.ok()) {
    std::fprintf(stderr, "classify_bench: %s\n", cfg.status().message().c_str());
    return 1;
  }
  auto analyzer = kr::classify::Analyzer::Create(cfg->analyzer);
  auto classifier = kr::classify::Classifier::Create(*cfg);
  if (!analyzer.ok() || !classifier.ok()) {
    std::fprintf(stderr, "classify_bench: %s\n",
                 (!analyzer.ok() ? analyzer.status() : classifier.status()).message().c_str());
    return 1;
  }
  std::vector<std::string> queries = MakeInput(n, input);
  if (queries.empty()) {
    std::fprintf(stderr, "classify_bench: no input queries\n");
    return 1;
  }
  std::printf("queries: %zu (%s)\n", queries.size(), input.empty() ? "generated" : input.c_str());

  // Warm-up (word-list loading, caches) on a slice, not timed.
  kr::classify::Analysis a;
  for (size_t i = 0; i < std::min<size_t>(queries.size(), 20000); ++i) (*analyzer)->Analyze(queries[i], &a);
  for (size_t i = 0; i < std::min<size_t>(queries.size(), 20000); ++i) (*classifier)->Classify(queries[i]);

  size_t tokens = 0;
  auto t0 = Clock::now();
  for (const auto& q : queries) {
    (*analyzer)->Analyze(q, &a);
    tokens += a.tokens.size();
  }
  double analyze_s = std::chrono::duration<double>(Clock::now() - t0).count();

  size_t checksum = 0;
  t0 = Clock::now();
  for (const auto& q : queries) {
    kr::Classification c = (*classifier)->Classify(q);
    checksum += static_cast<size_t>(c.stage) + c.rules.size();
  }
  double classify_s = std::chrono::duration<double>(Clock::now() - t0).count();

  double qa = queries.size() / analyze_s, qc = queries.size() / classify_s;
  std::printf("analyze only:        %10.0f queries/s  (%.2f s, %.2f tokens/query)\n", qa, analyze_s,
              double(tokens) / queries.size());
  std::printf("analyze + classify:  %10.0f queries/s  (%.2f s)\n", qc, classify_s);
  std::printf("classification adds: %.2f us/query (%.0f%% of analyze time)  [checksum %zu]\n",
              (classify_s - analyze_s) * 1e6 / queries.size(), 100.0 * (classify_s - analyze_s) / analyze_s,
              checksum);
  return 0;
}
