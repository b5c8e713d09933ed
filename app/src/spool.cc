#include "spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

namespace kr::app::internal {

SpooledFile::~SpooledFile() { ::unlink(path_.c_str()); }

Result<std::unique_ptr<SpooledFile>> SpoolIfPipe(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode)) {
    return std::unique_ptr<SpooledFile>();
  }
  int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return PosixError(path, errno);
  const char* dir = std::getenv("TMPDIR");
  std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/klantreis-import-XXXXXX";
  int out = ::mkstemp(tmpl.data());
  if (out < 0) {
    int e = errno;
    ::close(in);
    return PosixError(tmpl, e).WithContext(path + ": copying the pipe");
  }
  auto spooled = std::make_unique<SpooledFile>(tmpl);
  char buf[1 << 16];
  Status failed;
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed = PosixError(path, errno);
      break;
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(out, buf + off, static_cast<size_t>(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        failed = PosixError(tmpl, errno).WithContext(path + ": copying the pipe");
        break;
      }
      off += w;
    }
    if (!failed.ok()) break;
  }
  ::close(in);
  if (::close(out) != 0 && failed.ok()) failed = PosixError(tmpl, errno).WithContext(path + ": copying the pipe");
  if (!failed.ok()) return failed;
  return spooled;
}

}  // namespace kr::app::internal
