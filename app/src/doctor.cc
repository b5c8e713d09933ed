#include "klantreis/app/doctor.h"

#include <ctime>
#include <filesystem>

#include "klantreis/app/project.h"

namespace kr::app {
namespace fs = std::filesystem;
namespace {

// The message without the "run `klantreis doctor ...`" hint (the doctor is running).
std::string WithoutHint(std::string m) {
  size_t h = m.find("; run `klantreis doctor");
  return h == std::string::npos ? m : m.substr(0, h);
}

// "" when the store opens and reads whole, else the problem. Busy and
// "not a project" are errors of the check itself.
Result<std::string> Check(const std::string& project_dir, uint64_t* keywords) {
  auto p = OpenProject(project_dir, store::OpenMode::kReadOnly, "");
  if (!p.ok()) {
    const Status& s = p.status();
    if (s.code() == Status::Code::kCorruption || s.code() == Status::Code::kIoError) return WithoutHint(s.message());
    return s;
  }
  Status v = p->store->Verify(keywords);
  if (v.ok()) return std::string();
  if (v.code() == Status::Code::kCorruption || v.code() == Status::Code::kIoError) return WithoutHint(v.message());
  return v;
}

std::string Timestamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

}  // namespace

Result<DoctorReport> CheckProjectStore(const std::string& project_dir, bool repair) {
  DoctorReport r;
  const std::string dir = project_dir.empty() ? "." : project_dir;
  r.store_dir = (fs::path(dir) / "store").string();
  auto problem = Check(dir, &r.keywords);
  if (!problem.ok()) return problem.status();
  r.problem = *problem;
  r.healthy = r.problem.empty();
  if (r.healthy || !repair) return r;

  // Back up first: RepairDB drops what it cannot read.
  r.backup_dir = r.store_dir + ".backup-" + Timestamp();
  std::error_code ec;
  fs::copy(r.store_dir, r.backup_dir, fs::copy_options::recursive, ec);
  if (ec) {
    return Status::IoError("doctor: cannot back up " + r.store_dir + " to " + r.backup_dir + ": " + ec.message() +
                           "; nothing repaired");
  }
  Status repaired = store::Store::Repair(r.store_dir);
  if (repaired.code() == Status::Code::kBusy) return repaired;
  r.repaired = repaired.ok();
  if (!repaired.ok()) {
    r.after_repair = repaired.message();
    return r;
  }
  auto after = Check(dir, &r.keywords);
  if (!after.ok()) return after.status();
  r.after_repair = *after;
  r.healthy = r.after_repair.empty();
  return r;
}

}  // namespace kr::app
