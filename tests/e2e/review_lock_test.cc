// Two processes storing reviewed verdicts in one project at once: the
// reviews lock (DIR/reviews.tsv.lock) lets each edit read, merge and write
// alone, so reviews.tsv ends with every verdict exactly once; a process
// that finds the lock held waits for it, and says which lock file it gave up
// on when the holder does not let go.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_run.h"
#include "klantreis/core/stage.h"

namespace kr::e2e {
namespace {

// Runs klantreis with `args` (no shell) and returns its exit status, or -1.
int Exec(const std::vector<std::string>& args, const std::string& err_file) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null = ::open("/dev/null", O_RDWR);
    if (fd >= 0) ::dup2(fd, 2);
    if (null >= 0) ::dup2(null, 0), ::dup2(null, 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(KLANTREIS_BIN));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(KLANTREIS_BIN, argv.data());
    ::_exit(127);
  }
  if (pid < 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The query process `who` sets in its round `i`, and the stage it gives it.
std::string Query(char who, int i) { return std::string("fiets ") + who + " " + std::to_string(i); }
Stage StageOf(char who, int i) { return kAllStages[(i + (who == 'b' ? 3 : 0)) % kNumStages]; }

class ReviewLock : public CliTest {};

TEST_F(ReviewLock, TwoProcessesSettingVerdictsAtOnceLoseNothing) {
  constexpr int kRounds = 25;
  // Earlier reviews make each edit's read, merge and write long enough that
  // the two processes' edits overlap (without the lock, rows get lost).
  constexpr int kEarlier = 20000;
  std::string earlier = "query\tstage\tauthor\tdate\tprevious\n";
  for (int i = 0; i < kEarlier; ++i) earlier += "eerder " + std::to_string(i) + "\tuse\tann\t2026-12-01\t\n";
  tmp_.Write("proj/reviews.tsv", earlier);
  std::map<char, pid_t> workers;
  for (char who : {'a', 'b'}) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int failed = 0;
      for (int i = 0; i < kRounds; ++i) {
        // Each round one new query of its own and the query both fight over.
        const std::string set = Query(who, i) + "=" + std::string(StageId(StageOf(who, i)));
        const std::string shared = std::string("gedeeld=") + (who == 'a' ? "use" : "loyalty");
        if (Exec({"review", "-p", proj_, "--set", set, "--set", shared, "--author", std::string(1, who),
                  "--no-suggest", "-q"},
                 tmp_.File(std::string("err-") + who)) != 0) {
          ++failed;
        }
      }
      ::_exit(failed > 100 ? 100 : failed);
    }
    workers[who] = pid;
  }
  for (auto& [who, pid] : workers) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "process " << who << ": " << WEXITSTATUS(status) << " failed runs: "
                                      << ReadAll(tmp_.File(std::string("err-") + who));
  }
  // Read back through klantreis itself: the file is well-formed.
  CmdResult list = InProject("review --list --format tsv");
  ASSERT_EQ(list.code, 0) << list.err;
  std::vector<std::string> lines = Lines(list.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "query\tstage\tauthor\tdate\tprevious");
  std::map<std::string, int> seen;
  std::map<std::string, std::string> stage;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string q = lines[i].substr(0, lines[i].find('\t'));
    ++seen[q];
    const size_t a = lines[i].find('\t') + 1;
    stage[q] = lines[i].substr(a, lines[i].find('\t', a) - a);
  }
  EXPECT_EQ(lines.size(), 1u + kEarlier + 2 * kRounds + 1);
  for (int i = 0; i < kEarlier; i += 997) EXPECT_EQ(seen["eerder " + std::to_string(i)], 1) << i;
  for (char who : {'a', 'b'}) {
    for (int i = 0; i < kRounds; ++i) {
      EXPECT_EQ(seen[Query(who, i)], 1) << Query(who, i);
      EXPECT_EQ(stage[Query(who, i)], StageId(StageOf(who, i))) << Query(who, i);
    }
  }
  EXPECT_EQ(seen["gedeeld"], 1);
  EXPECT_TRUE(stage["gedeeld"] == "use" || stage["gedeeld"] == "loyalty") << stage["gedeeld"];
  // No temporary file of a writer is left beside it.
  for (const auto& e : std::filesystem::directory_iterator(proj_)) {
    EXPECT_EQ(e.path().filename().string().find("reviews.tsv.tmp"), std::string::npos) << e.path();
  }
}

// Holds DIR/reviews.tsv.lock in a child process for `ms`, returning once it is held.
pid_t HoldLock(const std::string& lock_path, int ms) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(1);
    if (::write(ready[1], "x", 1) != 1) ::_exit(1);
    ::usleep(static_cast<useconds_t>(ms) * 1000);
    ::_exit(0);
  }
  ::close(ready[1]);
  char c = 0;
  const bool held = ::read(ready[0], &c, 1) == 1;
  ::close(ready[0]);
  return held ? pid : -1;
}

int Reap(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(ReviewLock, AReviewWaitsForTheLockAndStoresItsVerdictWhenItIsFreed) {
  pid_t holder = HoldLock(proj_ + "/reviews.tsv.lock", 800);
  ASSERT_GT(holder, 0);
  CmdResult r = InProject("review --set 'fiets kopen=purchase' --no-suggest -q");
  EXPECT_EQ(Reap(holder), 0);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(ReadAll(proj_ + "/reviews.tsv").find("fiets kopen\tpurchase\t"), std::string::npos);
}

TEST_F(ReviewLock, AReviewThatCannotGetTheLockSaysWhichFileAndStoresNothing) {
  const std::string lock = proj_ + "/reviews.tsv.lock";
  // The default wait is 10 s; the test shortens it to 0.3 s.
  pid_t holder = HoldLock(lock, 5000);
  ASSERT_GT(holder, 0);
  CmdResult busy = Bash(tmp_, "KLANTREIS_REVIEW_LOCK_WAIT_MS=300 " + Quote(KLANTREIS_BIN) + " review -p " +
                                  Quote(proj_) + " --set 'fiets=use' --no-suggest -q");
  ::kill(holder, SIGKILL);
  Reap(holder);
  EXPECT_EQ(busy.code, 1) << busy.err;
  EXPECT_NE(busy.err.find("klantreis: " + lock + " is held by another process (a review storing its verdicts) "
                          "after waiting 0.3 s; nothing was stored, try again"),
            std::string::npos)
      << busy.err;
  EXPECT_EQ(ReadAll(proj_ + "/reviews.tsv").find("fiets\tuse"), std::string::npos);
}

}  // namespace
}  // namespace kr::e2e
