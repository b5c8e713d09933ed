#include "../src/record_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kr::ingest::internal {
namespace {

struct Item {
  bool error;
  uint64_t line;
  std::vector<std::string> fields;  // or {message} for an error
};

// Reads all items, with the text delivered in chunks of `chunk` bytes so
// every record boundary case meets a refill somewhere.
std::vector<Item> ReadAllItems(const std::string& text, RecordReader::Options opt, size_t chunk) {
  StringSource src(text, chunk);
  RecordReader reader(&src, opt);
  std::vector<Item> out;
  Record rec;
  RowError err;
  for (;;) {
    auto r = reader.Next(&rec, &err);
    EXPECT_TRUE(r.ok());
    if (!r.ok() || *r == RecordReader::Outcome::kEof) break;
    if (*r == RecordReader::Outcome::kError) {
      out.push_back({true, err.line, {err.message}});
    } else {
      Item it{false, rec.line, {}};
      for (size_t i = 0; i < rec.size(); ++i) it.fields.emplace_back(rec.field(i));
      out.push_back(std::move(it));
    }
  }
  return out;
}

// Runs one case with every chunk size from 1 to 9 and with one chunk.
void ExpectSameForAllChunkings(const std::string& text, RecordReader::Options opt, const std::vector<Item>& want) {
  for (size_t chunk : {1, 2, 3, 5, 7, 9, 1 << 20}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    auto got = ReadAllItems(text, opt, chunk);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      SCOPED_TRACE("item " + std::to_string(i));
      EXPECT_EQ(got[i].error, want[i].error);
      EXPECT_EQ(got[i].line, want[i].line);
      if (!want[i].error) {
        EXPECT_EQ(got[i].fields, want[i].fields);
      }
    }
  }
}

const RecordReader::Options kComma{RecordReader::Mode::kCsv, ',', 64 * 1024};

TEST(RecordReader, SplitsFieldsAndLinesWithEveryLineEnding) {
  ExpectSameForAllChunkings("a,b,c\nd,e,f\r\ng,,\rh\n", kComma,
                            {{false, 1, {"a", "b", "c"}},
                             {false, 2, {"d", "e", "f"}},
                             {false, 3, {"g", "", ""}},
                             {false, 4, {"h"}}});
}

TEST(RecordReader, LastLineWithoutNewlineIsARecord) {
  ExpectSameForAllChunkings("k,v\nlast,1", kComma, {{false, 1, {"k", "v"}}, {false, 2, {"last", "1"}}});
}

TEST(RecordReader, SkipsBlankLinesButCountsThem) {
  ExpectSameForAllChunkings("\n\na\n\r\n\nb\n", kComma, {{false, 3, {"a"}}, {false, 6, {"b"}}});
}

TEST(RecordReader, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  // Search Console hard-wraps long queries inside the quotes.
  ExpectSameForAllChunkings(
      "q,n\n\"expo 2021, \nperth\",0\n\"say \"\"hi\"\"\",1\nafter,2\n", kComma,
      {{false, 1, {"q", "n"}},
       {false, 2, {"expo 2021, \nperth", "0"}},
       {false, 4, {"say \"hi\"", "1"}},
       {false, 5, {"after", "2"}}});
}

TEST(RecordReader, QuoteInsideUnquotedFieldIsLiteral) {
  ExpectSameForAllChunkings("\"m\xC3\xA1laga\" rest,1\nab\"c,2\n", kComma,
                            {{false, 1, {"m\xC3\xA1laga rest", "1"}}, {false, 2, {"ab\"c", "2"}}});
}

TEST(RecordReader, UnterminatedQuoteIsARowErrorAndReadingResumesOnTheNextLine) {
  ExpectSameForAllChunkings("k,v\n\"broken,1\ngood,2\n", kComma,
                            {{false, 1, {"k", "v"}}, {true, 2, {}}, {false, 3, {"good", "2"}}});
}

TEST(RecordReader, UnterminatedQuoteOnLastLineNamesItsLine) {
  ExpectSameForAllChunkings("k,v\na,1\n\"b,2", kComma, {{false, 1, {"k", "v"}}, {false, 2, {"a", "1"}}, {true, 3, {}}});
}

TEST(RecordReader, OverlongLineIsSkippedAndTheNextLinesStillCome) {
  RecordReader::Options opt = kComma;
  opt.max_record_bytes = 16;
  std::string text = "a,1\n" + std::string(100, 'x') + ",2\nb,3\n";
  ExpectSameForAllChunkings(text, opt, {{false, 1, {"a", "1"}}, {true, 2, {}}, {false, 3, {"b", "3"}}});
}

TEST(RecordReader, OverlongQuotedFieldResumesAfterItsFirstLine) {
  RecordReader::Options opt = kComma;
  opt.max_record_bytes = 16;
  std::string text = "a,1\n\"open,2\n" + std::string(40, 'y') + "\nc,3\n";
  ExpectSameForAllChunkings(text, opt,
                            {{false, 1, {"a", "1"}}, {true, 2, {}}, {true, 3, {}}, {false, 4, {"c", "3"}}});
}

TEST(RecordReader, NulBytesAreDataAndRawCoversTheRecord) {
  StringSource src(std::string("a\0b,1\r\nx\n", 9));
  RecordReader reader(&src, kComma);
  Record rec;
  RowError err;
  auto r = reader.Next(&rec, &err);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(*r, RecordReader::Outcome::kRecord);
  EXPECT_EQ(rec.field(0), std::string_view("a\0b", 3));
  EXPECT_EQ(rec.raw, std::string_view("a\0b,1\r\n", 7));
}

TEST(RecordReader, QuotedFieldsWithoutEscapesAreViewsWithEscapesAreCopies) {
  ExpectSameForAllChunkings("\"\",\"x\"\"y\"\"\",\"ab\"cd,\"\"\"\"\n", kComma,
                            {{false, 1, {"", "x\"y\"", "abcd", "\""}}});
}

TEST(RecordReader, LinesModeKeepsDelimitersAndQuotes) {
  RecordReader::Options opt{RecordReader::Mode::kLines, ',', 64 * 1024};
  ExpectSameForAllChunkings("hotel, goedkoop\n\"a\" \"b\"\r\nc\n", opt,
                            {{false, 1, {"hotel, goedkoop"}}, {false, 2, {"\"a\" \"b\""}}, {false, 3, {"c"}}});
}

TEST(RecordReader, TabDelimited) {
  RecordReader::Options opt{RecordReader::Mode::kCsv, '\t', 64 * 1024};
  ExpectSameForAllChunkings("\t\tAll\t454200.0\nkw\tUSD\t\t50.0\n", opt,
                            {{false, 1, {"", "", "All", "454200.0"}}, {false, 2, {"kw", "USD", "", "50.0"}}});
}

}  // namespace
}  // namespace kr::ingest::internal
