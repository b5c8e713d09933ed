#include "klantreis/testutil.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kr::testutil {

std::string SharedDir() {
  const char* env = std::getenv("KLANTREIS_SHARED");
  if (env && *env && fs::is_directory(env)) return env;
#ifdef KLANTREIS_SHARED_DEFAULT
  if (fs::is_directory(KLANTREIS_SHARED_DEFAULT)) return KLANTREIS_SHARED_DEFAULT;
#endif
  for (const char* cand : {"../shared", "../../shared", "../../../shared"}) {
    if (fs::is_directory(cand)) return fs::absolute(cand).lexically_normal().string();
  }
  return "";
}

std::string SharedFile(const std::string& rel) {
  std::string dir = SharedDir();
  if (dir.empty()) return "";
  std::string p = dir + "/" + rel;
  return fs::exists(p) ? p : "";
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "klantreis-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::Write(const std::string& name, const std::string& content) const {
  fs::path p = fs::path(path_) / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kr::testutil
