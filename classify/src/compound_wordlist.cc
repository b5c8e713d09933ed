#include "compound_wordlist.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>

#include "klantreis/core/text.h"
#include "normalize.h"

namespace kr::classify::internal {

uint64_t WordList::Hash(std::string_view s) {
  // 8 bytes at a time, multiply-xorshift mixing; good low bits (the index)
  // and high bits (the tag).
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0x100000001B3ull);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t v = 0;
  std::memcpy(&v, s.data() + i, s.size() - i);
  h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  return h;
}

std::string_view WordList::At(uint32_t off) const {
  const auto len = static_cast<unsigned char>(arena_[off]);
  return std::string_view(arena_.data() + off + 1, len);
}

void WordList::Reserve(size_t words) {
  size_t cap = 16;
  while (cap < words + words / 2) cap <<= 1;  // load factor <= 2/3
  slots_.assign(cap, 0);
  mask_ = cap - 1;
}

void WordList::InsertAt(uint32_t off, uint64_t h) {
  const uint64_t tag = h & 0xffffffff00000000ull;
  const std::string_view w = At(off);
  size_t i = h & mask_;
  while (slots_[i]) {
    // Same tag: compare the words (folding makes duplicates: "één", "een").
    if ((slots_[i] & 0xffffffff00000000ull) == tag && At(static_cast<uint32_t>(slots_[i]) - 1) == w) return;
    i = (i + 1) & mask_;
  }
  slots_[i] = tag | (off + 1);
  ++count_;
}

void WordList::Build(const std::vector<uint32_t>& offsets, const std::vector<uint64_t>& hashes) {
  Reserve(offsets.size() + 1);
  constexpr size_t kAhead = 16;
  for (size_t k = 0; k < offsets.size(); ++k) {
    if (k + kAhead < offsets.size()) __builtin_prefetch(&slots_[hashes[k + kAhead] & mask_], 1);
    InsertAt(offsets[k], hashes[k]);
  }
}

bool WordList::Contains(std::string_view w) const {
  if (count_ == 0 || w.empty() || w.size() > 255) return false;
  const uint64_t h = Hash(w);
  const uint64_t tag = h & 0xffffffff00000000ull;
  size_t i = h & mask_;
  while (slots_[i]) {
    if ((slots_[i] & 0xffffffff00000000ull) == tag && At(static_cast<uint32_t>(slots_[i]) - 1) == w) return true;
    i = (i + 1) & mask_;
  }
  return false;
}

std::shared_ptr<const WordList> WordList::Parse(std::string_view data, unsigned flags) {
  auto list = std::make_shared<WordList>();
  std::string& arena = list->arena_;
  arena.reserve(data.size() + data.size() / 8 + 16);
  std::vector<uint32_t> offsets;
  std::vector<uint64_t> hashes;
  offsets.reserve(data.size() / 8);
  hashes.reserve(data.size() / 8);
  size_t pos = 0;
  while (pos < data.size()) {
    const void* nlp = std::memchr(data.data() + pos, '\n', data.size() - pos);
    const size_t nl = nlp ? static_cast<size_t>(static_cast<const char*>(nlp) - data.data()) : data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    bool space = false, fold = false;
    for (unsigned char c : line) {
      space |= c == ' ';
      fold |= (c >= 'A' && c <= 'Z') || c >= 0x80;
    }
    if (space) continue;
    if ((flags & kSkipPossessive) && line.size() > 2 && line.substr(line.size() - 2) == "'s") continue;
    if (flags & kSkipCapitalized) {
      const auto c0 = static_cast<unsigned char>(line[0]);
      const bool upper = (c0 >= 'A' && c0 <= 'Z') ||
                         (c0 == 0xC3 && line.size() > 1 && static_cast<unsigned char>(line[1]) >= 0x80 &&
                          static_cast<unsigned char>(line[1]) <= 0x9E);
      if (upper) continue;
    }
    // Fold straight into the arena behind a length byte.
    const size_t off = arena.size();
    arena.push_back('\0');
    if (fold) {
      AppendFolded(line, Diacritics::kStrip, &arena);
    } else {
      arena.append(line);  // already folded: lower-case ASCII (most lines)
    }
    const size_t len = arena.size() - off - 1;
    if (len == 0 || len > 255 || off > 0xfffffff0u) {
      arena.resize(off);
      continue;
    }
    arena[off] = static_cast<char>(len);
    offsets.push_back(static_cast<uint32_t>(off));
    hashes.push_back(Hash(std::string_view(arena.data() + off + 1, len)));
  }
  list->Build(offsets, hashes);
  return list;
}

std::shared_ptr<const WordList> WordList::FromWords(const std::vector<std::string>& words) {
  auto list = std::make_shared<WordList>();
  std::vector<uint32_t> offsets;
  std::vector<uint64_t> hashes;
  for (const auto& w : words) {
    const size_t off = list->arena_.size();
    list->arena_.push_back('\0');
    AppendFolded(w, Diacritics::kStrip, &list->arena_);
    const size_t len = list->arena_.size() - off - 1;
    if (len == 0 || len > 255) {
      list->arena_.resize(off);
      continue;
    }
    list->arena_[off] = static_cast<char>(len);
    offsets.push_back(static_cast<uint32_t>(off));
    hashes.push_back(Hash(std::string_view(list->arena_.data() + off + 1, len)));
  }
  list->Build(offsets, hashes);
  return list;
}

Result<std::shared_ptr<const WordList>> WordList::Shared(const std::string& path, unsigned flags) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, Result<std::shared_ptr<const WordList>>>();
  std::lock_guard<std::mutex> lock(mu);  // loading under the lock: concurrent Creates wait for one load
  const std::string key = std::to_string(flags) + ":" + path;
  auto it = cache->find(key);
  if (it != cache->end()) return it->second;
  const auto t0 = std::chrono::steady_clock::now();
  Result<std::string> data = path.empty() ? Result<std::string>(Status::NotFound("")) : ReadFile(path);
  Result<std::shared_ptr<const WordList>> result = Status::NotFound(path + ": word list not found");
  if (path.empty()) result = Status::NotFound("word list: no path configured");
  if (data.ok() && !path.empty()) {
    auto list = Parse(*data, flags);
    auto* mutable_list = const_cast<WordList*>(list.get());
    mutable_list->path_ = path;
    mutable_list->load_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    result = std::shared_ptr<const WordList>(std::move(list));
  } else if (!data.ok() && !data.status().IsNotFound()) {
    result = data.status();
  }
  cache->emplace(key, result);
  return result;
}

}  // namespace kr::classify::internal
