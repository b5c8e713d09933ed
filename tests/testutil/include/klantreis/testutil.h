// Helpers for tests: the shared data folder (../shared/data, skipped
// cleanly when absent), temporary directories, running the CLI.
#pragma once

#include <cstdlib>

#include <string>

namespace kr::testutil {

// Path of ../shared (from $KLANTREIS_SHARED or beside the checkout); "" when absent.
std::string SharedDir();
// SharedDir() + "/" + rel when that file exists, else "".
std::string SharedFile(const std::string& rel);

// A fresh temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  void Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

std::string ReadAll(const std::string& path);

}  // namespace kr::testutil

// Skips the current test when a shared data file is absent.
// Tests measuring the process's own memory skip in a sanitizer build
// (scripts/ci_sanitize.sh sets KLANTREIS_SANITIZED=1): ASan's shadow memory
// and quarantine make RSS figures meaningless there.
#define KR_SKIP_UNDER_SANITIZERS()                                     \
  if (std::getenv("KLANTREIS_SANITIZED") != nullptr)                   \
  GTEST_SKIP() << "memory figures are meaningless under ASan"

#define KR_REQUIRE_SHARED(var, rel)                                   \
  std::string var = ::kr::testutil::SharedFile(rel);                  \
  if (var.empty()) GTEST_SKIP() << "shared data absent: " << (rel)
