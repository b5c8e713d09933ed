#include "klantreis/core/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace kr {

namespace {

std::string Duration(double seconds) {
  long s = std::lround(seconds < 0 ? 0 : seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lds", s);
  }
  return buf;
}

int64_t Ns(Progress::Clock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

}  // namespace

std::string Progress::Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Progress::Line(const std::string& what, const std::string& unit, uint64_t done, uint64_t total,
                           double seconds) {
  std::string line = what + ": " + Thousands(done);
  if (total > 0) line += " of " + Thousands(total);
  line += " " + unit;
  if (seconds > 0.05) {
    const double rate = static_cast<double>(done) / seconds;
    line += ", " + Thousands(static_cast<uint64_t>(std::llround(rate))) + " " + unit + "/s";
    if (total > 0 && done <= total) {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * static_cast<double>(done) / static_cast<double>(total));
      line += ", " + std::string(pct);
      if (rate > 0 && done < total) line += ", " + Duration(static_cast<double>(total - done) / rate) + " left";
    }
  }
  return line;
}

Progress::Progress(std::string what, std::string unit, uint64_t total, Options options)
    : what_(std::move(what)), unit_(std::move(unit)), options_(std::move(options)) {
  total_ = total;
  if (!options_.now) options_.now = [] { return Clock::now(); };
  mode_ = options_.mode;
  if (mode_ == Mode::kAuto) {
    mode_ = (options_.out != nullptr && ::isatty(::fileno(options_.out))) ? Mode::kTerminal : Mode::kLines;
  }
  if (options_.out == nullptr) mode_ = Mode::kQuiet;
  start_ = options_.now();
  const auto first = mode_ == Mode::kTerminal ? options_.terminal_every : options_.lines_every;
  next_due_ns_ = Ns((start_ + first).time_since_epoch());
}

Progress::Progress(std::string what, std::string unit, uint64_t total)
    : Progress(std::move(what), std::move(unit), total, Options{}) {}

Progress::~Progress() { Finish(); }

void Progress::Add(uint64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  MaybePrint(false);
}

void Progress::Set(uint64_t done) {
  done_.store(done, std::memory_order_relaxed);
  MaybePrint(false);
}

void Progress::SetTotal(uint64_t total) { total_.store(total, std::memory_order_relaxed); }

void Progress::Finish() { MaybePrint(true); }

void Progress::MaybePrint(bool final) {
  if (mode_ == Mode::kQuiet) return;
  const auto now = options_.now();
  const int64_t now_ns = Ns(now.time_since_epoch());
  if (!final && now_ns < next_due_ns_.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(print_mu_);
  if (finished_) return;
  if (!final && now_ns < next_due_ns_.load(std::memory_order_relaxed)) return;  // another thread printed
  const auto every = mode_ == Mode::kTerminal ? options_.terminal_every : options_.lines_every;
  next_due_ns_ = now_ns + Ns(every);
  if (final) {
    finished_ = true;
    if (!printed_) return;  // work that ended before the first line stays silent
  }
  const double seconds = std::chrono::duration<double>(now - start_).count();
  uint64_t total = total_.load(std::memory_order_relaxed);
  const uint64_t done = done_.load(std::memory_order_relaxed);
  if (total > 0 && done > total) total = 0;  // the total was an estimate: do not claim a share
  std::string line = Line(what_, unit_, done, final ? 0 : total, seconds);
  if (final) line += ", done in " + Duration(seconds);
  if (mode_ == Mode::kTerminal) {
    const size_t width = line.size();
    if (width < last_width_) line.append(last_width_ - width, ' ');  // wipe the longer previous line
    last_width_ = width;
    std::fprintf(options_.out, "\r%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(options_.out, "%s\n", line.c_str());
  }
  std::fflush(options_.out);
  printed_ = true;
}

void Progress::Note(const std::string& text) {
  if (mode_ == Mode::kQuiet) return;
  std::lock_guard<std::mutex> lock(print_mu_);
  if (!printed_) return;
  std::fprintf(options_.out, "%s%s: %s\n", mode_ == Mode::kTerminal && !finished_ ? "\n" : "", what_.c_str(),
               text.c_str());
  std::fflush(options_.out);
  last_width_ = 0;
}

Progress::Options ProgressOptions(bool quiet) {
  Progress::Options o;
  if (quiet) {
    o.mode = Progress::Mode::kQuiet;
    return o;
  }
  if (const char* env = std::getenv("KLANTREIS_PROGRESS")) {
    if (std::strcmp(env, "never") == 0 || std::strcmp(env, "0") == 0) o.mode = Progress::Mode::kQuiet;
    if (std::strcmp(env, "lines") == 0) o.mode = Progress::Mode::kLines;
    if (std::strcmp(env, "tty") == 0) o.mode = Progress::Mode::kTerminal;
  }
  if (const char* env = std::getenv("KLANTREIS_PROGRESS_MS")) {
    char* end = nullptr;
    long ms = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && ms >= 0 && ms <= 3600000) o.lines_every = std::chrono::milliseconds(ms);
  }
  return o;
}

}  // namespace kr
