// Internal: a report file written as a stream, under a temporary name in the
// same directory and renamed onto its final name by Commit(), so an
// interrupted report never leaves half a file. Destroying an uncommitted
// StreamFile removes the temporary. Not thread-safe.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "klantreis/core/status.h"

namespace kr::reports::internal {

class StreamFile {
 public:
  StreamFile() = default;
  StreamFile(const StreamFile&) = delete;
  StreamFile& operator=(const StreamFile&) = delete;
  ~StreamFile();

  // Creates path's temporary; IoError naming path when the directory is missing.
  Status Open(const std::string& path);
  // Buffered; the first error is kept and returned by Commit().
  void Append(std::string_view data);
  // Flushes, closes and renames onto the final name.
  Status Commit();
  // Reopens the temporary for reading (spools): the bytes written so far.
  Status CopyTo(StreamFile* out);
  bool is_open() const { return f_ != nullptr; }
  const std::string& path() const { return path_; }

 private:
  void Discard();
  std::FILE* f_ = nullptr;
  std::string path_;
  std::string tmp_;
  int error_ = 0;
};

}  // namespace kr::reports::internal
