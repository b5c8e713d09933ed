// A growing byte stream in 64 KiB chunks: appending never copies what is
// there and never holds more than one chunk unused (a std::string doubling
// its capacity can hold twice its size, three times while it grows). With
// unsigned LEB128 varints, for compact per-keyword figures (topics.h).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace kr::plan {

class ByteChunks {
 public:
  uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Bytes allocated.
  size_t capacity() const { return chunks_.size() * kChunk + chunks_.capacity() * sizeof(chunks_[0]); }
  void clear() {
    std::vector<std::unique_ptr<uint8_t[]>>().swap(chunks_);
    size_ = 0;
  }
  void Put(uint8_t b) {
    if ((size_ >> kShift) == chunks_.size()) chunks_.push_back(std::make_unique<uint8_t[]>(kChunk));
    chunks_[size_ >> kShift][size_ & kMask] = b;
    ++size_;
  }
  uint8_t operator[](uint64_t i) const { return chunks_[i >> kShift][i & kMask]; }
  // 7 bits a byte, low first.
  void PutVarint(uint64_t v) {
    while (v >= 0x80) {
      Put(static_cast<uint8_t>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    Put(static_cast<uint8_t>(v));
  }
  uint64_t GetVarint(uint64_t* pos) const {
    uint64_t v = 0;
    for (int shift = 0; *pos < size_ && shift < 64; shift += 7) {
      const uint8_t b = (*this)[(*pos)++];
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    return v;
  }

 private:
  static constexpr int kShift = 16;
  static constexpr uint64_t kChunk = uint64_t{1} << kShift, kMask = kChunk - 1;
  std::vector<std::unique_ptr<uint8_t[]>> chunks_;
  uint64_t size_ = 0;
};

}  // namespace kr::plan
