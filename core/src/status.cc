#include "klantreis/core/status.h"

#include <cstring>

namespace kr {

std::string Status::ToString() const {
  if (ok()) return "OK";
  return message_;
}

Status PosixError(const std::string& path, int err) {
  std::string msg = path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT: return Status::NotFound(msg);
    case ENOSPC:
    case EFBIG:
    case EDQUOT: return Status::NoSpace(msg);
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
      return Status::Busy(msg);
    default: return Status::IoError(msg);
  }
}

}  // namespace kr
