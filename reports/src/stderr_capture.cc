#include "stderr_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kr::reports::internal {
namespace {

std::mutex& CaptureMutex() {
  static std::mutex mu;
  return mu;
}

bool IsLibraryLine(std::string_view line) {
  return line.rfind("[ERROR]", 0) == 0 || line.rfind("[WARNING]", 0) == 0;
}

// Could `partial` (a line not ended yet) still become a library line?
bool MayBeLibraryLine(std::string_view partial) {
  for (std::string_view p : {std::string_view("[ERROR]"), std::string_view("[WARNING]")}) {
    const size_t n = std::min(partial.size(), p.size());
    if (partial.substr(0, n) == p.substr(0, n)) return true;
  }
  return false;
}

void WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

namespace {
thread_local int t_depth = 0;  // captures this thread holds: a nested one does nothing
}  // namespace

StderrCapture::StderrCapture() {
  if (t_depth++ > 0) return;
  lock_ = std::unique_lock<std::mutex>(CaptureMutex());
  int p[2];
  std::fflush(stderr);
  if (::pipe2(p, O_CLOEXEC) != 0) return;
  saved_ = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  if (saved_ < 0 || ::dup2(p[1], 2) < 0) {
    ::close(p[0]);
    ::close(p[1]);
    if (saved_ >= 0) ::close(saved_);
    saved_ = -1;
    return;
  }
  ::close(p[1]);  // fd 2 is the only write end now: restoring it ends the reader
  read_ = p[0];
  reader_ = std::thread([this] { Forward(); });
}

StderrCapture::~StderrCapture() { Stop(); }

const std::vector<std::string>& StderrCapture::Stop() {
  if (saved_ >= 0) {
    std::fflush(stderr);
    ::dup2(saved_, 2);  // closes the pipe's write end
    if (reader_.joinable()) reader_.join();
    ::close(saved_);
    ::close(read_);
    saved_ = read_ = -1;
  }
  if (!stopped_) {
    stopped_ = true;
    --t_depth;
  }
  if (lock_.owns_lock()) lock_.unlock();
  return kept_;
}

void StderrCapture::Forward() {
  std::string line;  // the current line, not passed on yet
  bool passing = false;  // the current line is known not to be the library's: passed on as it comes
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(read_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view chunk(buf, static_cast<size_t>(n));
    while (!chunk.empty()) {
      const size_t nl = chunk.find('\n');
      const std::string_view piece = chunk.substr(0, nl == std::string_view::npos ? chunk.size() : nl + 1);
      chunk.remove_prefix(piece.size());
      if (passing) {
        WriteAll(saved_, piece);
      } else {
        line.append(piece);
        if (!MayBeLibraryLine(line)) {
          WriteAll(saved_, line);
          line.clear();
          passing = true;
        }
      }
      if (piece.back() == '\n') {
        if (!passing && !line.empty()) {
          line.pop_back();
          if (IsLibraryLine(line)) kept_.push_back(line);
          else WriteAll(saved_, line + "\n");
        }
        line.clear();
        passing = false;
      }
    }
  }
  if (!line.empty()) {
    if (IsLibraryLine(line)) kept_.push_back(line);
    else WriteAll(saved_, line);
  }
}

std::string LibrarySystemError(const std::vector<std::string>& lines) {
  static constexpr std::string_view kMark = "System error = ";
  for (const std::string& l : lines) {
    const size_t at = l.find(kMark);
    if (at == std::string::npos) continue;
    std::string cause = l.substr(at + kMark.size());
    while (!cause.empty() && (cause.back() == '.' || cause.back() == ' ' || cause.back() == '\r')) cause.pop_back();
    if (!cause.empty()) return cause;
  }
  return "";
}

std::string LibraryActivity(const std::vector<std::string>& lines) {
  for (const std::string& l : lines) {
    if (l.find("tmpfile") != std::string::npos) return "creating its temporary files";
    if (l.find("Zip ") != std::string::npos) return "writing the zip archive";
    if (l.find("Error creating") != std::string::npos) return "creating the file";
    if (l.find("Memory allocation failed") != std::string::npos) return "out of memory";
  }
  return lines.empty() ? "" : "libxlsxwriter: " + lines.front();
}

}  // namespace kr::reports::internal
