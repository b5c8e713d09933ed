// Running a batch: one child process per project (the klantreis binary,
// `batch-project SPEC RESULT`), at most `jobs` at a time; the results come
// back as JSON files. Why processes and not threads: a project that crashes
// (a parser bug on a broken export, an allocation failure, an exception)
// takes only its own process down; the RocksDB LOCK, memory and open
// files of each project are its own and are released when it ends.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <thread>

#include "klantreis/app/batch.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/core/text.h"

extern char** environ;

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace kr::app {

std::string BatchProjectToJson(const BatchProject& p, const std::string& out_dir) {
  json j = {{"name", p.name},       {"dir", p.dir},         {"market", p.market}, {"inputs", p.inputs},
            {"configs", p.configs}, {"formats", p.formats}, {"crawl", p.crawl}, {"compare", p.compare},
            {"crawl_max_pages", p.crawl_max_pages}, {"crawl_delay", p.crawl_delay},   {"line", p.line},
            {"out_dir", out_dir},
            {"branding", {p.branding.agency, p.branding.logo, p.branding.primary_colour, p.branding.accent_colour}}};
  return j.dump();
}

Result<BatchProject> BatchProjectFromJson(const std::string& text, std::string* out_dir) {
  try {
    json j = json::parse(text);
    BatchProject p;
    p.name = j.at("name").get<std::string>();
    p.dir = j.at("dir").get<std::string>();
    p.market = j.at("market").get<std::string>();
    p.inputs = j.at("inputs").get<std::vector<std::string>>();
    p.configs = j.at("configs").get<std::vector<std::string>>();
    p.formats = j.at("formats").get<std::vector<std::string>>();
    p.crawl = j.at("crawl").get<std::string>();
    p.compare = j.value("compare", std::string());
    p.crawl_max_pages = j.value("crawl_max_pages", p.crawl_max_pages);
    p.crawl_delay = j.value("crawl_delay", p.crawl_delay);
    p.line = j.value("line", "");
    *out_dir = j.at("out_dir").get<std::string>();
    auto b = j.at("branding").get<std::vector<std::string>>();
    if (b.size() != 4) return Status::InvalidArgument("batch project spec: branding: expected four values");
    p.branding = {b[0], b[1], b[2], b[3]};
    return p;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("batch project spec: ") + e.what());
  }
}

std::string PortfolioProjectToJson(const reports::PortfolioProject& r) {
  json stages = json::array();
  for (const auto& s : r.stages) {
    stages.push_back({{"keywords", s.keywords}, {"monthly_volume", s.monthly_volume}, {"volume_share", s.volume_share}});
  }
  json j = {{"name", r.name},
            {"ok", r.ok},
            {"error", r.error},
            {"keywords", r.keywords},
            {"only_impressions", r.only_impressions},
            {"stages", stages},
            {"inputs_imported", r.inputs_imported},
            {"inputs_unchanged", r.inputs_unchanged},
            {"rows_rejected", r.rows_rejected},
            {"notes", r.notes},
            {"report", r.report}};
  json moments = json::array();
  for (const auto& m : r.moments) {
    moments.push_back({{"label", m.label}, {"stage", StageId(m.stage)}, {"monthly_volume", m.monthly_volume},
                       {"why", m.why}});
  }
  j["moments"] = moments;
  j["change"] = r.change;
  if (r.crawled) {
    json gaps = json::array();
    for (const auto& g : r.gaps) {
      gaps.push_back({{"keyword", g.keyword}, {"stage", StageId(g.stage)}, {"monthly_volume", g.monthly_volume}});
    }
    j["coverage"] = {{"gap_volume", r.gap_volume},
                     {"covered_volume", r.covered_volume},
                     {"gap_keywords", r.gap_keywords},
                     {"gaps", gaps}};
  }
  return j.dump();
}

Result<reports::PortfolioProject> PortfolioProjectFromJson(const std::string& text) {
  try {
    json j = json::parse(text);
    reports::PortfolioProject r;
    r.name = j.at("name").get<std::string>();
    r.ok = j.at("ok").get<bool>();
    r.error = j.at("error").get<std::string>();
    r.keywords = j.at("keywords").get<uint64_t>();
    r.only_impressions = j.at("only_impressions").get<bool>();
    const json& stages = j.at("stages");
    if (stages.size() != kNumStages) return Status::Corruption("batch result: expected ten stages");
    for (size_t i = 0; i < kNumStages; ++i) {
      r.stages[i].keywords = stages[i].at("keywords").get<uint64_t>();
      r.stages[i].monthly_volume = stages[i].at("monthly_volume").get<int64_t>();
      r.stages[i].volume_share = stages[i].at("volume_share").get<double>();
    }
    r.inputs_imported = j.at("inputs_imported").get<uint64_t>();
    r.inputs_unchanged = j.at("inputs_unchanged").get<uint64_t>();
    r.rows_rejected = j.at("rows_rejected").get<uint64_t>();
    r.notes = j.at("notes").get<std::vector<std::string>>();
    r.report = j.at("report").get<std::string>();
    r.change = j.value("change", std::string());
    if (j.contains("coverage")) {
      const json& c = j.at("coverage");
      r.crawled = true;
      r.gap_volume = c.at("gap_volume").get<int64_t>();
      r.covered_volume = c.at("covered_volume").get<int64_t>();
      r.gap_keywords = c.at("gap_keywords").get<uint64_t>();
      for (const json& g : c.at("gaps")) {
        auto stage = StageFromId(g.at("stage").get<std::string>());
        if (!stage) return Status::Corruption("batch result: unknown stage in coverage gaps");
        r.gaps.push_back({g.at("keyword").get<std::string>(), *stage, g.at("monthly_volume").get<int64_t>()});
      }
    }
    for (const json& m : j.value("moments", json::array())) {
      auto stage = StageFromId(m.at("stage").get<std::string>());
      if (!stage) return Status::Corruption("batch result: unknown stage in moments");
      r.moments.push_back({m.at("label").get<std::string>(), *stage, m.at("monthly_volume").get<int64_t>(),
                           m.at("why").get<std::string>()});
    }
    return r;
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("batch result: ") + e.what());
  }
}

namespace {

// The last non-empty line of a child's log (its "klantreis: ..." error).
std::string LastLine(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return "";
  std::string_view s = *text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  size_t nl = s.rfind('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(nl + 1));
}

struct Child {
  size_t index = 0;
  std::chrono::steady_clock::time_point started;
  std::string spec, result, log;
};

Result<pid_t> Spawn(const std::string& exe, const Child& c) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<std::string> args = {exe, "batch-project", c.spec, c.result};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return Status::IoError(exe + ": cannot start a project process: " + std::strerror(rc));
  return pid;
}

// The result of a finished child: its JSON, or why it left none.
reports::PortfolioProject Collect(const BatchProject& p, const Child& c, int wstatus) {
  auto text = ReadFile(c.result);
  if (text.ok()) {
    auto r = PortfolioProjectFromJson(*text);
    if (r.ok()) return std::move(r).value();
  }
  reports::PortfolioProject r;
  r.name = p.name;
  std::string last = LastLine(c.log);
  if (WIFSIGNALED(wstatus)) {
    r.error = "the project's process crashed (signal " + std::to_string(WTERMSIG(wstatus)) + ", " +
              strsignal(WTERMSIG(wstatus)) + ")";
  } else {
    r.error = "the project's process ended with code " + std::to_string(WEXITSTATUS(wstatus)) + " and no result";
  }
  if (!last.empty()) r.error += ": " + last;
  return r;
}

}  // namespace

Result<std::vector<reports::PortfolioProject>> RunBatch(const BatchFile& batch, const BatchOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) return Status::IoError(options.out_dir + ": cannot create the output folder: " + ec.message());
  std::string tmpl = (fs::path(options.out_dir) / ".batch-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return Status::IoError(tmpl + ": " + std::strerror(errno));
  const std::string work = tmpl;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{work};

  size_t jobs = options.jobs > 0 ? static_cast<size_t>(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<reports::PortfolioProject> results(batch.projects.size());
  std::map<pid_t, Child> running;
  size_t next = 0;
  auto finish = [&](pid_t pid, int wstatus) {
    auto it = running.find(pid);
    if (it == running.end()) return;
    const Child& c = it->second;
    reports::PortfolioProject r = Collect(batch.projects[c.index], c, wstatus);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - c.started).count();
    results[c.index] = std::move(r);
    running.erase(it);
  };
  while (next < batch.projects.size() || !running.empty()) {
    while (next < batch.projects.size() && running.size() < jobs) {
      const BatchProject& p = batch.projects[next];
      Child c;
      c.index = next;
      std::string stem = (fs::path(work) / std::to_string(next)).string();
      c.spec = stem + ".spec.json";
      c.result = stem + ".result.json";
      c.log = stem + ".log";
      BatchProject spec = p;
      spec.dir = fs::absolute(p.dir, ec).string();
      std::string report_dir = fs::absolute(fs::path(options.out_dir) / p.name, ec).string();
      Status written = WriteFileAtomic(c.spec, BatchProjectToJson(spec, report_dir));
      c.started = std::chrono::steady_clock::now();
      if (!written.ok()) {
        results[next].name = p.name;
        results[next].error = written.message();
        ++next;
        continue;
      }
      auto pid = Spawn(options.self_exe, c);
      if (!pid.ok()) {
        results[next].name = p.name;
        results[next].error = pid.status().message();
        ++next;
        continue;
      }
      running.emplace(*pid, std::move(c));
      ++next;
    }
    if (running.empty()) continue;
    int wstatus = 0;
    pid_t pid = waitpid(-1, &wstatus, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("waiting for project processes: ") + std::strerror(errno));
    }
    finish(pid, wstatus);
  }
  auto brand = MakeBranding(batch.branding, batch.path + ": defaults.branding");
  if (!brand.ok()) return brand.status();
  KR_RETURN_IF_ERROR(reports::WritePortfolio(options.out_dir, results, NowIso(), *brand));
  return results;
}

}  // namespace kr::app
