// Header text is validated like rows: a header cell that is not valid UTF-8
// never becomes an attribute name with invalid bytes, and the user is told
// which cell on which line was repaired. (Found by fuzz/fuzz_import.)
#include <gtest/gtest.h>

#include "import_helpers.h"
#include "klantreis/core/text.h"
#include "klantreis/testutil.h"

namespace kr::ingest {
namespace {

using testing::ImportAll;

TEST(HeaderText, AHeaderCellWithInvalidUtf8IsRepairedAndNamedInANote) {
  kr::testutil::TempDir tmp;
  tmp.Write("h.csv", "Keyword,Volume,Cl\xff" "icks,CPC (US\xd5\xd5" "D)\nfiets kopen,1000,12,1.5\ncaf\xc3\xa9,10,1,0.2\n");
  auto r = ImportAll(tmp.File("h.csv"));
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.rows.size(), 2u);
  for (const auto& row : r.rows) {
    for (const auto& [name, value] : row.attrs) {
      EXPECT_EQ(FindInvalidUtf8(name), std::string_view::npos) << "attribute name " << name;
      EXPECT_EQ(FindInvalidUtf8(value), std::string_view::npos) << "attribute " << name << " = " << value;
    }
  }
  std::string notes;
  for (const auto& n : r.info.notes) notes += n + "\n";
  EXPECT_NE(notes.find("line 1: header cell 3 is not valid UTF-8; read as 'Cl\xEF\xBF\xBD" "icks'"), std::string::npos)
      << notes;
}

}  // namespace
}  // namespace kr::ingest
