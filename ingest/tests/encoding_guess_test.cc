// Encoding detection decides by lines and says when it guessed: a UTF-8
// file with a few damaged lines stays UTF-8 (those lines are row errors),
// a legacy 8-bit guess carries a confidence, and a caller may refuse an
// unsure guess.
#include <gtest/gtest.h>

#include <string>

#include "import_helpers.h"
#include "klantreis/testutil.h"

namespace kr::ingest {
namespace {

using testing::ImportAll;
using testutil::TempDir;

class EncodingGuess : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    dir_.Write(name, bytes);
    return dir_.File(name);
  }
  TempDir dir_;
};

TEST_F(EncodingGuess, Utf8WithOneDamagedLineStaysUtf8AndTheLineIsARowError) {
  // Two lines of real UTF-8 against one line with three stray bytes: by bytes
  // (2 sequences vs 3 bad bytes) this looked like windows-1252 and became "cafÃ©".
  std::string path = Write("mixed.txt", "caf\xC3\xA9 zoeken\nori\xC3\xABntatie fiets\nfiets \x80\x81\x82 kopen\nfiets\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-8");
  EXPECT_TRUE(r.info.encoding_guessed);
  EXPECT_EQ(r.info.encoding_confidence, 66);
  EXPECT_NE(r.info.encoding_basis.find("first on line 3"), std::string::npos) << r.info.encoding_basis;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9 zoeken");
  EXPECT_EQ(r.rows[1].keyword, "ori\xC3\xABntatie fiets");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_NE(r.errors[0].message.find("invalid UTF-8"), std::string::npos) << r.errors[0].message;
}

TEST_F(EncodingGuess, ManyDamagedLinesAgainstOneUtf8LineIsLegacyText) {
  std::string path = Write("latin.txt", "caf\xE9\nna\xEF" "ef\nbr\xFBl\xE9" "e\ncaf\xC3\xA9\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "windows-1252");
  EXPECT_TRUE(r.info.encoding_guessed);
  // Every stray byte reads as a letter, but one valid UTF-8 line speaks against it: 3 of 4 lines.
  EXPECT_EQ(r.info.encoding_confidence, 75);
  EXPECT_EQ(r.rows[0].keyword, "caf\xC3\xA9");
}

TEST_F(EncodingGuess, Windows1252LettersBetweenAsciiLettersAreAConfidentGuess) {
  std::string path = Write("nl.csv", "Zoekwoord;Zoekvolume\ncaf\xE9 amsterdam;10\nori\xEBntatie;5\n\x80 besparen;90\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "windows-1252");
  EXPECT_TRUE(r.info.encoding_guessed);
  EXPECT_EQ(r.info.encoding_confidence, 100) << r.info.encoding_basis;
  ImportOptions strict;
  strict.refuse_unsure_encoding = true;
  EXPECT_TRUE(ImportAll(path, strict).status.ok());
}

TEST_F(EncodingGuess, StrayBytesThatReadAsNoTextAreAnUnsureGuessRefusedWhenAsked) {
  std::string path = Write("junk.txt", "fiets kopen\nfiets \x81\x8D\x8F\x90\n");
  auto r = ImportAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.info.encoding_guessed);
  EXPECT_LT(r.info.encoding_confidence, 60);
  ImportOptions strict;
  strict.refuse_unsure_encoding = true;
  r = ImportAll(path, strict);
  EXPECT_EQ(r.status.code(), Status::Code::kParseError) << r.status.ToString();
  EXPECT_NE(r.status.message().find("--encoding"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("junk.txt"), std::string::npos) << r.status.message();
  EXPECT_TRUE(r.rows.empty());
  // Forced, it is not a guess and is read as told.
  strict.encoding = "windows-1252";
  r = ImportAll(path, strict);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_FALSE(r.info.encoding_guessed);
}

TEST_F(EncodingGuess, ValidUtf8AndByteOrderMarksAreNotGuesses) {
  auto r = ImportAll(Write("u.txt", "caf\xC3\xA9\nfiets\n"));
  ASSERT_TRUE(r.status.ok());
  EXPECT_FALSE(r.info.encoding_guessed);
  r = ImportAll(Write("b.txt", "\xFF\xFE" + std::string("f\0i\0e\0t\0s\0\n\0", 12)));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-16LE");
  EXPECT_FALSE(r.info.encoding_guessed);
}

TEST_F(EncodingGuess, Utf16WithoutByteOrderMarkIsAGuess) {
  auto r = ImportAll(Write("n.txt", std::string("f\0i\0e\0t\0s\0\n\0k\0o\0p\0e\0n\0\n\0", 24)));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "UTF-16LE");
  EXPECT_TRUE(r.info.encoding_guessed);
  EXPECT_GE(r.info.encoding_confidence, 60);
  EXPECT_NE(r.info.encoding_basis.find("byte-order mark"), std::string::npos);
}

}  // namespace
}  // namespace kr::ingest
