// WordList: a read-only set of folded words (a Debian /usr/share/dict list:
// wdutch's OpenTaal list, wbritish), loaded once per process and path and
// shared by every Analyzer. Private to classify/.
//
// Storage is compact: one arena of the folded words and an open-addressing
// table of (32-bit hash tag, arena offset) slots, about 13 MB for the
// 413k-word Dutch list. Lookups hash the query bytes directly (no
// allocation) and touch the arena only when the tag matches. Building
// folds every line into the arena first, then inserts with prefetching,
// so that loading is bound by the file size, not by cache misses.
//
// Thread-safety: a loaded WordList is immutable and safe to share between
// threads; WordList::Shared() is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "klantreis/core/status.h"

namespace kr::classify::internal {

class WordList {
 public:
  enum ParseFlags : unsigned {
    kSkipPossessive = 1u << 0,   // drop "dog's" entries (English lists)
    kSkipCapitalized = 1u << 1,  // drop names ("Anje", "Ier", "Laar") that would fold into junk parts
  };

  // The process-wide list for `path`, loaded on first use. Returns NotFound
  // (naming the path) when the file is absent, IoError when it cannot be
  // read. A failure is remembered, so a missing list is not retried per call.
  // `flags`: ParseFlags.
  static Result<std::shared_ptr<const WordList>> Shared(const std::string& path, unsigned flags);
  // The lists as the analyzer loads them (so that every user shares one
  // copy): Dutch without names, English without names and possessives.
  static Result<std::shared_ptr<const WordList>> Shared(const std::string& path, bool english) {
    return Shared(path, english ? kSkipPossessive | kSkipCapitalized : unsigned{kSkipCapitalized});
  }

  // Builds a list from words (folded here). For tests and lexicon sets.
  static std::shared_ptr<const WordList> FromWords(const std::vector<std::string>& words);

  // Parses a word list file's bytes: one word per line; words are folded
  // (NFKC, case fold, diacritics removed); empty lines and lines with a
  // space are skipped, and what `flags` (ParseFlags) says.
  static std::shared_ptr<const WordList> Parse(std::string_view data, unsigned flags);

  bool Contains(std::string_view folded_word) const;
  // 64-bit hash of a word (8 bytes at a time, multiply-xorshift mixing);
  // also used by the analyzer's word cache.
  static uint64_t Hash(std::string_view s);
  size_t size() const { return count_; }
  const std::string& path() const { return path_; }
  double load_ms() const { return load_ms_; }

 private:
  void Reserve(size_t words);
  void InsertAt(uint32_t off, uint64_t hash);  // the word at arena offset `off`
  void Build(const std::vector<uint32_t>& offsets, const std::vector<uint64_t>& hashes);
  std::string_view At(uint32_t off) const;

  std::string arena_;            // [len:uint8][bytes]... words of at most 255 bytes
  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (offset + 1); 0 = empty
  size_t mask_ = 0;
  size_t count_ = 0;
  std::string path_;
  double load_ms_ = 0;
};

}  // namespace kr::classify::internal
