// Reading a file in chunks and decoding it to UTF-8 (private to kr_ingest).
//
// FileReader reads raw bytes; a Decoder turns them into UTF-8 chunk by
// chunk (state such as half a UTF-16 code unit or a pending surrogate is
// carried over); TextStream ties the two together. Memory stays flat: one
// raw chunk and its decoded text at a time.
//
// Bytes that cannot be decoded (a lone UTF-16 surrogate, a byte sequence the
// legacy charset does not define) come out as the byte 0xFF, which is never
// valid UTF-8: the record layer then reports that row with its line, and the
// rest of the file keeps coming. UTF-8 input is passed through unchanged, so
// its invalid bytes are found the same way.
// Thread-safety: instances are used by one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "klantreis/core/status.h"

namespace kr::ingest::internal {

// Reads a file in chunks; errors name the path.
class FileReader {
 public:
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // NotFound / IoError naming `path`; InvalidArgument for a directory.
  // Messages after opening name `name` (default: path).
  static Result<std::unique_ptr<FileReader>> Open(const std::string& path, const std::string& name = "");
  // Reads up to `n` bytes into buf; returns the count (0 at end of file).
  Result<size_t> Read(char* buf, size_t n);
  Status Rewind();
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  FileReader(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

enum class EncodingKind { kUtf8, kUtf16Le, kUtf16Be, kWindows1252, kIcu };

struct Encoding {
  Encoding() = default;
  Encoding(EncodingKind k, std::string n, size_t bom) : kind(k), name(std::move(n)), bom_bytes(bom) {}
  EncodingKind kind = EncodingKind::kUtf8;
  std::string name = "UTF-8";  // reported name: "UTF-8", "UTF-16LE", "windows-1252", or an ICU converter name
  size_t bom_bytes = 0;        // byte-order mark to skip at the start of the file
  // Set when the encoding was inferred from the bytes rather than known (a
  // BOM, valid UTF-8, --encoding): how sure the guess is (0..100) and why.
  bool guessed = false;
  int confidence = 100;
  std::string basis;
};

// Below this a guessed encoding is "low confidence" (--strict refuses it).
constexpr int kLowEncodingConfidence = 60;

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Appends the UTF-8 text of in[0..n) to *out. `last` marks the end of the
  // input: incomplete sequences left over then become 0xFF markers.
  virtual void Decode(const char* in, size_t n, bool last, std::string* out) = 0;
};

// InvalidArgument when an ICU converter cannot be opened for enc.name.
Result<std::unique_ptr<Decoder>> MakeDecoder(const Encoding& enc);

// Parses an --encoding value ("utf-8", "utf8", "utf-16le", "utf-16be",
// "utf-16" (BOM decides, else little-endian), "windows-1252", "cp1252",
// "latin1", "iso-8859-1", or any name ICU knows). InvalidArgument for an
// unknown name. `head` is the start of the file (to honour a BOM).
Result<Encoding> EncodingFromName(std::string_view name, std::string_view head);

// Detects the encoding of the file whose first bytes are `head`:
// BOM; UTF-16 without BOM from the pattern of NUL bytes; binary files
// (NUL bytes, control characters, ZIP/XLSX/PDF/gzip signatures) are a
// ParseError naming the file; otherwise the whole file is scanned once
// (streaming) for UTF-8 validity, counting lines: valid UTF-8 is UTF-8; when
// at least as many lines hold valid multi-byte UTF-8 (and no bad byte) as
// lines hold invalid bytes, it is UTF-8 with damaged lines (those become row
// errors); else ICU's charset detector decides, with windows-1252 as the
// fallback for Latin text. Every inference but valid UTF-8 is marked as a
// guess with a confidence. Leaves `file` rewound.
Result<Encoding> DetectEncoding(FileReader& file, std::string_view head);

// Checks a file that is to be read as UTF-8 (forced or detected): a
// ParseError when most of its lines are not valid UTF-8. Leaves `file` rewound.
Status CheckMostlyUtf8(FileReader& file, size_t bom_bytes);

// A source of UTF-8 text in chunks.
class TextSource {
 public:
  virtual ~TextSource() = default;
  // Appends the next chunk of text to *out; returns false (appending
  // nothing) at the end. IoError naming the file on a read failure.
  virtual Result<bool> Fill(std::string* out) = 0;
};

// Text of a whole file, decoded chunk by chunk.
class TextStream : public TextSource {
 public:
  // REQUIRES: file positioned at its start; both outlive the stream.
  TextStream(FileReader* file, Decoder* decoder, size_t bom_bytes, size_t chunk_bytes = 1 << 20);
  Result<bool> Fill(std::string* out) override;

 private:
  FileReader* file_;
  Decoder* decoder_;
  size_t skip_;
  std::string raw_;
  bool done_ = false;
};

// Text already in memory (the detection sample, tests).
class StringSource : public TextSource {
 public:
  explicit StringSource(std::string text, size_t chunk_bytes = SIZE_MAX)
      : text_(std::move(text)), chunk_(chunk_bytes) {}
  Result<bool> Fill(std::string* out) override;

 private:
  std::string text_;
  size_t pos_ = 0;
  size_t chunk_;
};

}  // namespace kr::ingest::internal
