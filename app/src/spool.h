// Pipes as import input (private to kr_app): `import /dev/stdin` and
// `import <(cat f)` name a pipe, which can be read only once and has no
// size, while an import reads its file several times (hash, encoding scan,
// rows). SpoolIfPipe copies such input once into a temporary file.
#pragma once

#include <memory>
#include <string>

#include "klantreis/core/status.h"

namespace kr::app::internal {

// A temporary file, removed by the destructor.
class SpooledFile {
 public:
  explicit SpooledFile(std::string path) : path_(std::move(path)) {}
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// When `path` is a pipe, FIFO, socket or character device, copies all of
// it into a temporary file in $TMPDIR (else /tmp) and returns it; null
// for a regular file, a directory or a missing path (those are read, or
// refused, as they are). IoError naming `path` when the copy fails (e.g. a
// full disk).
Result<std::unique_ptr<SpooledFile>> SpoolIfPipe(const std::string& path);

}  // namespace kr::app::internal
