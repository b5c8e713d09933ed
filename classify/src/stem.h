// SnowballStemmer: libstemmer (Snowball 2.2.0, Debian libstemmer0d) for
// Dutch and English, with the result copied out (sb_stemmer overwrites its
// buffer on the next call). Private to classify/.
//
// Thread-safety: NOT thread-safe (sb_stemmer keeps state); one per thread.
#pragma once

#include <libstemmer.h>

#include <string>
#include <string_view>

#include "klantreis/core/stage.h"
#include "klantreis/core/status.h"

namespace kr::classify::internal {

// libstemmer has no runtime version call: this is the Debian package version
// the build links against (checked by setup.sh's package list).
inline constexpr const char* kSnowballVersion = "2.2.0";

class SnowballStemmer {
 public:
  SnowballStemmer() = default;
  ~SnowballStemmer();
  SnowballStemmer(const SnowballStemmer&) = delete;
  SnowballStemmer& operator=(const SnowballStemmer&) = delete;

  // Opens the "dutch" and "english" UTF-8 stemmers. Unavailable when
  // libstemmer lacks them.
  Status Init();

  // Writes the stem of folded `word` in `lang` (kUnd is treated as Dutch)
  // to `out`. Possessive / plural apostrophes are removed first
  // ("auto's" -> auto, "women's" -> women).
  void Stem(std::string_view word, Language lang, std::string* out);

 private:
  sb_stemmer* nl_ = nullptr;
  sb_stemmer* en_ = nullptr;
};

}  // namespace kr::classify::internal
