// ingest_bench: how fast ReadKeywordFile reads a big Keyword Planner export.
//
//   ingest_bench                      generate /tmp/klantreis_planner_1000000.csv (if absent) and time reading it
//   ingest_bench --big                the same with 5,000,000 rows
//   ingest_bench --rows N             any row count
//   ingest_bench --file PATH          time reading an existing file (any format)
//   ingest_bench --generate PATH      only write the Planner file (UTF-16LE, tabs, 12 monthly columns)
//   ingest_bench --utf8-csv PATH      also write the same rows as a UTF-8 comma CSV (for sqlite3 .import)
//   ingest_bench --repeat N           read N times, report the fastest
//
// The generated file has the layout of Keyword Planner's "Saved Keywords
// Stats" export (26 columns, two title lines, summary rows with an empty
// keyword), UTF-16LE with BOM. Keywords are distinct phrases built from
// Dutch and English words, some with diacritics. Prints rows/s, MB/s and
// the peak RSS of this process (getrusage). Generation streams through a
// small buffer, so the peak RSS is the reader's.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "klantreis/ingest/importer.h"

namespace {

const char* kLead[] = {"goedkope", "beste", "tweedehands", "elektrische", "snelle", "cheap", "best", "used",
                       "financiële", "duurzame", "lichte", "grote", "kleine", "nieuwe", "compacte", "stille",
                       "sterke", "slimme", "mooie", "handige", "veilige", "zuinige", "luxe", "simpele",
                       "professionele", "draagbare", "opvouwbare", "waterdichte", "zwarte", "witte", "rode",
                       "blauwe", "groene", "houten", "metalen", "ronde", "vierkante", "platte", "hoge", "lage",
                       "warme", "koude", "zachte", "harde", "oude", "moderne", "klassieke", "populaire",
                       "betaalbare", "exclusieve"};
const char* kNoun[] = {"fiets", "bakfiets", "e-bike", "laptop", "koffiezetapparaat", "wasmachine", "matras",
                       "bank", "stofzuiger", "telefoon", "koptelefoon", "tent", "rugzak", "zonnebril", "horloge",
                       "hardloopschoenen", "winterjas", "regenjas", "boormachine", "grasmaaier", "barbecue",
                       "airfryer", "blender", "waterkoker", "broodrooster", "televisie", "monitor", "printer",
                       "router", "tablet", "camera", "drone", "speaker", "café", "hotel", "restaurant",
                       "verzekering", "hypotheek", "energiecontract", "zonnepanelen", "warmtepomp", "laadpaal",
                       "autostoel", "kinderwagen", "box", "bureau", "bureaustoel", "kast", "lamp", "spiegel",
                       "tapijt", "gordijnen", "kussen", "dekbed", "pan", "mes", "snijplank", "oven", "magnetron",
                       "vaatwasser"};
const char* kPlace[] = {"amsterdam", "rotterdam", "utrecht", "den haag", "eindhoven", "groningen", "tilburg",
                        "almere", "breda", "nijmegen", "antwerpen", "gent", "brussel", "leuven", "brugge",
                        "belgië", "nederland", "online", "kopen", "huren", "review", "prijs", "aanbieding",
                        "korting", "vergelijken", "test", "ervaringen", "onderhoud", "repareren", "kopen online",
                        "outlet", "uitverkoop", "black friday", "2025", "tweedehands", "marktplaats", "bol",
                        "coolblue", "mediamarkt", "ikea"};
const char* kTail[] = {"", "hoe", "wat kost", "waar", "welke", "beste", "vs", "of", "met", "zonder", "voor kinderen",
                       "voor volwassenen", "voor beginners", "pro", "xl", "mini", "set", "kit", "accessoires",
                       "onderdelen", "handleiding", "garantie", "retour", "bezorging", "levertijd", "kleur",
                       "maat", "gewicht", "vermogen", "capaciteit", "afmetingen", "aanbieding", "actie",
                       "cadeau", "abonnement", "lease", "huur", "koop", "prijzen", "kosten", "subsidie",
                       "belasting", "btw", "zakelijk", "particulier", "nieuw", "gebruikt", "refurbished",
                       "occasion", "demo"};
constexpr size_t kN0 = sizeof kLead / sizeof *kLead, kN1 = sizeof kNoun / sizeof *kNoun,
                 kN2 = sizeof kPlace / sizeof *kPlace, kN3 = sizeof kTail / sizeof *kTail;

std::string Keyword(uint64_t i) {
  std::string k = kLead[i % kN0];
  i /= kN0;
  k += ' ';
  k += kNoun[i % kN1];
  i /= kN1;
  k += ' ';
  k += kPlace[i % kN2];
  i /= kN2;
  const char* tail = kTail[i % kN3];
  if (*tail) {
    k += ' ';
    k += tail;
  }
  return k;
}

// Streams text to a file as UTF-16LE (with BOM) or as UTF-8, in 1 MiB pieces.
class Writer {
 public:
  Writer(const std::string& path, bool utf16) : utf16_(utf16) {
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) {
      std::perror(path.c_str());
      std::exit(1);
    }
    if (utf16_) buf_ += "\xFF\xFE";
  }
  ~Writer() {
    Flush();
    std::fclose(f_);
  }
  void Put(const std::string& utf8) {
    if (!utf16_) {
      buf_ += utf8;
    } else {
      for (size_t i = 0; i < utf8.size();) {
        auto c = static_cast<unsigned char>(utf8[i]);
        uint32_t cp;
        int n;
        if (c < 0x80) {
          cp = c, n = 1;
        } else if ((c & 0xE0) == 0xC0) {
          cp = c & 0x1F, n = 2;
        } else if ((c & 0xF0) == 0xE0) {
          cp = c & 0x0F, n = 3;
        } else {
          cp = c & 0x07, n = 4;
        }
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += n;
        if (cp >= 0x10000) {
          cp -= 0x10000;
          PutUnit(0xD800 + (cp >> 10));
          PutUnit(0xDC00 + (cp & 0x3FF));
        } else {
          PutUnit(cp);
        }
      }
    }
    if (buf_.size() >= (1 << 20)) Flush();
  }

 private:
  void PutUnit(uint32_t u) {
    buf_ += static_cast<char>(u & 0xFF);
    buf_ += static_cast<char>(u >> 8);
  }
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      std::perror("write");
      std::exit(1);
    }
    buf_.clear();
  }
  FILE* f_;
  bool utf16_;
  std::string buf_;
};

const char* kMonths[] = {"Mar 2025", "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025",
                         "Sep 2025", "Oct 2025", "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026"};

std::string HeaderLine(char sep) {
  std::string h = "Keyword,Currency,Segmentation,Avg. monthly searches,Three month change,YoY change,Competition,"
                  "Competition (indexed value),Top of page bid (low range),Top of page bid (high range),"
                  "Ad impression share,Organic average position,Organic impression share,In Account";
  for (const char* m : kMonths) h += std::string(",Searches: ") + m;
  if (sep != ',') {
    for (char& c : h)
      if (c == ',') c = sep;
  }
  return h + "\n";
}

// One data row; `sep` is '\t' (Planner) or ',' (UTF-8 CSV for sqlite).
std::string Row(uint64_t i, char sep) {
  uint64_t h = (i + 1) * 0x9E3779B97F4A7C15ULL;
  uint64_t base = 10 + (h >> 40) % 50000;
  std::string r = Keyword(i);
  char buf[64];
  r += sep;
  r += "EUR";
  r += sep;  // Segmentation: empty
  r += sep;
  std::snprintf(buf, sizeof buf, "%llu.0", static_cast<unsigned long long>(base));
  r += buf;
  r += sep;
  std::snprintf(buf, sizeof buf, "%d%%", static_cast<int>((h >> 8) % 200) - 100);
  r += buf;
  r += sep;
  std::snprintf(buf, sizeof buf, "%d%%", static_cast<int>((h >> 16) % 300) - 100);
  r += buf;
  r += sep;
  static const char* kComp[] = {"Low", "Medium", "High", ""};
  r += kComp[(h >> 24) % 4];
  r += sep;
  std::snprintf(buf, sizeof buf, "%d", static_cast<int>((h >> 28) % 101));
  r += buf;
  r += sep;
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>((h >> 32) % 300) / 100.0);
  r += buf;
  r += sep;
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>((h >> 36) % 900) / 100.0 + 3.0);
  r += buf;
  r += sep;  // Ad impression share
  r += sep;  // Organic average position
  r += sep;  // Organic impression share
  r += sep;  // In Account
  for (int m = 0; m < 12; ++m) {
    r += sep;
    uint64_t v = base * (70 + (h >> (m * 4)) % 60) / 100;
    r += std::to_string(v);
  }
  r += '\n';
  return r;
}

void GeneratePlanner(const std::string& path, uint64_t rows) {
  Writer w(path, /*utf16=*/true);
  w.Put("Saved Keywords Stats 2026-04-04 at 11_53_50\n\"March 1, 2025 - February 28, 2026\"\n");
  w.Put(HeaderLine('\t'));
  std::string summary = "\t\tAll\t454200.0";
  for (int k = 0; k < 22; ++k) summary += '\t';
  w.Put(summary + "\n");
  for (uint64_t i = 0; i < rows; ++i) w.Put(Row(i, '\t'));
}

void GenerateUtf8Csv(const std::string& path, uint64_t rows) {
  Writer w(path, /*utf16=*/false);
  w.Put(HeaderLine(','));
  for (uint64_t i = 0; i < rows; ++i) w.Put(Row(i, ','));
}

double CpuSeconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

long PeakRssKiB() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

void Usage() {
  std::fprintf(stderr,
               "usage: ingest_bench [--rows N | --big] [--file PATH] [--generate PATH] [--utf8-csv PATH] "
               "[--repeat N]\n");
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t rows = 1000000;
  std::string file, generate, utf8_csv;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        Usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") {
      rows = std::strtoull(next().c_str(), nullptr, 10);
    } else if (a == "--big") {
      rows = 5000000;
    } else if (a == "--file") {
      file = next();
    } else if (a == "--generate") {
      generate = next();
    } else if (a == "--utf8-csv") {
      utf8_csv = next();
    } else if (a == "--repeat") {
      repeat = std::max(1, std::atoi(next().c_str()));
    } else {
      Usage();
      return 2;
    }
  }

  if (!utf8_csv.empty()) {
    GenerateUtf8Csv(utf8_csv, rows);
    std::printf("wrote %s (%llu rows, UTF-8 CSV, %.1f MB)\n", utf8_csv.c_str(), static_cast<unsigned long long>(rows),
                std::filesystem::file_size(utf8_csv) / 1e6);
  }
  if (!generate.empty()) {
    GeneratePlanner(generate, rows);
    std::printf("wrote %s (%llu rows, Keyword Planner UTF-16LE, %.1f MB)\n", generate.c_str(),
                static_cast<unsigned long long>(rows), std::filesystem::file_size(generate) / 1e6);
    return 0;
  }
  if (!utf8_csv.empty() && file.empty()) return 0;

  if (file.empty()) {
    file = "/tmp/klantreis_planner_" + std::to_string(rows) + ".csv";
    if (!std::filesystem::exists(file)) {
      auto t0 = std::chrono::steady_clock::now();
      GeneratePlanner(file, rows);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("generated %s in %.2f s\n", file.c_str(), s);
    }
  }
  const double mb = std::filesystem::file_size(file) / 1e6;
  std::printf("file: %s (%.1f MB)\n", file.c_str(), mb);
  std::printf("peak RSS before reading: %.1f MiB\n", PeakRssKiB() / 1024.0);

  double best = 1e300, best_cpu = 1e300;
  uint64_t n_rows = 0, n_err = 0, n_months = 0;
  int64_t volume_sum = 0;
  kr::ingest::FileInfo info;
  for (int r = 0; r < repeat; ++r) {
    n_rows = n_err = n_months = 0;
    volume_sum = 0;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    kr::Status st = kr::ingest::ReadKeywordFile(
        file, {}, &info,
        [&](kr::SourceRow&& row) {
          ++n_rows;
          volume_sum += row.volume.value_or(0);
          n_months += row.monthly.size();
          return kr::Status::Ok();
        },
        [&](kr::RowError&&) { ++n_err; });
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best_cpu = std::min(best_cpu, CpuSeconds() - c0);
    if (!st.ok()) {
      std::fprintf(stderr, "ingest_bench: %s\n", st.message().c_str());
      return 1;
    }
    best = std::min(best, s);
  }
  std::printf("format %s, encoding %s: %llu rows, %llu row errors, %llu monthly figures, volume sum %lld\n",
              std::string(kr::ingest::FormatId(info.format)).c_str(), info.encoding.c_str(),
              static_cast<unsigned long long>(n_rows), static_cast<unsigned long long>(n_err),
              static_cast<unsigned long long>(n_months), static_cast<long long>(volume_sum));
  std::printf("ReadKeywordFile: %.3f s wall%s (%.3f s CPU), %.0f rows/s, %.0f MB/s\n", best,
              repeat > 1 ? " (best)" : "", best_cpu, n_rows / best, mb / best);
  std::printf("peak RSS: %.1f MiB\n", PeakRssKiB() / 1024.0);
  return 0;
}
