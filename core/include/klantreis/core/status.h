// Status and Result<T>: the one error vocabulary of klantreis.
//
// No exceptions cross a module boundary: every fallible function returns a
// Status (or a Result<T> holding either a value or a non-OK Status). A
// message always names where the problem is (file, line, key, URL), in the
// form "context: cause", so the CLI can print "klantreis: <message>".
// Thread-safety: value types, safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace kr {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad usage or configuration (CLI exit code 2)
    kNotFound,
    kIoError,          // file system, disk full, permissions
    kCorruption,       // unreadable stored data
    kParseError,       // bad input file contents (encoding, CSV, HTML)
    kBusy,             // resource held by another process (store lock)
    kUnavailable,      // network: unreachable host, HTTP failure, captcha
    kAborted,
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status ParseError(std::string msg) { return Status(Code::kParseError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status Aborted(std::string msg) { return Status(Code::kAborted, std::move(msg)); }
  // An I/O error for want of room (ENOSPC, EFBIG, EDQUOT; RocksDB's NoSpace):
  // a write failed, nothing is damaged. code() is kIoError; IsNoSpace() says why.
  static Status NoSpace(std::string msg) {
    Status s(Code::kIoError, std::move(msg));
    s.no_space_ = true;
    return s;
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNoSpace() const { return no_space_; }

  // "context: message" — returns a copy with `context` prefixed.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    Status s(code_, context + ": " + message_);
    s.no_space_ = no_space_;
    return s;
  }
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  bool no_space_ = false;
  std::string message_;
};

// Turns errno into a Status naming `path` (the one place OS errors are mapped).
Status PosixError(const std::string& path, int err);

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {   // NOLINT
    assert(!status_.ok());
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

#define KR_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::kr::Status _kr_st = (expr);           \
    if (!_kr_st.ok()) return _kr_st;        \
  } while (0)

}  // namespace kr
