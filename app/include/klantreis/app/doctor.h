// `klantreis doctor`: checks a project's store by reading all of it, and
// repairs a damaged one (RocksDB RepairDB) after a backup copy.
#pragma once

#include <cstdint>
#include <string>

#include "klantreis/core/status.h"

namespace kr::app {

struct DoctorReport {
  std::string store_dir;
  bool healthy = false;       // after the repair, when one was made
  std::string problem;        // what was found damaged ("" when healthy from the start)
  uint64_t keywords = 0;      // committed keywords read (when healthy)
  bool repaired = false;      // RepairDB ran
  std::string backup_dir;     // the copy made before repairing
  std::string after_repair;   // what is still wrong after the repair ("" when healthy)
};

// Opens the project's store read-only and reads every table checksum and
// every key (Store::Verify). With `repair` and a damaged store: copies
// DIR/store to DIR/store.backup-YYYYMMDD-HHMMSS, runs RepairDB on the store
// (keys of an unreadable table file are lost) and checks it again.
// Errors: not a project (InvalidArgument), the backup copy failing (IoError:
// nothing is repaired then), the store in use by another process (Busy).
Result<DoctorReport> CheckProjectStore(const std::string& project_dir, bool repair);

}  // namespace kr::app
