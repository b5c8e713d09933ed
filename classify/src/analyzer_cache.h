// WordCache: what the analyzer knows about each distinct word (flags,
// language scores, compound parts, stems), so that a word is split, scored
// and stemmed once per analyzer. Private to classify/.
//
// Layout, for speed: a lookup touches one 64-byte entry. The key (up to 22
// bytes), flags, scores and both stems live in it; a stem is stored as
// "the first N bytes of the key + up to 3 bytes" (Snowball removes or
// rewrites a suffix: "fietsen" -> 7 bytes -> "fiets" = 5 + "", "happy" ->
// "happi" = 4 + "i"). Longer keys, other stems and compound parts go to a
// side table. Entries live in a deque (stable addresses while a query adds
// entries); the index is open addressing over (32-bit hash tag, entry
// number). When `capacity` entries are held, Clear() starts over.
//
// Thread-safety: NOT thread-safe; one per analyzer.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "compound_wordlist.h"

namespace kr::classify::internal {

struct alignas(64) CachedWord {
  uint32_t flags = 0;
  float nl = 0, en = 0;
  uint32_t cold = kNoCold;  // index into the side table
  uint32_t tag = 0;         // upper half of the key's hash
  uint8_t key_len = 0;      // kLongKey: the key is in the side table
  char key[22];
  uint8_t stems_done = 0;   // bit k: stem for language k (0 nl, 1 en) is set
  struct Stem {
    uint8_t prefix = 0;     // bytes of the key
    uint8_t tail_len = 0;   // kColdStem: the stem is in the side table
    char tail[3];
  } stem[2];

  static constexpr uint32_t kNoCold = 0xffffffffu;
  static constexpr uint8_t kLongKey = 0xff;
  static constexpr uint8_t kColdStem = 0xff;
};
static_assert(sizeof(CachedWord) == 64, "one cache line per word");

class WordCache {
 public:
  struct Cold {
    std::string key;
    std::vector<std::string> parts;
    std::string stem[2];
  };

  explicit WordCache(size_t capacity) : capacity_(capacity) { Rehash(1024); }

  // The word list's hash: one well-mixed 64-bit hash for both tables.
  static uint64_t Hash(std::string_view s) { return WordList::Hash(s); }


  CachedWord* Find(std::string_view key, uint64_t h) {
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (!s) return nullptr;
      if (static_cast<uint32_t>(s >> 32) == tag) {
        CachedWord& w = words_[(s & 0xffffffffu) - 1];
        if (Key(w) == key) return &w;
      }
    }
  }

  // Adds `key` (REQUIRES: not present) with flags and scores; parts may be empty.
  CachedWord* Insert(std::string_view key, uint64_t h, uint32_t flags, float nl, float en,
                     std::vector<std::string> parts) {
    if ((words_.size() + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    CachedWord& w = words_.emplace_back();
    w.flags = flags;
    w.nl = nl;
    w.en = en;
    w.tag = static_cast<uint32_t>(h >> 32);
    if (key.size() <= sizeof(w.key)) {
      w.key_len = static_cast<uint8_t>(key.size());
      key.copy(w.key, key.size());
    } else {
      w.key_len = CachedWord::kLongKey;
      ColdOf(w).key.assign(key);
    }
    if (!parts.empty()) ColdOf(w).parts = std::move(parts);
    Place(h, words_.size());
    return &w;
  }

  std::string_view Key(const CachedWord& w) const {
    if (w.key_len == CachedWord::kLongKey) return colds_[w.cold].key;
    return std::string_view(w.key, w.key_len);
  }
  const std::vector<std::string>& Parts(const CachedWord& w) const {
    static const std::vector<std::string> kNone;
    return w.cold == CachedWord::kNoCold ? kNone : colds_[w.cold].parts;
  }
  bool HasStem(const CachedWord& w, int k) const { return w.stems_done & (1u << k); }
  // Writes the stored stem for language k of `norm` (the word's norm).
  void GetStem(const CachedWord& w, int k, std::string_view norm, std::string* out) const {
    const CachedWord::Stem& s = w.stem[k];
    if (s.tail_len == CachedWord::kColdStem) {
      out->assign(colds_[w.cold].stem[k]);
      return;
    }
    out->assign(norm.data(), s.prefix);
    out->append(s.tail, s.tail_len);
  }
  void SetStem(CachedWord& w, int k, std::string_view norm, std::string_view stem) {
    size_t p = 0;
    while (p < norm.size() && p < stem.size() && p < 255 && norm[p] == stem[p]) ++p;
    CachedWord::Stem& s = w.stem[k];
    if (stem.size() - p <= sizeof(s.tail)) {
      s.prefix = static_cast<uint8_t>(p);
      s.tail_len = static_cast<uint8_t>(stem.size() - p);
      stem.substr(p).copy(s.tail, s.tail_len);
    } else {
      s.tail_len = CachedWord::kColdStem;
      ColdOf(w).stem[k].assign(stem);
    }
    w.stems_done |= static_cast<uint8_t>(1u << k);
  }

  void PrefetchSlot(uint64_t h) const { __builtin_prefetch(&slots_[h & mask_]); }
  void PrefetchEntry(uint64_t h) const {
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (!s) return;
      if (static_cast<uint32_t>(s >> 32) == tag) {
        __builtin_prefetch(&words_[(s & 0xffffffffu) - 1]);
        return;
      }
    }
  }

  bool full() const { return words_.size() >= capacity_; }
  size_t size() const { return words_.size(); }
  void Clear() {
    words_.clear();
    colds_.clear();
    Rehash(1024);
  }

 private:
  Cold& ColdOf(CachedWord& w) {
    if (w.cold == CachedWord::kNoCold) {
      w.cold = static_cast<uint32_t>(colds_.size());
      colds_.emplace_back();
    }
    return colds_[w.cold];
  }
  void Place(uint64_t h, size_t index1) {
    size_t i = h & mask_;
    while (slots_[i]) i = (i + 1) & mask_;
    slots_[i] = (h & 0xffffffff00000000ull) | index1;
  }
  void Rehash(size_t n) {
    slots_.assign(n, 0);
    mask_ = n - 1;
    for (size_t k = 0; k < words_.size(); ++k) {
      const CachedWord& w = words_[k];
      Place(Hash(Key(w)), k + 1);
    }
  }

  std::deque<CachedWord> words_;
  std::deque<Cold> colds_;
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  size_t capacity_;
};

}  // namespace kr::classify::internal
