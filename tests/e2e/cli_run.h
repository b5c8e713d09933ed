// Running the klantreis binary from end-to-end tests: shell quoting, one
// run with stdin/stdout/stderr through files, and a fixture with a fresh
// project.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "csv_rows.h"
#include "klantreis/testutil.h"

namespace kr::e2e {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;

struct CmdResult {
  int code = -1;
  std::string out, err;
};

inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

// Runs a bash command line, capturing its stdout and stderr.
inline CmdResult Bash(const TempDir& tmp, const std::string& command) {
  std::string cmd = "bash -c " + Quote(command) + " >" + Quote(tmp.File(".stdout")) + " 2>" +
                    Quote(tmp.File(".stderr"));
  int rc = std::system(cmd.c_str());
  CmdResult r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = ReadAll(tmp.File(".stdout"));
  r.err = ReadAll(tmp.File(".stderr"));
  return r;
}

// Runs klantreis with `args` (already shell-quoted where needed), feeding `input` on stdin.
inline CmdResult Klantreis(const TempDir& tmp, const std::string& args, const std::string& input = "") {
  tmp.Write(".stdin", input);
  std::string cmd = std::string(KLANTREIS_BIN) + " " + args + " <" + Quote(tmp.File(".stdin")) + " >" +
                    Quote(tmp.File(".stdout")) + " 2>" + Quote(tmp.File(".stderr"));
  int rc = std::system(cmd.c_str());
  CmdResult r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = ReadAll(tmp.File(".stdout"));
  r.err = ReadAll(tmp.File(".stderr"));
  return r;
}

inline std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// A test with a fresh project in a temporary directory.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    proj_ = tmp_.File("proj");
    CmdResult r = Klantreis(tmp_, "init " + Quote(proj_) + " --name Test --market nl-NL");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  CmdResult InProject(const std::string& args, const std::string& input = "") {
    return Klantreis(tmp_, args + " -p " + Quote(proj_), input);
  }
  TempDir tmp_;
  std::string proj_;
};

}  // namespace kr::e2e
