// Ctrl-C (SIGINT) and SIGTERM during long work: the first one sets the
// process-wide stop request (klantreis/core/interrupt.h) and the command
// ends early at its next check, saying what it kept; a second one ends the
// process at once (the handler is reset after the first).
#pragma once

#include <signal.h>

#include <string>

#include "klantreis/core/interrupt.h"

namespace kr::cli {

extern "C" inline void KrOnInterrupt(int signo) { kr::RequestStop(signo); }

class InterruptGuard {
 public:
  InterruptGuard() : handlers_((kr::ClearStop(), &KrOnInterrupt), SA_RESETHAND) {}

 private:
  kr::StopSignalHandlers handlers_;
};

// "SIGINT", "SIGTERM" or "a stop request": for messages.
inline std::string StopSignalName() {
  switch (kr::StopSignal()) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a stop request";
  }
}

}  // namespace kr::cli
