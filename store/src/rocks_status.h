// Internal: the one place RocksDB statuses become kr::Status (FromRocks),
// with the store directory and the operation or key in the message.
#pragma once

#include <rocksdb/status.h>

#include <string>
#include <string_view>

#include "klantreis/core/status.h"

namespace kr::store {

// "store DIR: WHAT: <rocksdb message>". IO errors (permissions, missing
// files) -> IoError; no room (IsOutOfRoom) -> NoSpace (an IoError whose
// IsNoSpace() is true); corruption -> Corruption; a held LOCK -> Busy; not
// found -> NotFound; anything else -> IoError. Never aborts.
Status FromRocks(const rocksdb::Status& s, const std::string& dir, std::string_view what);

// True when `s` says the database LOCK file is held (by another process, or
// by another DB instance of this process).
bool IsLockHeld(const rocksdb::Status& s);

// A write that failed for want of room: RocksDB's NoSpace (ENOSPC), or EFBIG /
// EDQUOT, which it has no subcode for. FromRocks makes these Status::NoSpace.
bool IsOutOfRoom(const rocksdb::Status& s);

// A key for error messages: printable bytes as is, others as \xHH.
std::string PrintableKey(std::string_view key);

}  // namespace kr::store
