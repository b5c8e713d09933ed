#include "stream_file.h"

#include <unistd.h>

#include <cerrno>

namespace kr::reports::internal {

StreamFile::~StreamFile() { Discard(); }

void StreamFile::Discard() {
  if (f_ != nullptr) {
    std::fclose(f_);
    f_ = nullptr;
    std::remove(tmp_.c_str());
  }
}

Status StreamFile::Open(const std::string& path) {
  Discard();
  path_ = path;
  tmp_ = path + ".tmp." + std::to_string(::getpid());
  error_ = 0;
  f_ = std::fopen(tmp_.c_str(), "w+b");
  if (f_ == nullptr) return PosixError(path, errno);
  static constexpr size_t kBuffer = 1 << 20;
  std::setvbuf(f_, nullptr, _IOFBF, kBuffer);
  return Status::Ok();
}

void StreamFile::Append(std::string_view data) {
  if (f_ == nullptr || error_ != 0 || data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) error_ = errno ? errno : EIO;
}

Status StreamFile::CopyTo(StreamFile* out) {
  if (f_ == nullptr) return Status::IoError(path_ + ": not open");
  if (std::fflush(f_) != 0 || std::fseek(f_, 0, SEEK_SET) != 0) return PosixError(path_, errno);
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f_)) > 0) out->Append(std::string_view(buf, n));
  if (std::ferror(f_)) return PosixError(path_, errno);
  return Status::Ok();
}

Status StreamFile::Commit() {
  if (f_ == nullptr) return Status::IoError(path_ + ": not open");
  if (std::fflush(f_) != 0 && error_ == 0) error_ = errno;
  if (error_ == 0 && ::fsync(::fileno(f_)) != 0) error_ = errno;
  if (std::fclose(f_) != 0 && error_ == 0) error_ = errno;
  f_ = nullptr;
  if (error_ == 0 && std::rename(tmp_.c_str(), path_.c_str()) != 0) error_ = errno;
  if (error_ != 0) {
    std::remove(tmp_.c_str());
    return PosixError(path_, error_);
  }
  return Status::Ok();
}

}  // namespace kr::reports::internal
