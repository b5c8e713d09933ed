// The importer against generated files: encodings, number formats, the
// Dutch Keyword Planner with range buckets, plain lists, column options,
// and every kind of broken input.
#include <gtest/gtest.h>

#include <string>

#include "import_helpers.h"
#include "klantreis/core/text.h"
#include "klantreis/testutil.h"

namespace kr::ingest {
namespace {

using testing::AttrOf;
using testing::ImportAll;
using testutil::TempDir;

// UTF-8 -> UTF-16 bytes (with a BOM when asked); stray bytes count as Latin-1.
std::string Utf16(const std::string& utf8, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](uint32_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    if (little_endian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  if (bom) put(0xFEFF);
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp;
    int n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      n = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      n = 3;
    } else {
      cp = c & 0x07;
      n = 4;
    }
    if (i + n > utf8.size() || c >= 0xF8 || (c >= 0x80 && c < 0xC0)) {
      cp = c;  // not UTF-8 (random test input): the byte as a Latin-1 character
      n = 1;
    }
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

class IngestGeneratedFiles : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    dir_.Write(name, bytes);
    return dir_.File(name);
  }
  TempDir dir_;
};

// ---- Encodings ----------------------------------------------------------------

TEST_F(IngestGeneratedFiles, Utf16BigEndianWithBomAndAnAstralCharacter) {
  std::string path = Write("be.csv", Utf16("keyword,volume\ncaf\xC3\xA9,10\npizza \xF0\x9F\x8D\x95,20\n", false, true));
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-16BE");
  EXPECT_EQ(r.info.format, Format::kCsv);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9");
  EXPECT_EQ(r.rows[0].volume, 10);
  EXPECT_EQ(r.rows[0].volume_kind, VolumeKind::kListVolume);
  EXPECT_EQ(r.rows[1].keyword, "pizza \xF0\x9F\x8D\x95");
}

TEST_F(IngestGeneratedFiles, Utf16LittleEndianWithoutBomIsSniffed) {
  std::string path = Write("le.txt", Utf16("fiets kopen\nhoe werkt een e-bike\n", true, false));
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-16LE");
  EXPECT_EQ(r.info.format, Format::kList);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "hoe werkt een e-bike");
}

TEST_F(IngestGeneratedFiles, LoneSurrogateIsARowErrorNotACrash) {
  std::string bytes = Utf16("keyword\ngood\n", true, true);
  bytes += std::string("\x00\xD8", 2);  // a high surrogate followed by "x": broken
  bytes += Utf16("x\nalso good\n", true, false);
  std::string path = Write("lone.csv", bytes);
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "also good");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("UTF-16LE"), std::string::npos) << r.errors[0].message;
}

TEST_F(IngestGeneratedFiles, Utf8WithBom) {
  std::string path = Write("bom.csv", "\xEF\xBB\xBFkeyword,volume\ncaf\xC3\xA9,5\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-8");
  EXPECT_EQ(r.info.format, Format::kCsv);  // the BOM did not hide the header
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9");
  EXPECT_EQ(r.rows[0].volume, 5);
}

TEST_F(IngestGeneratedFiles, Windows1252DutchExcelCsv) {
  // Dutch Excel: semicolons, decimal comma, Windows-1252 ("café" as 0xE9, "€" as 0x80).
  std::string path = Write("nl.csv", "Zoekwoord;Zoekvolume;CPC\ncaf\xE9 amsterdam;1.234;0,45\n\x80 besparen;90;1,5\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "windows-1252");
  EXPECT_EQ(r.info.delimiter, ';');
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9 amsterdam");
  EXPECT_EQ(r.rows[0].volume, 1234);
  EXPECT_EQ(AttrOf(r.rows[0], "cpc"), "0.45");
  EXPECT_EQ(r.rows[1].keyword, "\xE2\x82\xAC besparen");
  EXPECT_EQ(AttrOf(r.rows[1], "cpc"), "1.5");
}

TEST_F(IngestGeneratedFiles, ForcedEncodingViaIcu) {
  // ISO-8859-15 has the euro sign at 0xA4.
  std::string path = Write("l9.txt", "\xA4 sparen\n");
  ImportOptions o;
  o.encoding = "ISO-8859-15";
  auto r = ImportAll(path, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].keyword, "\xE2\x82\xAC sparen");
}

TEST_F(IngestGeneratedFiles, UnknownForcedEncodingIsAUsageError) {
  std::string path = Write("x.txt", "a\n");
  ImportOptions o;
  o.encoding = "klingon-8";
  auto r = ImportAll(path, o);
  EXPECT_TRUE(r.status.IsInvalidArgument()) << r.status.ToString();
  EXPECT_NE(r.status.message().find("klingon-8"), std::string::npos);
}

TEST_F(IngestGeneratedFiles, KeywordsAreNormalisedToNfc) {
  std::string path = Write("nfd.txt", "belgie\xCC\x88\n");  // "belgië" with a combining diaeresis
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].keyword, "belgi\xC3\xAB");
}

TEST_F(IngestGeneratedFiles, LargeUtf16FileStreamsAcrossChunkBoundaries) {
  // > 1 MiB of UTF-16 so records, multi-byte characters and surrogate pairs
  // straddle the reader's chunks.
  std::string text = "Keyword\tAvg. monthly searches\tSearches: Jan 2025\n";
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    text += "zoekwoord \xC3\xAB\xF0\x9F\x98\x80 " + std::to_string(i) + "\t" + std::to_string(i) + "\t" +
            std::to_string(i * 2) + "\n";
  }
  std::string path = Write("big.csv", Utf16(text, true, true));
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kPlanner);
  ASSERT_EQ(r.rows.size(), static_cast<size_t>(n));
  EXPECT_TRUE(r.errors.empty());
  for (int i = 0; i < n; i += 997) {
    EXPECT_EQ(r.rows[i].keyword, "zoekwoord \xC3\xAB\xF0\x9F\x98\x80 " + std::to_string(i));
    EXPECT_EQ(r.rows[i].volume, i);
    EXPECT_EQ(r.rows[i].line, static_cast<uint64_t>(i + 2));
    ASSERT_EQ(r.rows[i].monthly.size(), 1u);
    EXPECT_EQ(r.rows[i].monthly[0], (MonthlyVolume{"2025-01", 2 * i}));
  }
}

// ---- Keyword Planner in Dutch, with range buckets ---------------------------------

TEST_F(IngestGeneratedFiles, DutchPlannerWithRanges) {
  std::string text =
      "Zoekwoordstatistieken 2025-04-01 om 10_00_00\n"
      "\"1 maart 2024 - 28 februari 2025\"\n"
      "Zoekwoord\tValuta\tGem. maandelijkse zoekopdrachten\tVerandering in drie maanden\tVerandering jaar op "
      "jaar\tConcurrentie\tConcurrentie (geïndexeerde waarde)\tBod voor bovenkant pagina (laag bereik)\tBod voor "
      "bovenkant pagina (hoog bereik)\tZoekopdrachten: mrt 2024\tZoekopdrachten: apr 2024\n"
      "fiets kopen\tEUR\t1K \xE2\x80\x93 10K\t0%\t0%\tHoog\t87\t0,45\t1,20\t1.000\t1.200\n"
      "elektrische fiets onderhoud\tEUR\t10 \xE2\x80\x93 100\t\t\tLaag\t3\t\t\t\t\n"
      "bakfiets\tEUR\t1.234\t\t\tGemiddeld\t40\t0,30\t0,95\t1.100\t1.368\n";
  std::string path = Write("Zoekwoordstatistieken.csv", Utf16(text, true, true));
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kPlanner);
  EXPECT_EQ(r.info.header_line, 3u);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_TRUE(r.errors.empty());

  const SourceRow& fiets = r.rows[0];
  EXPECT_EQ(fiets.keyword, "fiets kopen");
  EXPECT_EQ(fiets.volume, 1000);  // range: the lower bound
  EXPECT_EQ(fiets.volume_kind, VolumeKind::kPlannerRange);
  ASSERT_TRUE(fiets.volume_range.has_value());
  EXPECT_EQ(*fiets.volume_range, (std::pair<int64_t, int64_t>(1000, 10000)));
  EXPECT_EQ(AttrOf(fiets, "currency"), "EUR");
  EXPECT_EQ(AttrOf(fiets, "competition"), "Hoog");
  EXPECT_EQ(AttrOf(fiets, "competition_index"), "87");
  EXPECT_EQ(AttrOf(fiets, "bid_low"), "0.45");
  EXPECT_EQ(AttrOf(fiets, "bid_high"), "1.20");
  EXPECT_EQ(AttrOf(fiets, "three_month_change"), "0%");
  EXPECT_EQ(AttrOf(fiets, "yoy_change"), "0%");
  ASSERT_EQ(fiets.monthly.size(), 2u);
  EXPECT_EQ(fiets.monthly[0], (MonthlyVolume{"2024-03", 1000}));
  EXPECT_EQ(fiets.monthly[1], (MonthlyVolume{"2024-04", 1200}));

  EXPECT_EQ(r.rows[1].volume, 10);
  EXPECT_EQ(*r.rows[1].volume_range, (std::pair<int64_t, int64_t>(10, 100)));
  EXPECT_TRUE(r.rows[1].monthly.empty());

  EXPECT_EQ(r.rows[2].volume, 1234);
  EXPECT_EQ(r.rows[2].volume_kind, VolumeKind::kPlannerAverage);
  EXPECT_FALSE(r.rows[2].volume_range.has_value());
}

// ---- Search Console in other UI languages ------------------------------------------

TEST_F(IngestGeneratedFiles, SearchConsoleHeadersInManyLanguages) {
  const char* headers[] = {
      "Populairste zoekopdrachten,Klikken,Vertoningen,CTR,Positie",
      "Meest uitgevoerde zoekopdrachten,Aantal klikken,Vertoningen,CTR,Positie",
      "H\xC3\xA4ufigste Suchanfragen,Klicks,Impressionen,CTR,Position",
      "Requ\xC3\xAAtes les plus fr\xC3\xA9quentes,Clics,Impressions,CTR,Position",
      "Query principali,Clic,Impressioni,CTR,Posizione",
      "Top queries,Clicks,Impressions,CTR,Position",
  };
  int i = 0;
  for (const char* h : headers) {
    SCOPED_TRACE(h);
    std::string path = Write("gsc" + std::to_string(i++) + ".csv", std::string(h) + "\nfiets kopen,3,120,2.5%,4.2");
    auto r = ImportAll(path);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_EQ(r.info.format, Format::kGsc);
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].volume, 120);
    EXPECT_EQ(r.rows[0].volume_kind, VolumeKind::kImpressions);
    EXPECT_EQ(AttrOf(r.rows[0], "clicks"), "3");
    EXPECT_EQ(AttrOf(r.rows[0], "position"), "4.2");
  }
  // An API/Looker export with the page first.
  auto api = ImportAll(Write("api.csv", "Page,Query,Clicks,Impressions,CTR,Position\nhttps://x.nl/,fiets kopen,1,20,5%,3"));
  ASSERT_TRUE(api.status.ok()) << api.status.ToString();
  EXPECT_EQ(api.info.format, Format::kGsc);
  ASSERT_EQ(api.rows.size(), 1u);
  EXPECT_EQ(api.rows[0].keyword, "fiets kopen");
  EXPECT_EQ(api.rows[0].volume, 20);
  EXPECT_EQ(AttrOf(api.rows[0], "page"), "https://x.nl/");
  // The Pages sheet of the same export is refused.
  auto r = ImportAll(Write("pages.csv", "Top pages,Clicks,Impressions,CTR,Position\nhttps://x.nl/,1,2,50%,1"));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("Top pages"), std::string::npos) << r.status.message();
}

// ---- Numbers ---------------------------------------------------------------------

TEST_F(IngestGeneratedFiles, NumberFormatsInEnglishCsv) {
  std::string path = Write("num.csv",
                           "keyword,search volume\n"
                           "a,\"1,234\"\n"
                           "b,1.234\n"
                           "c,1 234\n"
                           "d,1.2K\n"
                           "e,\"1,234,567\"\n"
                           "f,454200.0\n"
                           "g,\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 7u);
  const int64_t want[] = {1234, 1234, 1234, 1200, 1234567, 454200};
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(r.rows[i].volume, want[i]) << r.rows[i].keyword;
  EXPECT_FALSE(r.rows[6].volume.has_value());  // empty: no figure, not zero
}

TEST_F(IngestGeneratedFiles, NumberFormatsInDutchCsv) {
  std::string path = Write("num-nl.csv",
                           "zoekwoord;zoekvolume\n"
                           "a;1.234\n"
                           "b;1,2K\n"
                           "c;1 234\n"
                           "d;12.345.678\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].volume, 1234);
  EXPECT_EQ(r.rows[1].volume, 1200);
  EXPECT_EQ(r.rows[2].volume, 1234);
  EXPECT_EQ(r.rows[3].volume, 12345678);
}

TEST_F(IngestGeneratedFiles, UnreadableNumberIsARowErrorWithItsLine) {
  std::string path = Write("bad-num.csv",
                           "keyword,volume,Searches: Jan 2025\n"
                           "good,10,5\n"
                           "bad volume,lots,5\n"
                           "bad month,10,x\n"
                           "also good,20,7\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "also good");
  EXPECT_EQ(r.rows[1].monthly, (std::vector<MonthlyVolume>{{"2025-01", 7}}));
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("'lots'"), std::string::npos) << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("'volume'"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].line, 4u);
  EXPECT_NE(r.errors[1].message.find("Searches: Jan 2025"), std::string::npos) << r.errors[1].message;
  EXPECT_EQ(r.info.rows_read, 4u);
}

// ---- Plain lists, headerless files, column options -------------------------------

TEST_F(IngestGeneratedFiles, PlainListWithHeaderBlankLinesCrlfAndCommas) {
  std::string path = Write("list.txt",
                           "keyword\r\n"
                           "hotel amsterdam, goedkoop\r\n"
                           "\r\n"
                           "  wat kost een fiets  \r\n"
                           "\"\"\"m\xC3\xA1laga\"\" spain\"\r\n"
                           "\"a\" \"b\"\r\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kList);
  EXPECT_EQ(r.info.header_line, 1u);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].keyword, "hotel amsterdam, goedkoop");
  EXPECT_EQ(r.rows[1].keyword, "wat kost een fiets");
  EXPECT_EQ(r.rows[1].line, 4u);
  EXPECT_EQ(r.rows[2].keyword, "\"m\xC3\xA1laga\" spain");  // a CSV-quoted line loses its quoting
  EXPECT_EQ(r.rows[3].keyword, "\"a\" \"b\"");              // a query with quotes keeps them
  EXPECT_EQ(r.rows[0].volume_kind, VolumeKind::kNone);
}

TEST_F(IngestGeneratedFiles, HeaderlessKeywordTabVolume) {
  std::string path = Write("kv.tsv", "fiets kopen\t1200\nfiets huren\t880\nbakfiets\t1.300\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.format, Format::kCsv);
  EXPECT_EQ(r.info.delimiter, '\t');
  EXPECT_EQ(r.info.header_line, 0u);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].volume, 1200);
  EXPECT_EQ(r.rows[2].volume, 1300);
}

TEST_F(IngestGeneratedFiles, ColumnsByNameAndByIndex) {
  std::string path = Write("cols.csv", "id,Term Text,Monthly Volume,Note\n1,fiets,100,x\n2,step,200,y\n");
  ImportOptions o;
  o.keyword_col = "term text";  // case does not matter
  o.volume_col = "3";
  auto r = ImportAll(path, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].keyword, "fiets");
  EXPECT_EQ(r.rows[0].volume, 100);
  EXPECT_EQ(AttrOf(r.rows[0], "note"), "x");
  EXPECT_EQ(AttrOf(r.rows[0], "id"), "1");

  o.keyword_col = "2";
  o.volume_col = "Monthly Volume";
  r = ImportAll(path, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "step");
  EXPECT_EQ(r.rows[1].volume, 200);

  o.keyword_col = "nope";
  r = ImportAll(path, o);
  EXPECT_TRUE(r.status.IsInvalidArgument()) << r.status.ToString();
  EXPECT_NE(r.status.message().find("nope"), std::string::npos);

  o.keyword_col = "9";
  o.volume_col.clear();
  r = ImportAll(path, o);
  EXPECT_TRUE(r.status.IsInvalidArgument()) << r.status.ToString();
}

TEST_F(IngestGeneratedFiles, HeaderlessColumnsByIndex) {
  std::string path = Write("idx.csv", "x1,fiets kopen,100\nx2,step,200\n");
  ImportOptions o;
  o.keyword_col = "2";
  o.volume_col = "3";
  auto r = ImportAll(path, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.header_line, 0u);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].keyword, "fiets kopen");
  EXPECT_EQ(r.rows[0].volume, 100);
}

TEST_F(IngestGeneratedFiles, UnknownHeaderAsksForKeywordCol) {
  std::string path = Write("unknown.csv", "foo,bar,baz\n1,2,3\n4,5,6\n");
  auto r = ImportAll(path);
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("--keyword-col"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find(path), std::string::npos);
}

TEST_F(IngestGeneratedFiles, GenericCsvKeepsOtherColumnsAndMonths) {
  std::string path = Write("gen.csv", "Keyword,Volume,KD,2025-01,2025-02,Intent\nfiets,100,12,90,110,commercial\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(AttrOf(r.rows[0], "kd"), "12");
  EXPECT_EQ(AttrOf(r.rows[0], "intent"), "commercial");
  EXPECT_EQ(r.rows[0].monthly, (std::vector<MonthlyVolume>{{"2025-01", 90}, {"2025-02", 110}}));
}

TEST_F(IngestGeneratedFiles, OnRowErrorStopsTheRead) {
  std::string path = Write("stop.txt", "a\nb\nc\n");
  int seen = 0;
  Status st = ReadKeywordFile(
      path, {}, nullptr,
      [&](SourceRow&&) { return ++seen == 2 ? Status::Aborted("enough") : Status::Ok(); }, [](RowError&&) {});
  EXPECT_EQ(st.code(), Status::Code::kAborted);
  EXPECT_EQ(seen, 2);
}

// ---- Broken files -----------------------------------------------------------------

TEST_F(IngestGeneratedFiles, MissingFile) {
  auto r = ImportAll(dir_.File("nope.csv"));
  EXPECT_TRUE(r.status.IsNotFound()) << r.status.ToString();
  EXPECT_NE(r.status.message().find("nope.csv"), std::string::npos);
}

TEST_F(IngestGeneratedFiles, Directory) {
  auto r = ImportAll(dir_.path());
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("directory"), std::string::npos);
}

TEST_F(IngestGeneratedFiles, EmptyFiles) {
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"empty.csv", ""}, {"bom-only.csv", "\xEF\xBB\xBF"}, {"blank.csv", "\n \r\n\t\n"},
           {"utf16-bom-only.csv", "\xFF\xFE"}}) {
    SCOPED_TRACE(name);
    auto r = ImportAll(Write(name, bytes));
    EXPECT_EQ(r.status.code(), Status::Code::kParseError) << r.status.ToString();
    EXPECT_NE(r.status.message().find("empty"), std::string::npos) << r.status.message();
    EXPECT_NE(r.status.message().find(name), std::string::npos);
  }
}

TEST_F(IngestGeneratedFiles, BinaryFiles) {
  static const char kPng[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
  std::string png(kPng, sizeof kPng - 1);
  auto r = ImportAll(Write("image.csv", png));
  EXPECT_EQ(r.status.code(), Status::Code::kParseError) << r.status.ToString();
  EXPECT_NE(r.status.message().find("binary"), std::string::npos) << r.status.message();

  r = ImportAll(Write("export.csv", std::string("PK\x03\x04\x14\0\0\0\x08\0", 10)));
  EXPECT_EQ(r.status.code(), Status::Code::kParseError);
  EXPECT_NE(r.status.message().find("xlsx"), std::string::npos) << r.status.message();

  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 31 + 1);  // control bytes, no NUL
  r = ImportAll(Write("junk.csv", junk));
  EXPECT_EQ(r.status.code(), Status::Code::kParseError) << r.status.ToString();
}

TEST_F(IngestGeneratedFiles, InvalidUtf8LineIsARowErrorNamingTheLine) {
  std::string path = Write("bad-utf8.csv",
                           "keyword,volume\n"
                           "caf\xC3\xA9,1\n"
                           "bad\xFF,2\n"
                           "\"two\nline\xC3\",3\n"
                           "na\xC3\xAF" "ef,4\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-8");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "na\xC3\xAF" "ef");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("0xFF"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].line, 5u);  // the bad byte is on the second line of the record
}

TEST_F(IngestGeneratedFiles, NulByteAfterTheDetectedStartIsARowError) {
  std::string text = "keyword\n";
  for (int i = 0; i < 10000; ++i) text += "keyword number " + std::to_string(i) + "\n";  // > 64 KiB of clean text
  text += std::string("bad\0row\n", 8);
  text += "last\n";
  auto r = ImportAll(Write("nul.txt", text));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows.size(), 10001u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 10002u);
  EXPECT_NE(r.errors[0].message.find("NUL"), std::string::npos);
  EXPECT_EQ(r.rows.back().keyword, "last");
}

TEST_F(IngestGeneratedFiles, MostlyUndecodableForcedUtf8IsAFileError) {
  std::string path = Write("latin.csv", "caf\xE9\nna\xEF" "ef\nbr\xFBl\xE9" "e\nok\n");
  ImportOptions o;
  o.encoding = "utf-8";
  auto r = ImportAll(path, o);
  EXPECT_EQ(r.status.code(), Status::Code::kParseError) << r.status.ToString();
  EXPECT_NE(r.status.message().find("--encoding"), std::string::npos) << r.status.message();
  // Detected, the same file is Windows-1252.
  r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "windows-1252");
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9");
}

TEST_F(IngestGeneratedFiles, UnterminatedQuoteIsARowErrorAndLaterRowsSurvive) {
  std::string path = Write("quote.csv", "keyword,volume\nfirst,1\n\"broken,2\nthird,3\n\"last,4");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "third");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("quote"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].line, 5u);
}

TEST_F(IngestGeneratedFiles, HugeLineIsARowErrorAndMemoryStaysBounded) {
  std::string text = "keyword,volume\nbefore,1\n";
  text += std::string(3 << 20, 'x') + ",2\n";  // 3 MiB in one line
  text += "after,3\n";
  std::string path = Write("huge.csv", text);
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].keyword, "after");
  EXPECT_EQ(r.rows[1].line, 4u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("64 KiB"), std::string::npos) << r.errors[0].message;
}

TEST_F(IngestGeneratedFiles, EmptyKeywordAndShortRows) {
  std::string path = Write("short.csv", "volume,keyword\n10,fiets\n20,\n30\n,,\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("empty keyword"), std::string::npos);
  EXPECT_EQ(r.errors[1].line, 4u);
}

TEST_F(IngestGeneratedFiles, RandomInputNeverCrashesAndRowsHaveValidText) {
  // Seeded pseudo-random files: CSV-ish text full of quotes, delimiters and
  // line breaks, and raw bytes. Whatever the verdict, no crash, and every
  // row's keyword is valid UTF-8 without line breaks.
  uint64_t state = 0x2545F4914F6CDD1DULL;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const char alphabet[] = "ab ,;\t\"\n\r\xC3\xA9\xFF" "0123456789.K-";
  for (int iter = 0; iter < 300; ++iter) {
    std::string bytes;
    size_t len = next() % 3000;
    bool raw = iter % 3 == 0;
    for (size_t i = 0; i < len; ++i) {
      bytes += raw ? static_cast<char>(next() & 0xFF) : alphabet[next() % (sizeof alphabet - 1)];
    }
    if (iter % 5 == 1) bytes = "keyword,volume\n" + bytes;
    if (iter % 7 == 2) bytes = Utf16(bytes, true, true);
    std::string path = Write("random" + std::to_string(iter) + ".csv", bytes);
    auto r = ImportAll(path);
    for (const auto& row : r.rows) {
      EXPECT_EQ(FindInvalidUtf8(row.keyword), std::string::npos);
      EXPECT_EQ(row.keyword.find('\n'), std::string::npos);
      EXPECT_FALSE(row.keyword.empty());
    }
    EXPECT_EQ(r.info.rows_read, r.rows.size() + r.errors.size());
  }
}

TEST(IngestFormatIds, RoundTrip) {
  for (Format f : {Format::kAuto, Format::kPlanner, Format::kGsc, Format::kSemrush, Format::kAhrefs, Format::kList,
                   Format::kCsv})
    EXPECT_EQ(FormatFromId(FormatId(f)), f);
  EXPECT_FALSE(FormatFromId("xlsx").has_value());
}

}  // namespace
}  // namespace kr::ingest
