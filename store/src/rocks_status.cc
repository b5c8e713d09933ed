#include "rocks_status.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kr::store {

bool IsLockHeld(const rocksdb::Status& s) {
  if (!s.IsIOError() && !s.IsBusy()) return false;
  std::string m = s.ToString();
  // RocksDB 7.8 (env/fs_posix.cc): "While lock file: DIR/LOCK: <errno>" when
  // fcntl(F_SETLK) fails, "lock hold by current process ..." for a second
  // DB instance of this process.
  return m.find("While lock file") != std::string::npos || m.find("lock hold by current process") != std::string::npos;
}

bool IsOutOfRoom(const rocksdb::Status& s) {
  if (s.IsNoSpace()) return true;  // ENOSPC: RocksDB's own subcode
  if (!s.IsIOError()) return false;
  // EFBIG (a file size limit) and EDQUOT have no subcode: RocksDB says them
  // only as strerror text (env/io_posix.h IOError), in this process's locale.
  const std::string m = s.ToString();
  for (int err : {EFBIG, EDQUOT}) {
    if (m.find(std::strerror(err)) != std::string::npos) return true;
  }
  return false;
}

Status FromRocks(const rocksdb::Status& s, const std::string& dir, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string msg = "store " + dir + ": " + std::string(what) + ": " + s.ToString();
  if (IsLockHeld(s)) return Status::Busy("store " + dir + " is in use by another process (LOCK held)");
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsNoSpace()) return Status::NoSpace("store " + dir + ": " + std::string(what) + ": disk full: " + s.ToString());
  if (IsOutOfRoom(s)) return Status::NoSpace(msg);
  return Status::IoError(msg);
}

std::string PrintableKey(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else if (c >= 0x80) {
      out += static_cast<char>(c);  // UTF-8 keywords stay readable
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace kr::store
