// `klantreis review` on bad input: a fixes file (--file) with every line
// end, a BOM, broken encoding, a huge line, a missing column, two stages for
// one query, a directory; a reviews.tsv edited by hand with duplicates or a
// damaged line; a --set the file could not hold; a reviews.tsv that is a
// directory; a read-only project. Each is read or refused with the file and
// the line named, and nothing is stored or silently dropped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_run.h"

namespace kr::e2e {
namespace {

class ReviewBadInput : public CliTest {
 protected:
  bool Stored() const { return std::ifstream(proj_ + "/reviews.tsv").good(); }
  std::string List() {
    CmdResult r = InProject("review --list --format tsv");
    EXPECT_EQ(r.code, 0) << r.err;
    return r.out;
  }
};

TEST_F(ReviewBadInput, AFixesFileWithCrOnlyOrCrlfLineEndsAndABomIsReadWhole) {
  tmp_.Write("mac.tsv", "query\tstage\rfiets kopen\tpurchase\rbeste fiets\tconsideration\r");
  CmdResult mac = InProject("review --file " + Quote(tmp_.File("mac.tsv")) + " --author ann --no-suggest");
  ASSERT_EQ(mac.code, 0) << mac.err;
  tmp_.Write("win.tsv", "\xEF\xBB\xBFquery\tstage\r\nmonstera\tconcrete behoefte\r\nfiets repareren\tuse\r\n");
  CmdResult win = InProject("review --file " + Quote(tmp_.File("win.tsv")) + " --author ann --no-suggest");
  ASSERT_EQ(win.code, 0) << win.err;
  const std::string list = List();
  for (const char* row : {"beste fiets\tconsideration\tann\t", "fiets kopen\tpurchase\tann\t",
                          "fiets repareren\tuse\tann\t", "monstera\tconcrete_need\tann\t"}) {
    EXPECT_NE(list.find(std::string("\n") + row), std::string::npos) << row << "\n" << list;
  }
  EXPECT_EQ(Lines(list).size(), 5u) << list;
}

TEST_F(ReviewBadInput, ABadFixesFileNamesTheFileAndLineAndStoresNothing) {
  struct Case {
    std::string name, text, error;
  };
  const std::string huge = std::string(1200000, 'x');
  const Case cases[] = {
      {"latin1.tsv", "fiets\tuse\nk\xE9uken\tuse\n", "latin1.tsv:2: not valid UTF-8 (byte 2 of the line"},
      {"huge.tsv", "fiets\tuse\n" + huge + "\tuse\n", "huge.tsv:2: the query is 1200000 bytes, a review takes at most 4096"},
      {"column.tsv", "query\tstage\nfiets\tuse\nfiets kopen purchase\n",
       "column.tsv:3: expected QUERY<TAB>STAGE (no tab in \"fiets kopen purchase\")"},
      {"stage.tsv", "fiets\tuse\nfiets kopen\tpurchasing\n", "stage.tsv:2: unknown stage \"purchasing\""},
      {"twice.tsv", "fiets\tuse\nkopen\tpurchase\nFiets\tloyalty\n",
       "twice.tsv:3: \"Fiets\" again (line 1 gives use, this line loyalty)"},
      {"control.tsv", "fiets\tuse\nfi\x0bts\tuse\n", "control.tsv:2: a control character (0x0B)"},
      {"empty.tsv", "# nothing yet\nquery\tstage\n", "empty.tsv: no QUERY<TAB>STAGE lines"},
  };
  for (const Case& c : cases) {
    tmp_.Write(c.name, c.text);
    CmdResult r = InProject("review --file " + Quote(tmp_.File(c.name)) + " --no-suggest");
    EXPECT_EQ(r.code, 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find("klantreis: " + tmp_.File(c.error)), std::string::npos) << c.name << ": " << r.err;
    EXPECT_LT(r.err.size(), 400u) << "a huge line is not echoed: " << c.name;
  }
  std::filesystem::create_directories(tmp_.File("adir.tsv"));
  CmdResult dir = InProject("review --file " + Quote(tmp_.File("adir.tsv")) + " --no-suggest");
  EXPECT_EQ(dir.code, 2) << dir.err;
  EXPECT_NE(dir.err.find(tmp_.File("adir.tsv") + ": is a directory, not a file"), std::string::npos) << dir.err;
  CmdResult missing = InProject("review --file " + Quote(tmp_.File("absent.tsv")) + " --no-suggest");
  EXPECT_EQ(missing.code, 1) << missing.err;
  EXPECT_NE(missing.err.find(tmp_.File("absent.tsv") + ": No such file or directory"), std::string::npos)
      << missing.err;
  EXPECT_FALSE(Stored()) << "nothing stored after a refused file";
}

TEST_F(ReviewBadInput, AHandEditedReviewsFileWithDuplicatesStopsEveryCommandAtItsLine) {
  ASSERT_EQ(InProject("review --set 'fiets kopen=purchase' --author ann --no-suggest").code, 0);
  // A merge of two branches left the same query twice with two stages.
  std::string text = ReadAll(proj_ + "/reviews.tsv");
  text += "fiets kopen\tdecision\tbob\t2026-12-02\t\n";
  tmp_.Write("proj/reviews.tsv", text);
  const std::string where = proj_ + "/reviews.tsv:4: \"fiets kopen\" again (line 3 gives purchase, this line decision)";
  for (const std::string& cmd : {std::string("review --list"), std::string("review --set 'fiets=use' --no-suggest"),
                                 "report --format csv --out " + Quote(tmp_.File("rep")) + " -q",
                                 std::string("classify 'fiets kopen'")}) {
    CmdResult r = InProject(cmd);
    EXPECT_NE(r.code, 0) << cmd;
    EXPECT_NE(r.err.find(where), std::string::npos) << cmd << ": " << r.err;
  }
  EXPECT_EQ(ReadAll(proj_ + "/reviews.tsv"), text) << "a refused edit leaves the file as the person left it";
  // Damaged rows: a shifted column, a bad date, a conflict marker.
  for (const std::string& bad : {std::string("fiets\tuse\tann\t2026-12-01\t\tstray\n"),
                                 std::string("fiets\tuse\tann\t1-12-2026\t\n"), std::string("<<<<<<< HEAD\n")}) {
    tmp_.Write("proj/reviews.tsv", "query\tstage\tauthor\tdate\tprevious\n" + bad);
    CmdResult r = InProject("review --list");
    EXPECT_EQ(r.code, 1) << bad;
    EXPECT_NE(r.err.find(proj_ + "/reviews.tsv:2: "), std::string::npos) << bad << ": " << r.err;
  }
  // Fixed by hand, the project reads again.
  tmp_.Write("proj/reviews.tsv", "query\tstage\tauthor\tdate\tprevious\nfiets kopen\tdecision\tbob\t2026-12-02\t\n");
  EXPECT_NE(List().find("fiets kopen\tdecision\tbob"), std::string::npos);
}

TEST_F(ReviewBadInput, ASetTheFileCouldNotHoldIsRefusedAndTheProjectStaysReadable) {
  const std::string bin = Quote(KLANTREIS_BIN) + " review -p " + Quote(proj_) + " --no-suggest ";
  // Was stored as is, and every later command then failed on "not valid UTF-8".
  CmdResult latin1 = Bash(tmp_, bin + "--set $'k\\xe9uken=use'");
  EXPECT_EQ(latin1.code, 2) << latin1.err;
  EXPECT_NE(latin1.err.find("not valid UTF-8"), std::string::npos) << latin1.err;
  // Was stored, then read back as a comment: the review vanished.
  CmdResult hash = Bash(tmp_, bin + "--set '#fietsen=use'");
  EXPECT_EQ(hash.code, 2) << hash.err;
  EXPECT_NE(hash.err.find("cannot start with '#'"), std::string::npos) << hash.err;
  // Two stages for one query: the last one silently won.
  CmdResult two = Bash(tmp_, bin + "--set 'fiets=use' --set 'Fiets=purchase'");
  EXPECT_EQ(two.code, 2) << two.err;
  EXPECT_NE(two.err.find("\"Fiets\" is given two stages (use, purchase) by --set/--file"), std::string::npos)
      << two.err;
  EXPECT_FALSE(Stored());
  // An author with a line break or a tab cannot break the row.
  CmdResult author = Bash(tmp_, bin + "--set 'fiets=use' --author $'ann\\tb\\nc'");
  ASSERT_EQ(author.code, 0) << author.err;
  EXPECT_NE(List().find("\nfiets\tuse\tann b c\t"), std::string::npos);
}

TEST_F(ReviewBadInput, AReviewsFileThatIsADirectoryIsSaid) {
  std::filesystem::create_directories(proj_ + "/reviews.tsv");
  CmdResult list = InProject("review --list");
  EXPECT_EQ(list.code, 2) << list.err;
  EXPECT_NE(list.err.find(proj_ + "/reviews.tsv: is a directory, not a file"), std::string::npos) << list.err;
  CmdResult set = InProject("review --set 'fiets=use' --no-suggest");
  EXPECT_NE(set.code, 0);
  EXPECT_NE(set.err.find(proj_ + "/reviews.tsv: is a directory"), std::string::npos) << set.err;
}

TEST_F(ReviewBadInput, AReadOnlyProjectSaysItCannotStoreReviews) {
  std::string as;
  if (::geteuid() == 0) {  // as root, permissions do not stop us: run klantreis as nobody then
    if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "root without setpriv";
    as = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    namespace fs = std::filesystem;
    fs::permissions(tmp_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
  }
  ASSERT_EQ(InProject("review --set 'fiets=use' --no-suggest").code, 0);
  const std::string before = ReadAll(proj_ + "/reviews.tsv");
  Bash(tmp_, "chmod -R a-w " + Quote(proj_) + " && chmod a+r " + Quote(proj_ + "/reviews.tsv"));
  CmdResult set = Bash(tmp_, as + Quote(KLANTREIS_BIN) + " review -p " + Quote(proj_) +
                                 " --set 'fiets kopen=purchase' --no-suggest");
  CmdResult list = Bash(tmp_, as + Quote(KLANTREIS_BIN) + " review -p " + Quote(proj_) + " --list --format tsv");
  Bash(tmp_, "chmod -R u+w " + Quote(proj_));
  EXPECT_EQ(set.code, 1) << set.out;
  EXPECT_NE(set.err.find("project " + proj_ + " is read-only: cannot store reviews (" + proj_ + "/reviews.tsv.lock: "),
            std::string::npos)
      << set.err;
  EXPECT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find("fiets\tuse"), std::string::npos) << "the reviews still read";
  EXPECT_EQ(ReadAll(proj_ + "/reviews.tsv"), before);
}

}  // namespace
}  // namespace kr::e2e
