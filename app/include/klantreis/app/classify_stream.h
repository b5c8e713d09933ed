// `klantreis classify` as a filter: one query per input line, one verdict
// per output line, in input order, with flat memory (batches of lines are
// classified by worker threads, each with its own Classifier, and written
// in order). Lines longer than kMaxLineBytes are truncated with a warning
// naming the line; invalid UTF-8 is replaced, never fatal.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "klantreis/app/verdict_format.h"
#include "klantreis/classify/classifier.h"

namespace kr::app {

inline constexpr size_t kMaxLineBytes = 64 * 1024;

struct StreamOptions {
  VerdictFormat format = VerdictFormat::kJsonl;
  bool explain = false;
  Language force_lang = Language::kUnd;
  int threads = 0;  // 0 = hardware concurrency
  size_t batch_lines = 8192;
};

struct StreamStats {
  uint64_t lines = 0;
  uint64_t truncated = 0;
};

// Reads `in` to EOF. Returns IoError naming "stdout" when writing fails
// (e.g. a closed pipe or a full disk).
Status ClassifyStream(const classify::ClassifierConfig& config, std::FILE* in, std::FILE* out,
                      const StreamOptions& options, StreamStats* stats);

// Classifies the given queries (same output as the stream).
Status ClassifyQueries(const classify::ClassifierConfig& config, const std::vector<std::string>& queries,
                       std::FILE* out, const StreamOptions& options);

}  // namespace kr::app
