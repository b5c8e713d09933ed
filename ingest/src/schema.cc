#include "schema.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <cstdio>
#include <cstring>
#include <optional>
#include <tuple>

#include "klantreis/core/text.h"

namespace kr::ingest::internal {
namespace {

using Kind = ColumnSpec::Kind;

constexpr size_t kHeaderSearchItems = 10;  // the header must be among the first 10 lines
constexpr size_t kSampleItems = 40;        // records looked at for headerless files

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }
bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

template <size_t N>
bool OneOf(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}
template <size_t N>
bool ContainsAny(std::string_view s, const std::string_view (&list)[N]) {
  for (auto p : list)
    if (Contains(s, p)) return true;
  return false;
}

// ---- Header vocabularies (normalised: lower case, single spaces) -----------

// A keyword column in any tool's export or a hand-made list.
constexpr std::string_view kKeywordHeaders[] = {
    "keyword",        "keywords",         "zoekwoord",     "zoekwoorden",    "query",
    "queries",        "search query",     "search queries", "search term",   "search terms",
    "zoekterm",       "zoektermen",       "zoekopdracht",   "trefwoord",     "trefwoorden",
    "term",           "kw",               "keyword phrase", "phrase",        "suchbegriff",
    "keyword (by relevance)", "palabra clave", "mot-clé",  "mot clé",        "top queries",
    "query principali", "consulta",       "zoekvraag",      "zoekvragen",
};

// Column 1 of a Search Console Queries export, in the UI languages we know.
constexpr std::string_view kGscQueryHeaders[] = {
    "top queries",      "query",           "queries",       "meest uitgevoerde zoekopdrachten",
    "populairste zoekopdrachten", "zoekopdrachten", "zoekopdracht", "consultas principales",
    "consultas",        "consulta",        "häufigste suchanfragen", "top-suchanfragen",
    "suchanfragen",     "requêtes les plus fréquentes", "requêtes", "query principali",
    "principais consultas", "najczęstsze zapytania", "zapytania",
};
constexpr std::string_view kGscQueryParts[] = {"quer", "zoekopdracht", "consulta", "suchanfrage", "requête",
                                               "requete", "zapytani", "sorgu", "запрос", "クエリ", "查询", "검색어"};

// Column 1 of the other sheets of a Search Console export.
constexpr std::string_view kGscOtherSheets[] = {
    "pages",       "top pages",   "page",        "pagina's",     "populairste pagina's", "pagina",
    "páginas principales", "páginas", "página",  "seiten",       "top-seiten",           "countries",
    "country",     "land",        "landen",      "países",       "país",                 "länder",
    "pays",        "devices",     "device",      "apparaat",     "apparaten",            "dispositivo",
    "dispositivos", "geräte",     "gerät",       "appareils",    "appareil",             "dates",
    "date",        "datum",       "data",        "fecha",        "fechas",               "search appearance",
    "zoekopmaak",  "weergave in zoekresultaten", "aspecto en la búsqueda", "darstellung in der suche",
    "filters",     "filter",      "filtrar",     "filtros",      "filtres",
};

bool IsCtr(std::string_view h) { return Contains(h, "ctr"); }
bool IsClicks(std::string_view h) {
  static constexpr std::string_view kParts[] = {"click", "klik", "clic", "klick", "クリック"};
  return ContainsAny(h, kParts);
}
bool IsImpressions(std::string_view h) {
  static constexpr std::string_view kParts[] = {"impression", "vertoning", "impresion", "impresión",
                                                "impressõ", "wyświetl", "表示回数"};
  return ContainsAny(h, kParts);
}
bool IsPosition(std::string_view h) {
  static constexpr std::string_view kParts[] = {"position", "positie", "posición", "posicion",
                                                "posizione", "posição", "pozycja", "掲載順位"};
  return ContainsAny(h, kParts);
}
bool IsQueryHeader(std::string_view h) { return OneOf(h, kGscQueryHeaders) || ContainsAny(h, kGscQueryParts); }

bool IsMonthlySearchesHeader(std::string_view h) {
  static constexpr std::string_view kParts[] = {"monthly searches", "maandelijkse zoekopdrachten",
                                                "monatliche suchanfragen", "búsquedas mensuales",
                                                "recherches mensuelles"};
  return ContainsAny(h, kParts);
}
// Headers whose figures use a decimal comma (Dutch, German, ... exports).
bool IsDecimalCommaHeader(std::string_view h) {
  static constexpr std::string_view kWords[] = {"zoekwoord", "zoekvolume", "zoekopdrachten", "concurrentie",
                                                "suchbegriff", "suchvolumen", "palabra clave", "mot-clé"};
  return ContainsAny(h, kWords);
}

constexpr std::string_view kVolumeHeaders[] = {
    "volume",          "search volume",    "zoekvolume",       "searches",          "avg. monthly searches",
    "avg monthly searches", "monthly searches", "gem. maandelijkse zoekopdrachten",
    "maandelijkse zoekopdrachten", "gemiddeld aantal zoekopdrachten per maand", "zoekopdrachten",
    "monthly volume",  "maandelijks zoekvolume", "vol",    "sv",                "msv",
    "suchvolumen",     "volumen",          "volumen de búsqueda", "volume de recherche", "aantal zoekopdrachten",
};

// ---- Column mapping ---------------------------------------------------------

// Attribute name from a header nobody told us about: ASCII letters and
// digits kept (lower case), other ASCII as '_', non-ASCII bytes kept.
std::string SnakeName(std::string_view h, size_t index) {
  std::string out;
  for (unsigned char c : h) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (keep) {
      out += static_cast<char>(c);
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "col" + std::to_string(index + 1);
  return out;
}

ColumnSpec Col(Kind kind, std::string attr = "") {
  ColumnSpec c;
  c.kind = kind;
  c.attr = std::move(attr);
  return c;
}

// Attributes shared by several tools and by hand-made CSVs.
std::optional<ColumnSpec> CommonColumn(std::string_view h) {
  if (h == "kd" || h == "kd %" || h == "kd%" || h == "difficulty" || h == "keyword difficulty" ||
      h == "keyword difficulty index" || h == "moeilijkheid" || h == "moeilijkheidsgraad")
    return Col(Kind::kNumber, "kd");
  if (StartsWith(h, "cpc") || h == "kosten per klik") return Col(Kind::kNumber, "cpc");
  if (h == "competition" || h == "concurrentie" || h == "competitive density" || h == "com.")
    return Col(Kind::kText, "competition");
  if (h == "intent" || h == "intents" || h == "intentie" || h == "zoekintentie" || h == "search intent")
    return Col(Kind::kText, "intent");
  if (h == "clicks" || h == "klikken" || h == "aantal klikken") return Col(Kind::kNumber, "clicks");
  if (h == "impressions" || h == "vertoningen") return Col(Kind::kNumber, "impressions");
  if (h == "ctr") return Col(Kind::kNumber, "ctr");
  if (h == "position" || h == "positie" || h == "avg. position" || h == "average position")
    return Col(Kind::kNumber, "position");
  if (StartsWith(h, "serp features")) return Col(Kind::kText, "serp_features");
  if (h == "trend" || h == "trends") return Col(Kind::kText, "trend");
  if (h == "parent keyword" || h == "parent topic") return Col(Kind::kKeywordText, "parent_keyword");
  if (h == "currency" || h == "valuta") return Col(Kind::kText, "currency");
  return std::nullopt;
}

ColumnSpec PlannerColumn(std::string_view h, size_t index) {
  if (h == "keyword" || h == "zoekwoord" || h == "suchbegriff") return Col(Kind::kKeyword);
  if (h == "currency" || h == "valuta" || h == "währung") return Col(Kind::kText, "currency");
  if (h == "segmentation" || h == "segmentatie" || h == "segmentierung") return Col(Kind::kText, "segmentation");
  if (IsMonthlySearchesHeader(h)) return Col(Kind::kVolume);
  if (Contains(h, "three month") || Contains(h, "drie maanden") || Contains(h, "3 maanden"))
    return Col(Kind::kNumber, "three_month_change");
  if (Contains(h, "yoy") || Contains(h, "jaar op jaar") || Contains(h, "year over year"))
    return Col(Kind::kNumber, "yoy_change");
  if (StartsWith(h, "competition (") || StartsWith(h, "concurrentie (")) return Col(Kind::kNumber, "competition_index");
  if (h == "competition" || h == "concurrentie" || h == "wettbewerb") return Col(Kind::kText, "competition");
  if (Contains(h, "bid") || StartsWith(h, "bod") || Contains(h, " bod ")) {
    if (Contains(h, "low") || Contains(h, "laag") || Contains(h, "lage")) return Col(Kind::kNumber, "bid_low");
    if (Contains(h, "high") || Contains(h, "hoog") || Contains(h, "hoge")) return Col(Kind::kNumber, "bid_high");
  }
  bool organic = Contains(h, "organic") || Contains(h, "organisch");
  if (organic && IsPosition(h)) return Col(Kind::kNumber, "organic_position");
  if (organic && (IsImpressions(h) || Contains(h, "share") || Contains(h, "aandeel")))
    return Col(Kind::kNumber, "organic_impression_share");
  if (Contains(h, "ad impression share") || (Contains(h, "advertentie") && Contains(h, "aandeel")))
    return Col(Kind::kNumber, "ad_impression_share");
  if (StartsWith(h, "in account")) return Col(Kind::kText, "in_account");
  if (StartsWith(h, "in plan") || StartsWith(h, "in abonnement") || StartsWith(h, "in zoekwoordplan"))
    return Col(Kind::kText, "in_plan");
  if (auto c = CommonColumn(h)) return *c;
  if (OneOf(h, kVolumeHeaders)) return Col(Kind::kVolume);
  return Col(Kind::kText, SnakeName(h, index));
}

ColumnSpec SemrushColumn(std::string_view h, size_t index) {
  if (h == "keyword") return Col(Kind::kKeyword);
  if (h == "volume" || h == "search volume") return Col(Kind::kVolume);
  if (h == "competitive density" || h == "competition") return Col(Kind::kNumber, "competition");
  if (h == "number of results" || h == "results") return Col(Kind::kNumber, "results");
  if (h == "database") return Col(Kind::kText, "database");
  if (h == "seed keyword") return Col(Kind::kKeywordText, "seed_keyword");
  if (h == "click potential") return Col(Kind::kNumber, "click_potential");
  if (auto c = CommonColumn(h)) return *c;
  return Col(Kind::kText, SnakeName(h, index));
}

ColumnSpec AhrefsColumn(std::string_view h, size_t index) {
  if (h == "#") return Col(Kind::kIgnore);
  if (h == "keyword") return Col(Kind::kKeyword);
  if (h == "volume" || h == "search volume") return Col(Kind::kVolume);
  if (h == "country") return Col(Kind::kText, "country");
  if (h == "cps") return Col(Kind::kNumber, "cps");
  if (h == "last update") return Col(Kind::kText, "last_update");
  if (h == "global volume") return Col(Kind::kNumber, "global_volume");
  if (h == "traffic potential") return Col(Kind::kNumber, "traffic_potential");
  if (h == "global traffic potential") return Col(Kind::kNumber, "global_traffic_potential");
  if (h == "first seen") return Col(Kind::kText, "first_seen");
  if (auto c = CommonColumn(h)) return *c;
  return Col(Kind::kText, SnakeName(h, index));
}

ColumnSpec CsvColumn(std::string_view h, size_t index) {
  if (OneOf(h, kVolumeHeaders) || IsMonthlySearchesHeader(h)) return Col(Kind::kVolume);
  if (auto c = CommonColumn(h)) return *c;
  return Col(Kind::kText, SnakeName(h, index));
}

// Search Console: the query column (column 1 in the UI export); in compare mode every metric
// appears twice (this period, then the previous one).
std::vector<ColumnSpec> GscColumns(const std::vector<std::string>& norm, size_t keyword_col,
                                   std::optional<size_t>* volume_col) {
  std::vector<ColumnSpec> cols(norm.size());
  int seen_clicks = 0, seen_impr = 0, seen_ctr = 0, seen_pos = 0;
  auto name = [](const char* base, int seen) { return std::string(base) + (seen ? "_previous" : ""); };
  for (size_t i = 0; i < norm.size(); ++i) {
    const std::string& h = norm[i];
    if (i == keyword_col) {
      cols[i] = Col(Kind::kKeyword);
    } else if (IsCtr(h)) {
      cols[i] = Col(Kind::kNumber, name("ctr", seen_ctr++));
    } else if (IsImpressions(h)) {
      if (!seen_impr) *volume_col = i;
      cols[i] = Col(Kind::kNumber, name("impressions", seen_impr++));
    } else if (IsClicks(h)) {
      cols[i] = Col(Kind::kNumber, name("clicks", seen_clicks++));
    } else if (IsPosition(h)) {
      cols[i] = Col(Kind::kNumber, name("position", seen_pos++));
    } else {
      cols[i] = Col(Kind::kText, SnakeName(h, i));
    }
  }
  return cols;
}

// Search Console compare mode names its two periods in the metric headers
// ("Last 28 days Clicks", "Previous 28 days Clicks", or dates): the header
// without the metric word and the brackets around what is left.
std::string PeriodLabel(std::string_view raw) {
  std::string label;
  size_t i = 0;
  while (i < raw.size()) {
    size_t j = raw.find(' ', i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view word = raw.substr(i, j - i);
    const std::string norm = NormaliseHeader(word);
    if (!word.empty() && !IsClicks(norm) && !IsImpressions(norm) && !IsCtr(norm) && !IsPosition(norm)) {
      if (!label.empty()) label += ' ';
      label += word;
    }
    i = j + 1;
  }
  size_t b = label.find_first_not_of(" ()[]:-,");
  size_t e = label.find_last_not_of(" ()[]:-,");
  return b == std::string::npos ? std::string() : label.substr(b, e - b + 1);
}

// The attributes `period` and `period_previous` of a compare-mode export:
// taken from the first metric that appears twice (clicks, else impressions).
void AddGscPeriods(Schema* s, const std::vector<std::string>& norm, const std::vector<std::string>& raw,
                   size_t keyword_col) {
  for (auto is : {IsClicks, IsImpressions}) {
    std::vector<size_t> at;
    for (size_t i = 0; i < norm.size() && i < raw.size(); ++i)
      if (i != keyword_col && is(norm[i]) && !IsCtr(norm[i])) at.push_back(i);
    if (at.size() != 2) continue;
    std::string current = PeriodLabel(raw[at[0]]), previous = PeriodLabel(raw[at[1]]);
    if (current.empty() || previous.empty() || current == previous) return;
    s->constant_attrs.emplace_back("period", std::move(current));
    s->constant_attrs.emplace_back("period_previous", std::move(previous));
    return;
  }
}

// ---- Header classification -------------------------------------------------

struct HeaderVerdict {
  Format format = Format::kAuto;  // kAuto: not a header we recognise
  std::optional<size_t> keyword_col;  // a column named like a keyword column
  std::string sheet;  // set when this is another Search Console sheet (Devices, Pages...)
};

std::optional<size_t> FindKeywordHeader(const std::vector<std::string>& norm) {
  for (size_t i = 0; i < norm.size(); ++i)
    if (OneOf(norm[i], kKeywordHeaders)) return i;
  return std::nullopt;
}

HeaderVerdict ClassifyHeader(const std::vector<std::string>& norm, const std::vector<std::string>& raw) {
  HeaderVerdict v;
  if (norm.size() >= 3) {
    bool ctr = false, impr = false, clicks = false, pos = false;
    for (size_t i = 1; i < norm.size(); ++i) {
      ctr |= IsCtr(norm[i]);
      impr |= IsImpressions(norm[i]);
      clicks |= IsClicks(norm[i]);
      pos |= IsPosition(norm[i]);
    }
    if (ctr && (impr || clicks) && pos) {
      if (IsQueryHeader(norm[0])) {
        v.format = Format::kGsc;
        v.keyword_col = 0;
        return v;
      }
      // Search Console API / Looker exports: "Page,Query,Clicks,...".
      for (size_t i = 1; i < norm.size(); ++i) {
        if (OneOf(norm[i], kGscQueryHeaders) || OneOf(norm[i], kKeywordHeaders)) {
          v.format = Format::kGsc;
          v.keyword_col = i;
          return v;
        }
      }
      if (OneOf(norm[0], kGscOtherSheets)) {
        v.sheet = raw[0];
        return v;
      }
    }
  }
  if (norm.size() >= 2 && OneOf(norm[0], kGscOtherSheets) && !FindKeywordHeader(norm)) {
    v.sheet = raw[0];  // e.g. the Filters sheet: "Filter,Value"
  }
  auto kw = FindKeywordHeader(norm);
  if (!kw) return v;
  v.sheet.clear();
  v.keyword_col = *kw;
  bool planner = false, ahrefs = false, semrush = false;
  for (const auto& h : norm) {
    // (Monthly "Searches: Mar 2025" columns alone do not make a Planner export.)
    planner |= IsMonthlySearchesHeader(h) || Contains(h, "top of page bid") ||
               StartsWith(h, "bod voor") || StartsWith(h, "competition (indexed") || StartsWith(h, "concurrentie (");
    ahrefs |= h == "parent keyword" || h == "parent topic" || h == "traffic potential" || h == "cps" ||
              h == "global traffic potential";
    semrush |= h == "keyword difficulty" || h == "competitive density" || StartsWith(h, "cpc (") ||
               h == "number of results" || h == "keyword difficulty index" || h == "click potential";
  }
  v.format = planner ? Format::kPlanner : ahrefs ? Format::kAhrefs : semrush ? Format::kSemrush : Format::kCsv;
  return v;
}

// ---- Sample parsing ---------------------------------------------------------

struct Item {
  bool error = false;
  uint64_t line = 0;
  std::vector<std::string> fields;
};

std::vector<Item> ParseSample(std::string_view sample, RecordReader::Mode mode, char delim, size_t max_items) {
  StringSource src{std::string(sample)};
  RecordReader reader(&src, {mode, delim, 64 * 1024});
  std::vector<Item> items;
  Record rec;
  RowError err;
  while (items.size() < max_items) {
    auto r = reader.Next(&rec, &err);
    if (!r.ok() || *r == RecordReader::Outcome::kEof) break;
    Item it;
    if (*r == RecordReader::Outcome::kError) {
      it.error = true;
      it.line = err.line;
    } else {
      it.line = rec.line;
      for (size_t i = 0; i < rec.size(); ++i) it.fields.emplace_back(rec.field(i));
    }
    items.push_back(std::move(it));
  }
  return items;
}

std::vector<std::string> Normalised(const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (const auto& f : fields) out.push_back(NormaliseHeader(f));
  return out;
}

std::string Quoted(std::string_view s, size_t max = 60) {
  std::string t(s.substr(0, max));
  if (s.size() > max) t += "...";
  return "'" + t + "'";
}

std::string HeaderList(const std::vector<std::string>& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size() && i < 8; ++i) {
    if (i) out += ", ";
    out += Quoted(raw[i], 40);
  }
  if (raw.size() > 8) out += ", ...";
  return out;
}

constexpr char kDelimiters[] = {'\t', ',', ';', '|'};

std::string DelimName(char d) {
  switch (d) {
    case '\t': return "tab";
    case ',': return "comma";
    case ';': return "semicolon";
    case '|': return "pipe";
  }
  return std::string(1, d);
}

bool IsIndex(const std::string& spec) {
  return !spec.empty() && std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value of an all-digit column spec; a number too big for size_t saturates
// (it is out of range for any file, and the caller says so).
size_t IndexValue(const std::string& spec) {
  size_t v = 0;
  auto [ptr, err] = std::from_chars(spec.data(), spec.data() + spec.size(), v);
  if (err != std::errc() || ptr != spec.data() + spec.size()) return std::numeric_limits<size_t>::max();
  return v;
}

// A column named by --keyword-col / --volume-col: a header name or a 1-based index.
Result<size_t> ResolveColumn(const std::string& path, const char* flag, const std::string& spec,
                             const std::vector<std::string>& header_raw, size_t n_fields) {
  if (IsIndex(spec)) {
    size_t idx = IndexValue(spec);
    if (idx == 0 || idx > n_fields) {
      return Status::InvalidArgument(path + ": " + flag + " " + spec + " is out of range (the file has " +
                                     std::to_string(n_fields) + " columns)");
    }
    return idx - 1;
  }
  std::string want = NormaliseHeader(spec);
  for (size_t i = 0; i < header_raw.size(); ++i)
    if (NormaliseHeader(header_raw[i]) == want) return i;
  return Status::InvalidArgument(path + ": " + flag + " '" + spec + "' is not a column of the header (" +
                                 HeaderList(header_raw) + ")");
}

bool LooksLikeVolume(std::string_view s) {
  auto v = ParseVolume(s, NumberLocale::En());
  return v.kind == ParsedVolume::Kind::kExact || v.kind == ParsedVolume::Kind::kRange;
}

// The delimiter giving the same number (> 1) of fields on at least 90% of
// the sample's records, with that number; nullopt if none.
std::optional<std::pair<char, size_t>> ConsistentDelimiter(std::string_view sample, size_t min_fields) {
  std::optional<std::pair<char, size_t>> best;
  for (char d : kDelimiters) {
    auto items = ParseSample(sample, RecordReader::Mode::kCsv, d, kSampleItems);
    std::vector<size_t> counts;
    for (const auto& it : items)
      if (!it.error) counts.push_back(it.fields.size());
    if (counts.empty()) continue;
    std::sort(counts.begin(), counts.end());
    // Most common field count.
    size_t mode = counts[0], mode_n = 0;
    for (size_t i = 0; i < counts.size();) {
      size_t j = i;
      while (j < counts.size() && counts[j] == counts[i]) ++j;
      if (j - i > mode_n) {
        mode = counts[i];
        mode_n = j - i;
      }
      i = j;
    }
    if (mode < std::max<size_t>(2, min_fields) || mode_n * 10 < counts.size() * 9) continue;
    if (!best || mode > best->second) best = std::make_pair(d, mode);
  }
  return best;
}

// ---- Building the schema ----------------------------------------------------

void FinishColumns(Schema* s, const std::vector<std::string>& raw) {
  // One keyword column and one volume column; extra ones become attributes.
  bool have_kw = false, have_vol = s->volume_col.has_value();
  for (size_t i = 0; i < s->columns.size(); ++i) {
    ColumnSpec& c = s->columns[i];
    c.header = i < raw.size() ? raw[i] : std::string();
    if (c.kind == Kind::kKeyword) {
      if (!have_kw) {
        s->keyword_col = i;
        have_kw = true;
      } else {
        c = Col(Kind::kKeywordText, SnakeName(NormaliseHeader(c.header), i));
        c.header = raw[i];
      }
    } else if (c.kind == Kind::kVolume) {
      if (!have_vol) {
        s->volume_col = i;
        have_vol = true;
      } else if (*s->volume_col != i) {
        c = Col(Kind::kNumber, SnakeName(NormaliseHeader(c.header), i));
        c.header = raw[i];
      }
    } else if (c.kind != Kind::kMonth && c.kind != Kind::kIgnore && i < raw.size()) {
      if (auto m = ParseMonthHeader(raw[i])) {
        c.kind = Kind::kMonth;
        c.month = *m;
      }
    }
    if (c.header.empty() && c.kind == Kind::kText) c.kind = Kind::kIgnore;  // unnamed trailing column
  }
  s->attr_columns = 0;
  for (const auto& c : s->columns)
    s->attr_columns += c.kind == Kind::kText || c.kind == Kind::kNumber || c.kind == Kind::kKeywordText;
}

std::vector<ColumnSpec> MapColumns(Format f, const std::vector<std::string>& norm) {
  std::vector<ColumnSpec> cols;
  cols.reserve(norm.size());
  for (size_t i = 0; i < norm.size(); ++i) {
    const std::string& h = norm[i];
    switch (f) {
      case Format::kPlanner: cols.push_back(PlannerColumn(h, i)); break;
      case Format::kSemrush: cols.push_back(SemrushColumn(h, i)); break;
      case Format::kAhrefs: cols.push_back(AhrefsColumn(h, i)); break;
      default: cols.push_back(CsvColumn(h, i)); break;
    }
  }
  return cols;
}

VolumeKind DefaultVolumeKind(Format f) {
  switch (f) {
    case Format::kPlanner: return VolumeKind::kPlannerAverage;
    case Format::kGsc: return VolumeKind::kImpressions;
    case Format::kSemrush:
    case Format::kAhrefs: return VolumeKind::kToolVolume;
    default: return VolumeKind::kListVolume;
  }
}

NumberLocale LocaleFor(Format f, char delim, const std::vector<std::string>& norm) {
  if (f == Format::kGsc || f == Format::kSemrush || f == Format::kAhrefs) return NumberLocale::En();
  if (delim == ';') return NumberLocale::Nl();
  for (const auto& h : norm)
    if (IsDecimalCommaHeader(h)) return NumberLocale::Nl();
  return NumberLocale::En();
}

// Semrush puts the currency in the CPC header: "CPC (USD)".
void AddCurrencyFromHeader(Schema* s, const std::vector<std::string>& raw) {
  for (const auto& r : raw) {
    std::string h = NormaliseHeader(r);
    if (!StartsWith(h, "cpc (")) continue;
    size_t open = r.find('('), close = r.find(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1) {
      s->constant_attrs.emplace_back("currency", std::string(TrimSpace(std::string_view(r).substr(open + 1, close - open - 1))));
    }
    return;
  }
}

Status ApplyColumnOptions(const std::string& path, const ImportOptions& o, const std::vector<std::string>& raw,
                          size_t n_fields, Schema* s) {
  if (!o.keyword_col.empty()) {
    auto k = ResolveColumn(path, "--keyword-col", o.keyword_col, raw, n_fields);
    if (!k.ok()) return k.status();
    for (auto& c : s->columns)
      if (c.kind == Kind::kKeyword) c.kind = Kind::kIgnore;
    if (*k >= s->columns.size()) s->columns.resize(*k + 1);
    s->columns[*k].kind = Kind::kKeyword;
  }
  if (!o.volume_col.empty()) {
    auto v = ResolveColumn(path, "--volume-col", o.volume_col, raw, n_fields);
    if (!v.ok()) return v.status();
    if (*v >= s->columns.size()) s->columns.resize(*v + 1);
    if (s->columns[*v].kind == Kind::kKeyword)
      return Status::InvalidArgument(path + ": --volume-col names the keyword column");
    for (size_t i = 0; i < s->columns.size(); ++i) {
      if (s->columns[i].kind == Kind::kVolume)
        s->columns[i] = i < raw.size() ? Col(Kind::kNumber, SnakeName(NormaliseHeader(raw[i]), i)) : Col(Kind::kIgnore);
    }
    if (s->columns[*v].kind != Kind::kNumber) s->columns[*v].kind = Kind::kVolume;
    s->volume_col = *v;
  }
  return Status::Ok();
}

// ---- Row conversion helpers -------------------------------------------------

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
    return U_SUCCESS(err) ? n : nullptr;
  }();
  return nfc;
}

void ToNfc(std::string* s) {
  bool ascii = true;
  for (unsigned char c : *s)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return;
  const icu::Normalizer2* nfc = Nfc();
  if (!nfc) return;
  UErrorCode err = U_ZERO_ERROR;
  if (nfc->isNormalizedUTF8(icu::StringPiece(s->data(), static_cast<int32_t>(s->size())), err) && U_SUCCESS(err))
    return;
  err = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s->size()));
  nfc->normalizeUTF8(0, icu::StringPiece(s->data(), static_cast<int32_t>(s->size())), sink, nullptr, err);
  if (U_SUCCESS(err)) *s = std::move(out);
}

// A keyword cell as text: trimmed, a line break inside (Search Console
// hard-wraps long queries) and the spaces around it become one space, NFC.
std::string CleanKeyword(std::string_view cell) {
  std::string_view t = TrimSpace(cell);
  std::string out;
  bool has_break = false;
  for (char c : t) has_break |= (c == '\r') | (c == '\n') | (c == '\t');
  if (!has_break) {
    out.assign(t);
  } else {
    out.reserve(t.size());
    for (size_t i = 0; i < t.size();) {
      char c = t[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        size_t j = i;
        bool has_break = false;
        while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r' || t[j] == '\n')) {
          has_break |= t[j] != ' ';
          ++j;
        }
        if (has_break) {
          out += ' ';
        } else {
          out.append(t.substr(i, j - i));
        }
        i = j;
      } else {
        out += c;
        ++i;
      }
    }
  }
  ToNfc(&out);
  return out;
}

// A plain-list line that is one CSV-quoted field ("a ""b"" c") loses its quoting.
std::string_view UnquoteLine(std::string_view s, std::string* scratch) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
  std::string_view in = s.substr(1, s.size() - 2);
  scratch->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '"') {
      if (i + 1 < in.size() && in[i + 1] == '"') {
        scratch->push_back('"');
        ++i;
      } else {
        return s;  // a lone quote inside: the quotes are part of the query
      }
    } else {
      scratch->push_back(in[i]);
    }
  }
  return *scratch;
}

std::string ByteHex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// Offset of the first NUL byte or invalid UTF-8 sequence, or npos. Eight
// bytes at a time while the text is ASCII without NULs.
size_t FindNulOrInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    bool has_zero = ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0;
    if ((w & 0x8080808080808080ULL) || has_zero) break;
    i += 8;
  }
  for (size_t k = i; k < s.size(); ++k)
    if (s[k] == '\0') {
      size_t rest = FindInvalidUtf8(s.substr(i, k - i));
      return rest == std::string_view::npos ? k : i + rest;
    }
  size_t rest = FindInvalidUtf8(s.substr(i));
  return rest == std::string_view::npos ? rest : i + rest;
}

// "-18%", "2.83", "12": a number already written the C-locale way.
bool IsPlainNumber(std::string_view t) {
  size_t i = 0, n = t.size();
  if (n && t[0] == '-') ++i;
  size_t int_start = i;
  while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == int_start || i - int_start > 18) return false;
  if (i < n && t[i] == '.') {
    size_t f = ++i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == f) return false;
  }
  if (i < n && t[i] == '%') ++i;
  return i == n;
}

bool AllFieldsBlank(const Record& rec) {
  for (size_t i = 0; i < rec.size(); ++i)
    if (!TrimSpace(rec.field(i)).empty()) return false;
  return true;
}

}  // namespace

std::string NormaliseHeader(std::string_view header) {
  std::string_view t = TrimSpace(header);
  std::string out;
  out.reserve(t.size());
  bool space = false;
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < t.size()) {
      unsigned char d = t[i + 1];
      out += static_cast<char>(c);
      out += static_cast<char>((d >= 0x80 && d <= 0x9E && d != 0x97) ? d + 0x20 : d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// True when a line break in the keyword cell is not a hard wrap: the text
// before it on its line is short or does not end in a space.
bool LineBreakThatIsNoWrap(std::string_view cell) {
  size_t from = 0;
  for (size_t nl = cell.find('\n'); nl != std::string_view::npos; nl = cell.find('\n', from)) {
    std::string_view line = cell.substr(from, nl - from);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < kMinWrappedLineBytes || (line.back() != ' ' && line.back() != '\t')) return true;
    from = nl + 1;
  }
  return false;
}

Result<Schema> DetectSchemaFromSample(const std::string& path, std::string_view sample, bool whole,
                                      const ImportOptions& options);

namespace {

// Header text is validated like rows: a header cell with bytes that are not
// valid UTF-8 (a damaged export: "CPC (US\xd5\xd5D)") names an attribute
// with U+FFFD in their place, and the user is told which cell on which line.
void RepairHeaderText(Schema* s) {
  for (size_t i = 0; i < s->columns.size(); ++i) {
    ColumnSpec& c = s->columns[i];
    if (FindInvalidUtf8(c.attr) == std::string_view::npos && FindInvalidUtf8(c.header) == std::string_view::npos) continue;
    c.attr = SanitizeUtf8(c.attr);
    c.header = SanitizeUtf8(c.header);
    s->notes.push_back("line " + std::to_string(s->header_line) + ": header cell " + std::to_string(i + 1) +
                       " is not valid UTF-8; read as '" + c.header + "'");
  }
  for (auto& [name, value] : s->constant_attrs) value = SanitizeUtf8(value);
}

}  // namespace

Result<Schema> DetectSchema(const std::string& path, std::string_view sample, bool whole,
                            const ImportOptions& options) {
  auto s = DetectSchemaFromSample(path, sample, whole, options);
  if (s.ok()) RepairHeaderText(&s.value());
  return s;
}

Result<Schema> DetectSchemaFromSample(const std::string& path, std::string_view sample, bool whole,
                                      const ImportOptions& options) {
  if (whole && TrimSpace(sample).empty()) return Status::ParseError(path + ": empty file (no text)");
  const Format forced = options.format;
  Schema s;

  // Plain lists: one query per line, an optional "keyword" header.
  auto make_list = [&](uint64_t skip, uint64_t header_line) {
    s.format = Format::kList;
    s.mode = RecordReader::Mode::kLines;
    s.delimiter = '\n';
    s.skip_items = skip;
    s.header_line = header_line;
    s.columns = {Col(Kind::kKeyword)};
    s.keyword_col = 0;
    s.volume_kind = VolumeKind::kNone;
    return s;
  };
  if (forced == Format::kList) {
    if (!options.volume_col.empty() || !options.keyword_col.empty()) {
      return Status::InvalidArgument(path + ": --format list reads whole lines (one query per line, no columns); " +
                                     "drop --keyword-col/--volume-col or use --format csv");
    }
    auto items = ParseSample(sample, RecordReader::Mode::kLines, '\n', 1);
    bool header = !items.empty() && !items[0].error && items[0].fields.size() == 1 &&
                  OneOf(NormaliseHeader(items[0].fields[0]), kKeywordHeaders);
    return make_list(header ? 1 : 0, header ? items[0].line : 0);
  }

  // Find the header: the earliest recognised header line over all delimiters.
  struct Found {
    char delim = ',';
    size_t index = 0;  // item index of the header
    uint64_t line = 0;
    std::vector<std::string> raw, norm;
    HeaderVerdict verdict;
  };
  std::optional<Found> best;
  std::optional<Found> sheet;  // another Search Console sheet
  const bool by_name = !options.keyword_col.empty() && !IsIndex(options.keyword_col);
  const std::string wanted = by_name ? NormaliseHeader(options.keyword_col) : std::string();
  for (char d : kDelimiters) {
    auto items = ParseSample(sample, RecordReader::Mode::kCsv, d, kHeaderSearchItems);
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].error) continue;
      Found f;
      f.delim = d;
      f.index = i;
      f.line = items[i].line;
      f.raw = items[i].fields;
      f.norm = Normalised(f.raw);
      bool accept = false;
      if (by_name) {
        auto it = std::find(f.norm.begin(), f.norm.end(), wanted);
        if (it != f.norm.end()) {
          f.verdict = ClassifyHeader(f.norm, f.raw);
          if (f.verdict.format == Format::kAuto) f.verdict.format = Format::kCsv;
          accept = true;
        }
      } else {
        f.verdict = ClassifyHeader(f.norm, f.raw);
        if (!f.verdict.sheet.empty() && (!sheet || i < sheet->index)) sheet = f;
        if (f.verdict.format != Format::kAuto) {
          accept = forced == Format::kAuto || forced == Format::kCsv || f.verdict.format == forced ||
                   f.verdict.format == Format::kCsv;
        } else if (forced == Format::kGsc && !f.verdict.sheet.empty()) {
          accept = true;  // the user insists this Search Console sheet be read as queries
          f.verdict.format = Format::kGsc;
        }
      }
      if (!accept) continue;
      if (!best || i < best->index || (i == best->index && f.raw.size() > best->raw.size())) best = std::move(f);
      break;  // the first header for this delimiter
    }
  }

  if (best) {
    Found& f = *best;
    if (f.raw.size() == 1 && options.volume_col.empty() && forced != Format::kCsv) {
      return make_list(f.index + 1, f.line);  // a list with a "keyword" header line
    }
    Format fmt = forced == Format::kAuto ? f.verdict.format : (forced == Format::kCsv ? Format::kCsv : forced);
    if (forced != Format::kAuto && forced != Format::kCsv && f.verdict.format != forced &&
        f.verdict.format != Format::kCsv && !(forced == Format::kGsc && f.verdict.format == Format::kGsc)) {
      fmt = forced;
    }
    s.format = fmt;
    s.delimiter = f.delim;
    s.skip_items = f.index + 1;
    s.header_line = f.line;
    s.volume_kind = DefaultVolumeKind(fmt);
    s.locale = LocaleFor(fmt, f.delim, f.norm);
    s.skip_empty_keyword = fmt == Format::kPlanner;
    if (fmt == Format::kGsc) {
      s.columns = GscColumns(f.norm, f.verdict.keyword_col.value_or(0), &s.volume_col);
    } else {
      s.columns = MapColumns(fmt, f.norm);
      if (f.verdict.keyword_col) {
        // Make sure the recognised keyword column is the keyword.
        size_t k = *f.verdict.keyword_col;
        if (k < s.columns.size() && s.columns[k].kind != Kind::kKeyword) {
          for (auto& c : s.columns)
            if (c.kind == Kind::kKeyword) c.kind = Kind::kIgnore;
          s.columns[k] = Col(Kind::kKeyword);
        }
      }
    }
    if (fmt == Format::kSemrush) AddCurrencyFromHeader(&s, f.raw);
    if (fmt == Format::kGsc) AddGscPeriods(&s, f.norm, f.raw, f.verdict.keyword_col.value_or(0));
    KR_RETURN_IF_ERROR(ApplyColumnOptions(path, options, f.raw, f.raw.size(), &s));
    FinishColumns(&s, f.raw);
    bool has_kw = std::any_of(s.columns.begin(), s.columns.end(), [](const ColumnSpec& c) { return c.kind == Kind::kKeyword; });
    if (!has_kw) {
      return Status::ParseError(path + ":" + std::to_string(f.line) + ": no keyword column in the header (" +
                                HeaderList(f.raw) + "); pass --keyword-col");
    }
    return s;
  }

  if (sheet && forced == Format::kAuto) {
    return Status::ParseError(path + ":" + std::to_string(sheet->line) + ": this is the Search Console '" +
                              sheet->raw[0] +
                              "' sheet, not the queries sheet; import the queries file of the export "
                              "(Queries.csv, Zoekopdrachten.csv, Consultas.csv, ...)");
  }
  if (forced != Format::kAuto && forced != Format::kCsv) {
    return Status::ParseError(path + ": no " + std::string(FormatId(forced)) +
                              " header (with a keyword column) in the first " + std::to_string(kHeaderSearchItems) +
                              " lines");
  }
  if (by_name) {
    return Status::InvalidArgument(path + ": --keyword-col '" + options.keyword_col +
                                   "' is not a column in the first " + std::to_string(kHeaderSearchItems) + " lines");
  }

  // No header we recognise. Columns by index, a headerless "keyword,volume"
  // file, or a plain list.
  if (options.keyword_col.empty() && !options.volume_col.empty()) {
    // A volume column without a keyword column: the keyword is the first
    // other column, and we say so (never a silently ignored --volume-col).
    ImportOptions with_keyword = options;
    with_keyword.keyword_col = options.volume_col == "1" ? "2" : "1";
    auto r = DetectSchema(path, sample, whole, with_keyword);
    if (r.ok()) {
      r->notes.push_back("no header and no --keyword-col: the keyword is column " + with_keyword.keyword_col +
                         " (pass --keyword-col to choose another)");
    }
    return r;
  }
  size_t min_fields = 1;
  for (const std::string* spec : {&options.keyword_col, &options.volume_col}) {
    if (IsIndex(*spec))
      min_fields = std::max<size_t>(min_fields, IndexValue(*spec));
  }
  auto consistent = ConsistentDelimiter(sample, min_fields);
  if (!options.keyword_col.empty()) {
    char d = consistent ? consistent->first : ',';
    auto items = ParseSample(sample, RecordReader::Mode::kCsv, d, 1);
    if (items.empty() || items[0].error) return Status::ParseError(path + ": no readable first row");
    const auto& first = items[0].fields;
    size_t n_fields = consistent ? std::max(consistent->second, first.size()) : first.size();
    s.format = Format::kCsv;
    s.delimiter = d;
    s.columns.assign(n_fields, Col(Kind::kIgnore));
    s.volume_kind = VolumeKind::kListVolume;
    s.locale = LocaleFor(Format::kCsv, d, {});
    // A column given by name can only be found in the first row: then that row is the header.
    KR_RETURN_IF_ERROR(ApplyColumnOptions(path, options, first, n_fields, &s));
    const bool named = !IsIndex(options.keyword_col) || (!options.volume_col.empty() && !IsIndex(options.volume_col));
    // Is the first row a header? Yes when a column was named in it, when its
    // keyword cell is a header word, or its volume cell is text where a number belongs.
    size_t k = 0;
    for (size_t i = 0; i < s.columns.size(); ++i)
      if (s.columns[i].kind == Kind::kKeyword) k = i;
    bool header = named || (k < first.size() && OneOf(NormaliseHeader(first[k]), kKeywordHeaders));
    if (s.volume_col && *s.volume_col < first.size()) {
      std::string_view cell = TrimSpace(first[*s.volume_col]);
      if (!cell.empty() && !LooksLikeVolume(cell)) header = true;
    }
    if (header) {
      s.skip_items = 1;
      s.header_line = items[0].line;
      for (size_t i = 0; i < s.columns.size() && i < first.size(); ++i) {
        if (s.columns[i].kind == Kind::kIgnore && !TrimSpace(first[i]).empty())
          s.columns[i] = Col(Kind::kText, SnakeName(NormaliseHeader(first[i]), i));
      }
      FinishColumns(&s, first);
    } else {
      FinishColumns(&s, {});
    }
    return s;
  }
  if (consistent) {
    auto items = ParseSample(sample, RecordReader::Mode::kCsv, consistent->first, kSampleItems);
    size_t rows = 0, numeric = 0;
    for (const auto& it : items) {
      if (it.error || it.fields.size() != 2) continue;
      ++rows;
      if (LooksLikeVolume(it.fields[1])) ++numeric;
    }
    if (consistent->second == 2 && rows > 0 && numeric * 5 >= rows * 4) {
      s.format = Format::kCsv;
      s.delimiter = consistent->first;
      s.columns = {Col(Kind::kKeyword), Col(Kind::kVolume)};
      s.keyword_col = 0;
      s.volume_col = 1;
      s.volume_kind = VolumeKind::kListVolume;
      s.locale = LocaleFor(Format::kCsv, consistent->first, {});
      FinishColumns(&s, {});
      return s;
    }
    if (forced == Format::kAuto) {
      const Item* head = nullptr;
      for (const auto& it : items)
        if (!it.error) {
          head = &it;
          break;
        }
      std::string where = head ? ":" + std::to_string(head->line) : "";
      return Status::ParseError(path + where + ": no keyword column: the " + DelimName(consistent->first) +
                                "-separated header (" + (head ? HeaderList(head->fields) : std::string()) +
                                ") names none of keyword, zoekwoord, query, zoekopdracht, ...; pass --keyword-col "
                                "(name or number), or --format list to read whole lines");
    }
  }
  if (forced == Format::kCsv) {
    char d = consistent ? consistent->first : ',';
    s.format = Format::kCsv;
    s.delimiter = d;
    s.columns = {Col(Kind::kKeyword)};
    s.volume_kind = VolumeKind::kListVolume;
    s.locale = LocaleFor(Format::kCsv, d, {});
    FinishColumns(&s, {});
    return s;
  }
  return make_list(0, 0);
}

RowOutcome ConvertRecord(const Schema& s, const Record& rec, SourceRow* row, RowError* err) {
  row->line = rec.line;
  size_t bad = FindNulOrInvalidUtf8(rec.raw);
  if (bad != std::string::npos && rec.raw[bad] == '\0') {
    uint64_t line = rec.line + static_cast<uint64_t>(std::count(rec.raw.begin(), rec.raw.begin() + bad, '\n'));
    *err = RowError{line, "NUL character in the row (binary data?)"};
    return RowOutcome::kError;
  }
  if (bad != std::string::npos) {
    uint64_t line = rec.line + static_cast<uint64_t>(std::count(rec.raw.begin(), rec.raw.begin() + bad, '\n'));
    unsigned char c = rec.raw[bad];
    std::string why = s.encoding_name == "UTF-8" || s.encoding_name.empty()
                          ? "invalid UTF-8 (byte " + ByteHex(c) + ")"
                          : "undecodable bytes (not valid " + s.encoding_name + ")";
    *err = RowError{line, why};
    return RowOutcome::kError;
  }
  if (rec.AllEmpty()) return RowOutcome::kBlank;

  if (s.mode == RecordReader::Mode::kLines) {
    std::string scratch;
    row->keyword = CleanKeyword(UnquoteLine(TrimSpace(rec.field(0)), &scratch));
    return row->keyword.empty() ? RowOutcome::kBlank : RowOutcome::kRow;
  }

  if (rec.size() <= s.keyword_col) {
    if (AllFieldsBlank(rec)) return RowOutcome::kBlank;
    *err = RowError{rec.line, "row has " + std::to_string(rec.size()) + " field(s); the keyword is in column " +
                                  std::to_string(s.keyword_col + 1) +
                                  (s.header_line ? " (header on line " + std::to_string(s.header_line) + ")" : "")};
    return RowOutcome::kError;
  }
  if (std::string_view cell = rec.field(s.keyword_col); cell.find('\n') != std::string_view::npos) {
    if (LineBreakThatIsNoWrap(cell)) {
      uint64_t opened = rec.line;
      for (size_t i = 0; i < s.keyword_col; ++i) opened += std::count(rec.field(i).begin(), rec.field(i).end(), '\n');
      uint64_t closed = opened + static_cast<uint64_t>(std::count(cell.begin(), cell.end(), '\n'));
      *err = RowError{opened, "a quote opened on line " + std::to_string(opened) + " closes on line " +
                                  std::to_string(closed) + ": the keyword would span " +
                                  std::to_string(closed - opened + 1) +
                                  " lines (queries never hold line breaks); the lines after it are read as rows"};
      return RowOutcome::kSwallowedLines;
    }
  }
  row->keyword = CleanKeyword(rec.field(s.keyword_col));
  if (row->keyword.empty()) {
    if (AllFieldsBlank(rec)) return RowOutcome::kBlank;
    if (s.skip_empty_keyword) return RowOutcome::kSkipped;
    *err = RowError{rec.line, "empty keyword (column " + std::to_string(s.keyword_col + 1) + ")"};
    return RowOutcome::kError;
  }

  if (s.volume_col && *s.volume_col < rec.size()) {
    std::string_view cell = rec.field(*s.volume_col);
    ParsedVolume v = ParseVolume(cell, s.locale);
    switch (v.kind) {
      case ParsedVolume::Kind::kEmpty: break;
      case ParsedVolume::Kind::kExact:
        row->volume = v.value;
        row->volume_kind = s.volume_kind;
        break;
      case ParsedVolume::Kind::kRange:
        row->volume = v.value;
        row->volume_range = std::make_pair(v.value, v.high);
        row->volume_kind = s.format == Format::kPlanner ? VolumeKind::kPlannerRange : s.volume_kind;
        break;
      case ParsedVolume::Kind::kInvalid:
        *err = RowError{rec.line, "unreadable volume " + Quoted(TrimSpace(cell), 40) + " in column " +
                                      Quoted(s.columns[*s.volume_col].header, 40)};
        return RowOutcome::kError;
    }
  }

  const size_t n = std::min(rec.size(), s.columns.size());
  row->attrs.reserve(s.attr_columns + s.constant_attrs.size());
  for (size_t i = 0; i < n; ++i) {
    const ColumnSpec& c = s.columns[i];
    switch (c.kind) {
      case Kind::kIgnore:
      case Kind::kKeyword:
      case Kind::kVolume: break;
      case Kind::kMonth: {
        std::string_view cell = rec.field(i);
        ParsedVolume v = ParseVolume(cell, s.locale);
        if (v.kind == ParsedVolume::Kind::kExact) {
          if (row->monthly.empty()) row->monthly.reserve(n - i);
          row->monthly.push_back(MonthlyVolume{c.month, v.value});
        } else if (v.kind == ParsedVolume::Kind::kInvalid) {
          *err = RowError{rec.line, "unreadable figure " + Quoted(TrimSpace(cell), 40) + " in column " +
                                        Quoted(c.header, 40)};
          return RowOutcome::kError;
        }
        break;  // empty, or a range bucket (no single monthly figure): no entry
      }
      case Kind::kText: {
        std::string_view t = TrimSpace(rec.field(i));
        if (!t.empty()) row->attrs.emplace_back(std::piecewise_construct, std::forward_as_tuple(c.attr),
                                                std::forward_as_tuple(t.data(), t.size()));
        break;
      }
      case Kind::kKeywordText: {
        std::string t = CleanKeyword(rec.field(i));
        if (!t.empty()) row->attrs.emplace_back(c.attr, std::move(t));
        break;
      }
      case Kind::kNumber: {
        std::string_view t = TrimSpace(rec.field(i));
        if (t.empty()) break;
        if (s.locale.decimal == '.' && IsPlainNumber(t)) {  // already C-locale: no copy through CanonicalNumberText
          row->attrs.emplace_back(std::piecewise_construct, std::forward_as_tuple(c.attr),
                                  std::forward_as_tuple(t.data(), t.size()));
          break;
        }
        auto canon = CanonicalNumberText(t, s.locale);
        row->attrs.emplace_back(c.attr, canon ? std::move(*canon) : std::string(t));
        break;
      }
    }
  }
  for (const auto& kv : s.constant_attrs) row->attrs.push_back(kv);
  return RowOutcome::kRow;
}

}  // namespace kr::ingest::internal
