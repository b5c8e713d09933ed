// Numbers as reports and the terminal show them. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>

namespace kr {

// An integer with thousands separators: 12100 -> "12,100", -5000 -> "-5,000".
std::string Thousands(int64_t v);

}  // namespace kr
