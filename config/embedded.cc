#include "klantreis/embedded_config.h"

#include <algorithm>

namespace kr::embedded_detail {
struct Entry {
  const char* path;
  const unsigned char* data;
  std::size_t size;
};
extern const Entry kEntries[];
}  // namespace kr::embedded_detail

namespace kr::embedded {

std::optional<std::string_view> Get(std::string_view path) {
  for (const auto* e = embedded_detail::kEntries; e->path != nullptr; ++e) {
    if (path == e->path) {
      return std::string_view(reinterpret_cast<const char*>(e->data), e->size);
    }
  }
  return std::nullopt;
}

std::vector<std::string> List() {
  std::vector<std::string> out;
  for (const auto* e = embedded_detail::kEntries; e->path != nullptr; ++e) out.emplace_back(e->path);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kr::embedded
