// End-to-end: a real Keyword Planner export with monthly "Searches: Mon YYYY"
// columns gives every topic of plan.csv its peak month, the month with the
// most searches summed over the topic's keywords, computed here straight
// from the export's bytes (UTF-16LE, tabs, two preamble lines).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "cli_run.h"
#include "klantreis/testutil.h"

namespace {

using kr::testutil::ReadAll;
using kr::testutil::TempDir;
using kr::e2e::CsvRows;

using kr::e2e::Quote;

int Klantreis(const TempDir& tmp, const std::string& args, std::string* err) {
  kr::e2e::CmdResult r = kr::e2e::Klantreis(tmp, args);
  *err = r.err;
  return r.code;
}

// UTF-16LE (with BOM) to UTF-8; the export's text is in the BMP.
std::string Utf16LeToUtf8(const std::string& in) {
  std::string out;
  for (size_t i = (in.size() >= 2 && in[0] == '\xff' && in[1] == '\xfe') ? 2 : 0; i + 1 < in.size(); i += 2) {
    const unsigned u = static_cast<unsigned char>(in[i]) | (static_cast<unsigned char>(in[i + 1]) << 8);
    if (u < 0x80) {
      out += static_cast<char>(u);
    } else if (u < 0x800) {
      out += static_cast<char>(0xc0 | (u >> 6)), out += static_cast<char>(0x80 | (u & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (u >> 12)), out += static_cast<char>(0x80 | ((u >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (u & 0x3f));
    }
  }
  return out;
}

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep) out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

// "Searches: Jul 2025" -> "2025-07" ("" for other columns).
std::string MonthColumn(const std::string& h) {
  static const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string prefix = "Searches: ";
  if (h.rfind(prefix, 0) != 0 || h.size() != prefix.size() + 8) return "";
  for (int m = 0; m < 12; ++m) {
    if (h.compare(prefix.size(), 3, kMon[m]) == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%02d", m + 1);
      return h.substr(prefix.size() + 4, 4) + "-" + buf;
    }
  }
  return "";
}

// keyword -> month -> searches, from the export.
std::map<std::string, std::map<std::string, long long>> PlannerMonthly(const std::string& path) {
  std::map<std::string, std::map<std::string, long long>> out;
  const auto lines = Split(Utf16LeToUtf8(ReadAll(path)), '\n');
  std::vector<std::string> month_of;
  for (const auto& line : lines) {
    const auto f = Split(line, '\t');
    if (month_of.empty()) {
      if (f[0] != "Keyword") continue;  // the title and date-range lines
      for (const auto& h : f) month_of.push_back(MonthColumn(h));
      continue;
    }
    if (f[0].empty()) continue;  // the segmentation aggregate rows, the last newline
    auto& kw = out[f[0]];        // also a keyword whose monthly cells are empty
    for (size_t c = 0; c < f.size() && c < month_of.size(); ++c) {
      if (!month_of[c].empty() && !f[c].empty()) kw[month_of[c]] = std::stoll(f[c]);
    }
  }
  return out;
}

TEST(PlanSeasonality, PlannerExportGivesEveryTopicThePeakOfItsKeywordsSummedMonthlyVolumes) {
  KR_REQUIRE_SHARED(planner, "data/keyword_exports/gkp_saved_keywords_stats_en_us_utf16le.csv");
  const auto monthly = PlannerMonthly(planner);
  ASSERT_GT(monthly.size(), 300u);
  TempDir tmp;
  const std::string proj = tmp.File("proj");
  std::string err;
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name T --market en-US", &err), 0) << err;
  ASSERT_EQ(Klantreis(tmp, "import " + Quote(planner) + " -p " + Quote(proj), &err), 0) << err;
  ASSERT_EQ(Klantreis(tmp, "report -q -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) + " --format csv", &err),
            0)
      << err;

  // plan.csv: the contract columns first, the peak at the end.
  const auto plan = CsvRows(ReadAll(tmp.File("rep/plan.csv")));
  ASSERT_GE(plan.size(), 2u);
  const auto& head = plan[0];
  const std::vector<std::string> contract = {"cluster", "label",        "stage", "monthly_volume", "keywords",
                                             "questions", "content_type", "url",   "priority"};
  ASSERT_GE(head.size(), contract.size() + 2);
  for (size_t i = 0; i < contract.size(); ++i) EXPECT_EQ(head[i], contract[i]);
  ASSERT_EQ(head[head.size() - 2], "peak_month");
  ASSERT_EQ(head[head.size() - 1], "peak_share");

  // The members of each cluster (clusters.csv: cluster,label,keyword,...).
  std::map<std::string, std::vector<std::string>> members;
  const auto cl = CsvRows(ReadAll(tmp.File("rep/clusters.csv")));
  for (size_t i = 1; i < cl.size(); ++i) members[cl[i][0]].push_back(cl[i][2]);

  size_t checked = 0, multi = 0, without = 0;
  for (size_t i = 1; i < plan.size(); ++i) {
    const auto& row = plan[i];
    ASSERT_EQ(row.size(), head.size());
    // Independently: per month the sum over the topic's keywords in the export.
    std::map<std::string, long long> sum;
    for (const auto& kw : members[row[0]]) {
      auto it = monthly.find(kw);
      ASSERT_NE(it, monthly.end()) << "keyword of cluster " << row[0] << " not in the export: " << kw;
      for (const auto& [month, v] : it->second) sum[month] += v;
    }
    std::string peak;
    long long best = 0, total = 0;
    for (const auto& [month, v] : sum) {  // chronological: ties stay with the earlier month
      total += v;
      if (v > best) best = v, peak = month;
    }
    const std::string& got_month = row[head.size() - 2];
    const std::string& got_share = row[head.size() - 1];
    if (total == 0) {
      EXPECT_EQ(got_month, "") << "cluster " << row[0];
      EXPECT_EQ(got_share, "") << "cluster " << row[0];
      ++without;
      continue;
    }
    EXPECT_EQ(got_month, peak) << "cluster " << row[0] << " " << row[1];
    ASSERT_FALSE(got_share.empty()) << "cluster " << row[0];
    EXPECT_NEAR(std::stod(got_share), static_cast<double>(best) / static_cast<double>(total), 0.00005)
        << "cluster " << row[0];
    ++checked;
    if (members[row[0]].size() > 1) ++multi;
  }
  EXPECT_GT(checked, 50u);
  EXPECT_GT(multi, 10u);  // topics whose peak is a sum over several keywords
  EXPECT_LT(without, 5u);

  // `klantreis plan --format tsv`: the same peak per topic, in its last two columns.
  std::map<std::string, std::string> peak_of;
  for (size_t i = 1; i < plan.size(); ++i) peak_of[plan[i][0]] = plan[i][head.size() - 2];
  ASSERT_EQ(Klantreis(tmp, "plan -q -p " + Quote(proj) + " --top 3 --format tsv", &err), 0) << err;
  const auto lines = Split(ReadAll(tmp.File(".stdout")), '\n');
  ASSERT_GE(lines.size(), 2u);
  const auto tsv_head = Split(lines[0], '\t');
  ASSERT_GE(tsv_head.size(), 2u);
  EXPECT_EQ(tsv_head[tsv_head.size() - 2], "peak_month");
  size_t tsv_topics = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = Split(lines[i], '\t');
    if (f.size() != tsv_head.size()) continue;  // the last newline
    ASSERT_TRUE(peak_of.count(f[3])) << lines[i];
    EXPECT_EQ(f[f.size() - 2], peak_of[f[3]]) << lines[i];
    tsv_topics += f[0] == "topic";
  }
  EXPECT_GT(tsv_topics, 5u);
}

TEST(PlanSeasonality, ImportWithoutMonthlyFiguresLeavesThePeakCellsEmpty) {
  TempDir tmp;
  tmp.Write("kw.csv", "keyword,volume\ne-bike accu opladen,900\nebike accu opladen,300\nbeste e-bike,700\n");
  const std::string proj = tmp.File("proj");
  std::string err;
  ASSERT_EQ(Klantreis(tmp, "init " + Quote(proj) + " --name T --market nl-NL", &err), 0) << err;
  ASSERT_EQ(Klantreis(tmp, "import " + Quote(tmp.File("kw.csv")) + " -p " + Quote(proj), &err), 0) << err;
  ASSERT_EQ(Klantreis(tmp, "report -q -p " + Quote(proj) + " --out " + Quote(tmp.File("rep")) + " --format csv,md", &err),
            0)
      << err;
  const auto plan = CsvRows(ReadAll(tmp.File("rep/plan.csv")));
  ASSERT_GE(plan.size(), 2u);
  ASSERT_EQ(plan[0].back(), "peak_share");
  for (size_t i = 1; i < plan.size(); ++i) {
    ASSERT_EQ(plan[i].size(), plan[0].size());
    EXPECT_EQ(plan[i][plan[0].size() - 2], "");
    EXPECT_EQ(plan[i].back(), "");
  }
  EXPECT_EQ(ReadAll(tmp.File("rep/report.md")).find("Peak month"), std::string::npos);
}

}  // namespace
