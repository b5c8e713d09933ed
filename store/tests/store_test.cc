// Store behaviour in one process: round trips, atomic imports, re-import by
// hash, volumes merged over sources, re-classification, SERP snapshots,
// meta, and refusing directories that are not (current) klantreis stores.
#include "klantreis/store/store.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "../src/rocks_status.h"
#include "klantreis/core/text.h"
#include "klantreis/store/schema.h"
#include "klantreis/testutil.h"
#include "store_test_util.h"

namespace kr::store {
namespace {

using testing::Import;
using testing::Keys;
using testing::MakeRow;
using testing::MakeRun;
using testing::Row;
using kr::testutil::TempDir;

std::unique_ptr<Store> OpenOrDie(const std::string& dir, OpenMode mode = OpenMode::kReadWrite) {
  auto s = Store::Open(dir, mode);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(Store, ImportedKeywordsComeBackInKeyOrderWithSourcesAndClassification) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  Row a = MakeRow("kortingscode coolblue", Stage::kDecision, 880, VolumeKind::kPlannerAverage, 2);
  a.display = "Kortingscode Coolblue";
  a.src.monthly = {{"2024-01", 720}, {"2024-02", 1000}};
  a.src.attrs = {{"competition", "Hoog"}};
  a.c.runner_up = Stage::kPurchase;
  a.c.navigational = true;
  Row b = MakeRow("airfryer", Stage::kConcreteNeed, 90500, VolumeKind::kPlannerAverage, 3);
  Row c = MakeRow("wat is een airfryer", Stage::kOrientation, 1300, VolumeKind::kPlannerAverage, 4);
  auto id = Import(*store, MakeRun("kw.csv", "hash1", "planner"), {a, b, c});
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*id, "r000001");

  EXPECT_EQ(Keys(*store), (std::vector<std::string>{"airfryer", "kortingscode coolblue", "wat is een airfryer"}));
  auto got = store->GetKeyword("kortingscode coolblue");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const KeywordRecord& k = **got;
  EXPECT_EQ(k.display, "Kortingscode Coolblue");
  EXPECT_EQ(k.lang, Language::kNl);
  ASSERT_EQ(k.sources.size(), 1u);
  EXPECT_EQ(k.sources[0].run_id, "r000001");
  EXPECT_EQ(k.sources[0].file, "kw.csv");
  EXPECT_EQ(k.sources[0].format, "planner");
  EXPECT_EQ(k.sources[0].line, 2u);
  EXPECT_EQ(k.sources[0].volume, 880);
  EXPECT_EQ(k.sources[0].monthly, a.src.monthly);
  EXPECT_EQ(k.sources[0].attrs, a.src.attrs);
  ASSERT_TRUE(k.classification.has_value());
  EXPECT_EQ(k.classification->stage, Stage::kDecision);
  EXPECT_EQ(k.classification->runner_up, Stage::kPurchase);
  EXPECT_TRUE(k.classification->navigational);
  EXPECT_EQ(k.classification->model_version, "m@1");
  ASSERT_EQ(k.classification->rules.size(), 1u);
  EXPECT_EQ(k.classification->rules[0].tokens, std::vector<std::string>{"kortingscode coolblue"});
  EXPECT_EQ(*store->CountKeywords(), 3u);
  EXPECT_FALSE(store->GetKeyword("onbekend")->has_value());
  EXPECT_FALSE(store->GetKeyword("")->has_value());
}

TEST(Store, EverythingSurvivesReopening) {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.File("store"));
    ASSERT_TRUE(Import(*store, MakeRun("a.csv", "h-a"), {MakeRow("fiets kopen", Stage::kPurchase, 10)}).ok());
    ASSERT_TRUE(store->PutMeta("project.name", "Fietsen BV").ok());
  }
  auto store = OpenOrDie(tmp.File("store"), OpenMode::kReadOnly);
  EXPECT_EQ(Keys(*store), std::vector<std::string>{"fiets kopen"});
  EXPECT_EQ(**store->GetMeta("project.name"), "Fietsen BV");
  EXPECT_FALSE(store->GetMeta("project.market")->has_value());
  auto runs = store->ListImports();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_TRUE((*runs)[0].committed);
}

TEST(Store, ListImportsShowsCommittedRunsWithTheirFigures) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  auto w = store->BeginImport(MakeRun("gsc.csv", "h-gsc", "gsc"));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Add("x", "x", Language::kEn, {}, {}).ok());
  ImportRun done = MakeRun("gsc.csv", "h-gsc", "gsc");
  done.encoding = "UTF-16LE";
  done.rows_read = 3;
  done.rows_stored = 1;
  done.rows_rejected = 2;
  done.errors = {{4, "unbalanced quote"}, {9, "empty keyword"}};
  ASSERT_TRUE((*w)->Commit(done).ok());
  EXPECT_FALSE((*w)->Add("y", "y", Language::kEn, {}, {}).ok()) << "no rows after Commit";
  auto second = Import(*store, MakeRun("list.txt", "h-list"), {MakeRow("y", Stage::kUse)});
  ASSERT_TRUE(second.ok());

  auto runs = store->ListImports();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  const ImportRun& r = (*runs)[0];
  EXPECT_EQ(r.id, "r000001");
  EXPECT_EQ(r.file, "gsc.csv");
  EXPECT_EQ(r.file_hash, "h-gsc");
  EXPECT_EQ(r.format, "gsc");
  EXPECT_EQ(r.encoding, "UTF-16LE");
  EXPECT_EQ(r.started_at, 1732370000);
  EXPECT_EQ(r.rows_read, 3u);
  EXPECT_EQ(r.rows_stored, 1u);
  EXPECT_EQ(r.rows_rejected, 2u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[1].message, "empty keyword");
  EXPECT_EQ(r.model_version, "m@1");
  EXPECT_EQ((*runs)[1].id, "r000002");
}

TEST(Store, SameKeywordFromSeveralRunsMergesSourcesAndKeepsFirstDisplay) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  Row planner = MakeRow("hardloopschoenen", Stage::kConcreteNeed, 12100, VolumeKind::kPlannerAverage, 5);
  planner.display = "Hardloopschoenen";
  planner.src.monthly = {{"2024-01", 14800}, {"2024-02", 12100}};
  Row gsc = MakeRow("hardloopschoenen", Stage::kConcreteNeed, 30000, VolumeKind::kImpressions, 7);
  gsc.display = "hardloopschoenen";
  gsc.src.monthly = {{"2024-02", 99999}, {"2024-03", 25000}};
  ASSERT_TRUE(Import(*store, MakeRun("planner.csv", "h1", "planner"), {planner}).ok());
  ASSERT_TRUE(Import(*store, MakeRun("gsc.csv", "h2", "gsc"), {gsc}).ok());
  auto k = store->GetKeyword("hardloopschoenen");
  ASSERT_TRUE(k.ok() && k->has_value());
  ASSERT_EQ((*k)->sources.size(), 2u);
  EXPECT_EQ((*k)->display, "Hardloopschoenen");
  EXPECT_EQ((*k)->sources[0].format, "planner");
  EXPECT_EQ((*k)->sources[1].format, "gsc");
  VolumeKind kind;
  EXPECT_EQ((*k)->MonthlyVolume(&kind), 12100) << "planner average beats impressions";
  EXPECT_EQ(kind, VolumeKind::kPlannerAverage);
  EXPECT_EQ((*k)->Monthly(), (std::map<std::string, int64_t>{{"2024-01", 14800}, {"2024-02", 12100}, {"2024-03", 25000}}));
  EXPECT_EQ(*store->CountKeywords(), 1u);
}

TEST(KeywordRecord, MonthlyVolumePicksTheBestKindAndOnTiesTheLatestRun) {
  auto src = [](std::optional<int64_t> v, VolumeKind k) {
    SourceRef s;
    s.volume = v;
    s.volume_kind = k;
    return s;
  };
  struct Case {
    const char* name;
    std::vector<SourceRef> sources;  // in run order
    int64_t want;
    VolumeKind want_kind;
  };
  std::vector<Case> cases = {
      {"no sources", {}, 0, VolumeKind::kNone},
      {"no volumes", {src(std::nullopt, VolumeKind::kNone)}, 0, VolumeKind::kNone},
      {"one", {src(40, VolumeKind::kListVolume)}, 40, VolumeKind::kListVolume},
      {"lower kind wins whatever the order",
       {src(900, VolumeKind::kImpressions), src(50, VolumeKind::kToolVolume), src(70, VolumeKind::kListVolume)},
       50, VolumeKind::kToolVolume},
      {"tie: the latest run", {src(100, VolumeKind::kPlannerAverage), src(140, VolumeKind::kPlannerAverage)}, 140,
       VolumeKind::kPlannerAverage},
      {"range bucket loses to a tool figure",
       {src(1000, VolumeKind::kPlannerRange), src(1300, VolumeKind::kToolVolume)}, 1300, VolumeKind::kToolVolume},
      {"volume without a kind still counts", {src(5, VolumeKind::kNone)}, 5, VolumeKind::kNone},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    KeywordRecord k;
    k.sources = tc.sources;
    VolumeKind kind = VolumeKind::kPlannerAverage;
    EXPECT_EQ(k.MonthlyVolume(&kind), tc.want);
    EXPECT_EQ(kind, tc.want_kind);
    EXPECT_EQ(k.MonthlyVolume(), tc.want);
  }
}

TEST(KeywordRecord, MonthlyMergesPerMonthByBestKind) {
  KeywordRecord k;
  SourceRef gsc;
  gsc.volume_kind = VolumeKind::kImpressions;
  gsc.monthly = {{"2024-01", 500}, {"2024-02", 600}};
  SourceRef planner;
  planner.volume_kind = VolumeKind::kPlannerAverage;
  planner.monthly = {{"2024-02", 90}, {"2024-03", 110}};
  SourceRef planner_later = planner;
  planner_later.monthly = {{"2024-03", 120}};
  k.sources = {gsc, planner, planner_later};
  EXPECT_EQ(k.Monthly(), (std::map<std::string, int64_t>{{"2024-01", 500}, {"2024-02", 90}, {"2024-03", 120}}));
}

TEST(StoreAtomicity, WriterDestroyedWithoutCommitLeavesNothing) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(Import(*store, MakeRun("old.csv", "h-old"), {MakeRow("bestaand", Stage::kUse, 10)}).ok());
    auto w = store->BeginImport(MakeRun("new.csv", "h-new"));
    ASSERT_TRUE(w.ok());
    // Enough rows for two staged batches (32 MiB each): the first has reached RocksDB before the end.
    Row big = MakeRow("", Stage::kDecision, 1);
    big.src.attrs = {{"pad", std::string(2000, 'x')}};
    for (int i = 0; i < 40000; ++i) {
      big.key = "nieuw " + std::to_string(i);
      ASSERT_TRUE((*w)->Add(big.key, big.key, Language::kNl, big.src, big.c).ok());
    }
    Row again = MakeRow("bestaand", Stage::kPurchase, 99999, VolumeKind::kPlannerAverage);
    ASSERT_TRUE((*w)->Add(again.key, again.key, again.lang, again.src, again.c).ok());
    EXPECT_EQ(Keys(*store), std::vector<std::string>{"bestaand"}) << "staged rows are invisible before Commit";
    {
      auto raw = testing::RawOpen(dir);
      ASSERT_TRUE(raw);
      EXPECT_GT(testing::CountRaw(raw.get(), [](std::string_view k) { return testing::IsRowOfRun(k, 2); }), 0u)
          << "some staged rows are already in RocksDB";
    }
    w->reset();  // destroyed without Commit
    EXPECT_EQ(Keys(*store), std::vector<std::string>{"bestaand"});
    auto k = store->GetKeyword("bestaand");
    ASSERT_TRUE(k.ok() && k->has_value());
    EXPECT_EQ((*k)->sources.size(), 1u);
    EXPECT_EQ((*k)->classification->stage, Stage::kUse) << "the aborted run's classification is gone too";
    EXPECT_FALSE(store->FindRunByHash("h-new")->has_value());
    EXPECT_EQ(store->ListImports()->size(), 1u);
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return testing::IsRowOfRun(k, 2); }), 0u);
  EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return k == schema::RunKey(2); }), 0u);
}

TEST(StoreAtomicity, ExplicitAbortDropsTheRunAndLaterImportsGetNewIds) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  auto w = store->BeginImport(MakeRun("a.csv", "h-a"));
  ASSERT_TRUE(w.ok());
  Row r = MakeRow("weg", Stage::kUse, 1);
  ASSERT_TRUE((*w)->Add(r.key, r.display, r.lang, r.src, r.c).ok());
  (*w)->Abort();
  EXPECT_FALSE((*w)->Commit(MakeRun("a.csv", "h-a")).ok()) << "an aborted import cannot commit";
  EXPECT_TRUE(Keys(*store).empty());
  auto id = Import(*store, MakeRun("b.csv", "h-b"), {MakeRow("blijft", Stage::kUse)});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "r000002") << "run ids are never reused";
}

TEST(StoreAtomicity, LeftoversOfACrashedImportAreRemovedOnTheNextWritableOpen) {
  // A crash is simulated by writing what a writer leaves behind straight into
  // RocksDB: a pending run record and rows under its number (also rows that
  // touch a committed keyword). tests/store_process_test.cc crashes a real child.
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(Import(*store, MakeRun("ok.csv", "h-ok"), {MakeRow("fiets", Stage::kConcreteNeed, 10)}).ok());
  }
  {
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir, &db).ok());
    std::unique_ptr<rocksdb::DB> raw(db);
    schema::RunValue rv;
    rv.run = MakeRun("crashed.csv", "h-crash");
    rv.state = schema::RunState::kPending;
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), schema::RunKey(2), schema::EncodeRunValue(rv)).ok());
    for (const char* kw : {"fiets", "half geimporteerd", "zzz"}) {
      Row r = MakeRow(kw, Stage::kPurchase, 5);
      std::string k, v;
      schema::AppendSourceKey(&k, kw, 2, 0);
      schema::AppendSourceValue(&v, kw, Language::kNl, r.src, "crashed.csv", "list");
      ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), k, v).ok());
      k.clear();
      v.clear();
      schema::AppendClassKey(&k, kw, 2);
      schema::AppendClassValue(&v, r.c, "m@1");
      ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), k, v).ok());
    }
  }
  {
    // Read-only: the leftovers are there but invisible.
    auto ro = OpenOrDie(dir, OpenMode::kReadOnly);
    EXPECT_EQ(Keys(*ro), std::vector<std::string>{"fiets"});
    EXPECT_EQ((*ro->GetKeyword("fiets"))->classification->stage, Stage::kConcreteNeed);
    EXPECT_EQ(*ro->CountKeywords(), 1u);
    EXPECT_EQ(ro->ListImports()->size(), 1u);
  }
  {
    auto raw = testing::RawOpen(dir);
    ASSERT_TRUE(raw);
    EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return testing::IsRowOfRun(k, 2); }), 6u);
  }
  {
    auto rw = OpenOrDie(dir);
    EXPECT_EQ(Keys(*rw), std::vector<std::string>{"fiets"});
    auto id = Import(*rw, MakeRun("next.csv", "h-next"), {MakeRow("daarna", Stage::kUse)});
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, "r000003");
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return testing::IsRowOfRun(k, 2); }), 0u);
  EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return k == schema::RunKey(2); }), 0u);
}

TEST(StoreReimport, FindRunByHashFindsOnlyCommittedRuns) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  const std::string hash = Sha256Hex("keyword,volume\nfiets,10\n");
  EXPECT_FALSE(store->FindRunByHash(hash)->has_value());
  EXPECT_FALSE(store->FindRunByHash("")->has_value());
  {
    auto w = store->BeginImport(MakeRun("kw.csv", hash));
    ASSERT_TRUE(w.ok());
    EXPECT_FALSE(store->FindRunByHash(hash)->has_value()) << "pending runs do not count";
  }
  EXPECT_FALSE(store->FindRunByHash(hash)->has_value()) << "aborted runs do not count";
  auto id = Import(*store, MakeRun("kw.csv", hash), {MakeRow("fiets", Stage::kConcreteNeed, 10)});
  ASSERT_TRUE(id.ok());
  auto found = store->FindRunByHash(hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->file, "kw.csv");
  EXPECT_TRUE((*found)->committed);
  EXPECT_FALSE(store->FindRunByHash(Sha256Hex("other"))->has_value());
}

TEST(StoreRemoveRun, KeywordsOnlyThatRunBroughtInDisappearOthersKeepTheirOtherSources) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("s"));
  auto a = Import(*store, MakeRun("a.csv", "h-a"),
                  {MakeRow("fiets", Stage::kConcreteNeed, 100, VolumeKind::kPlannerAverage),
                   MakeRow("fiets kopen", Stage::kPurchase, 50, VolumeKind::kPlannerAverage)});
  ASSERT_TRUE(a.ok());
  auto b = Import(*store, MakeRun("b.csv", "h-b"),
                  {MakeRow("fiets kopen", Stage::kDecision, 70, VolumeKind::kListVolume),
                   MakeRow("fiets huren", Stage::kPurchase, 20, VolumeKind::kListVolume)});
  ASSERT_TRUE(b.ok());
  auto before = store->GetKeyword("fiets kopen");
  ASSERT_TRUE(before.ok() && before->has_value());
  EXPECT_EQ((*before)->MonthlyVolume(), 50);  // Keyword Planner beats a list figure
  EXPECT_EQ((*before)->classification->stage, Stage::kDecision);  // the newest run's verdict

  auto removed = store->RemoveRun(*a);
  ASSERT_TRUE(removed.ok()) << removed.status().message();
  EXPECT_EQ(removed->file, "a.csv");
  EXPECT_EQ(Keys(*store), (std::vector<std::string>{"fiets huren", "fiets kopen"}));
  auto after = store->GetKeyword("fiets kopen");
  ASSERT_TRUE(after.ok() && after->has_value());
  ASSERT_EQ((*after)->sources.size(), 1u);
  EXPECT_EQ((*after)->sources[0].run_id, *b);
  EXPECT_EQ((*after)->MonthlyVolume(), 70) << "the best figure is recomputed from the remaining source";
  EXPECT_EQ(*store->CountKeywords(), 2u);
  ASSERT_EQ(store->ListImports()->size(), 1u);
  EXPECT_FALSE(store->FindRunByHash("h-a")->has_value()) << "the file can be imported again";
  EXPECT_TRUE(store->FindRunByHash("h-b")->has_value());
  EXPECT_TRUE(store->RemoveRun(*a).status().IsNotFound());
  EXPECT_TRUE(store->RemoveRun("r999999").status().IsNotFound());
  EXPECT_TRUE(store->RemoveRun("nonsense").status().IsNotFound());

  // Removing the newest classifying run: the older run's verdict is used again.
  auto c = Import(*store, MakeRun("c.csv", "h-c"), {MakeRow("fiets huren", Stage::kUse, 5, VolumeKind::kListVolume)});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*store->GetKeyword("fiets huren"))->classification->stage, Stage::kUse);
  ASSERT_TRUE(store->RemoveRun(*c).ok());
  EXPECT_EQ((*store->GetKeyword("fiets huren"))->classification->stage, Stage::kPurchase);

  // Nothing of a removed run is left in RocksDB, and it all survives reopening.
  store.reset();
  {
    auto raw = testing::RawOpen(tmp.File("s"));
    ASSERT_TRUE(raw);
    const uint32_t a_no = *schema::ParseRunId(*a);
    EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return testing::IsRowOfRun(k, a_no); }), 0u);
    EXPECT_EQ(testing::CountRaw(raw.get(), [&](std::string_view k) { return k == schema::RunKey(a_no); }), 0u);
  }
  auto reopened = OpenOrDie(tmp.File("s"), OpenMode::kReadOnly);
  EXPECT_EQ(Keys(*reopened), (std::vector<std::string>{"fiets huren", "fiets kopen"}));
  EXPECT_TRUE(reopened->RemoveRun(*b).status().IsInvalidArgument()) << "read-only";
}

TEST(StoreClassifications, PutClassificationsReplacesTheVerdictAndPersists) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(Import(*store, MakeRun("a.csv", "h-a"), {MakeRow("airfryer", Stage::kConcreteNeed, 100)}).ok());
    ASSERT_TRUE(Import(*store, MakeRun("b.csv", "h-b"), {MakeRow("airfryer", Stage::kOrientation, 200),
                                                          MakeRow("airfryer kopen", Stage::kPurchase, 50)})
                    .ok());
    Classification c;
    c.stage = Stage::kConsideration;
    c.confidence = 0.5;
    c.model_version = "m@2";
    c.rules.push_back(RuleHit{"pattern:comparison", Stage::kConsideration, 1.5, {"airfryer"}});
    ASSERT_TRUE(store->PutClassifications({{"airfryer", c}}).ok());
    auto k = store->GetKeyword("airfryer");
    ASSERT_TRUE(k.ok() && k->has_value());
    EXPECT_EQ((*k)->classification->stage, Stage::kConsideration);
    EXPECT_EQ((*k)->classification->model_version, "m@2");
    EXPECT_EQ((*k)->sources.size(), 2u) << "sources are untouched";
    EXPECT_EQ((*store->GetKeyword("airfryer kopen"))->classification->stage, Stage::kPurchase);
  }
  {
    auto store = OpenOrDie(dir, OpenMode::kReadOnly);
    auto k = store->GetKeyword("airfryer");
    ASSERT_TRUE(k.ok() && k->has_value());
    EXPECT_EQ((*k)->classification->stage, Stage::kConsideration);
    ASSERT_EQ((*k)->classification->rules.size(), 1u);
    EXPECT_EQ((*k)->classification->rules[0].rule, "pattern:comparison");
  }
}

TEST(StoreClassifications, ARunCommittedAfterAReclassificationWinsAgain) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  ASSERT_TRUE(Import(*store, MakeRun("a.csv", "h-a"), {MakeRow("airfryer", Stage::kConcreteNeed, 100)}).ok());
  Classification c;
  c.stage = Stage::kConsideration;
  c.model_version = "m@2";
  ASSERT_TRUE(store->PutClassifications({{"airfryer", c}}).ok());
  EXPECT_EQ((*store->GetKeyword("airfryer"))->classification->stage, Stage::kConsideration);
  // A pending import does not change what readers see...
  auto w = store->BeginImport(MakeRun("b.csv", "h-b"));
  ASSERT_TRUE(w.ok());
  Row r = MakeRow("airfryer", Stage::kPurchase, 300, VolumeKind::kListVolume, 1, "m@3");
  ASSERT_TRUE((*w)->Add(r.key, r.display, r.lang, r.src, r.c).ok());
  EXPECT_EQ((*store->GetKeyword("airfryer"))->classification->stage, Stage::kConsideration);
  // ...its commit does: it classified the keyword after the re-classification.
  ASSERT_TRUE((*w)->Commit(MakeRun("b.csv", "h-b")).ok());
  auto k = store->GetKeyword("airfryer");
  EXPECT_EQ((*k)->classification->stage, Stage::kPurchase);
  EXPECT_EQ((*k)->classification->model_version, "m@3");
  // And re-classifying again wins over that run.
  c.stage = Stage::kDecision;
  ASSERT_TRUE(store->PutClassifications({{"airfryer", c}}).ok());
  EXPECT_EQ((*store->GetKeyword("airfryer"))->classification->stage, Stage::kDecision);
}

TEST(StoreClassifications, ReclassifyingTwiceKeepsOneSlotPerKeyword) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(Import(*store, MakeRun("a.csv"), {MakeRow("fiets", Stage::kConcreteNeed)}).ok());
    Classification c;
    for (Stage s : {Stage::kUse, Stage::kLoyalty, Stage::kAdvocacy}) {
      c.stage = s;
      ASSERT_TRUE(store->PutClassifications({{"fiets", c}}).ok());
    }
    EXPECT_EQ((*store->GetKeyword("fiets"))->classification->stage, Stage::kAdvocacy);
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(testing::CountRaw(raw.get(),
                              [](std::string_view k) {
                                schema::KeywordKey kk;
                                return schema::ParseKeywordKey(k, &kk) && kk.tag == schema::kClassTag;
                              }),
            2u)
      << "the run's classification and one re-classification slot";
}

TEST(StoreClassifications, UnknownKeywordsAreIgnoredAndStayAbsent) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  ASSERT_TRUE(Import(*store, MakeRun("a.csv"), {MakeRow("fiets", Stage::kConcreteNeed)}).ok());
  Classification c;
  c.stage = Stage::kUse;
  ASSERT_TRUE(store->PutClassifications({{"fiets", c}, {"bestaat niet", c}}).ok());
  EXPECT_EQ((*store->GetKeyword("fiets"))->classification->stage, Stage::kUse);
  EXPECT_FALSE(store->GetKeyword("bestaat niet")->has_value());
  EXPECT_EQ(Keys(*store), std::vector<std::string>{"fiets"});
  // Imported later, the keyword has the import's own verdict.
  ASSERT_TRUE(Import(*store, MakeRun("b.csv"), {MakeRow("bestaat niet", Stage::kOrientation)}).ok());
  EXPECT_EQ((*store->GetKeyword("bestaat niet"))->classification->stage, Stage::kOrientation);
  EXPECT_TRUE(store->PutClassifications({{"", c}}).IsInvalidArgument());
}

TEST(StoreClassifications, CanReclassifyWhileIteratingAsTheReportBuilderDoes) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  std::vector<Row> rows;
  for (int i = 0; i < 500; ++i) rows.push_back(MakeRow("kw " + std::to_string(1000 + i), Stage::kConcreteNeed, i));
  ASSERT_TRUE(Import(*store, MakeRun("a.csv"), rows).ok());
  std::vector<std::pair<std::string, Classification>> batch;
  size_t seen = 0;
  Status inner;
  Status st = store->ForEachKeyword([&](const KeywordRecord& k) {
    ++seen;
    Classification c = *k.classification;
    c.stage = Stage::kLoyalty;
    c.model_version = "m@2";
    batch.emplace_back(k.key, c);
    if (batch.size() == 64) {
      inner = store->PutClassifications(batch);
      batch.clear();
      if (!inner.ok()) return false;
    }
    return true;
  });
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_TRUE(inner.ok()) << inner.message();
  ASSERT_TRUE(store->PutClassifications(batch).ok());
  EXPECT_EQ(seen, 500u) << "the iteration sees its own snapshot, each keyword once";
  size_t reclassified = 0;
  ASSERT_TRUE(store->ForEachKeyword([&](const KeywordRecord& k) {
                     if (k.classification->stage == Stage::kLoyalty && k.classification->model_version == "m@2") {
                       ++reclassified;
                     }
                     return true;
                   })
                  .ok());
  EXPECT_EQ(reclassified, 500u);
}

TEST(StoreReads, ForEachKeywordStopsWhenTheCallbackSaysSo) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  ASSERT_TRUE(Import(*store, MakeRun("a.csv"), {MakeRow("a", Stage::kUse), MakeRow("b", Stage::kUse),
                                                 MakeRow("c", Stage::kUse)})
                  .ok());
  int calls = 0;
  ASSERT_TRUE(store->ForEachKeyword([&](const KeywordRecord&) { return ++calls < 2; }).ok());
  EXPECT_EQ(calls, 2);
}

TEST(StoreReads, KeywordsThatArePrefixesOfOthersStayApart) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  ASSERT_TRUE(Import(*store, MakeRun("a.csv"), {MakeRow("fietsen", Stage::kConcreteNeed, 3),
                                                 MakeRow("fiets", Stage::kConcreteNeed, 1),
                                                 MakeRow("fiets kopen", Stage::kPurchase, 2)})
                  .ok());
  EXPECT_EQ(Keys(*store), (std::vector<std::string>{"fiets", "fiets kopen", "fietsen"}));
  auto k = store->GetKeyword("fiets");
  ASSERT_TRUE(k.ok() && k->has_value());
  EXPECT_EQ((*k)->sources.size(), 1u);
  EXPECT_EQ((*k)->MonthlyVolume(), 1);
}

TEST(StoreWrites, BadKeywordsAreRefusedWithTheirName) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  auto w = store->BeginImport(MakeRun("a.csv"));
  ASSERT_TRUE(w.ok());
  Status st = (*w)->Add("", "", Language::kNl, {}, {});
  EXPECT_TRUE(st.IsInvalidArgument());
  st = (*w)->Add(std::string("a\0b", 3), "a", Language::kNl, {}, {});
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("NUL"), std::string::npos) << st.message();
}

TEST(StoreReadOnly, WritesAreRefused) {
  TempDir tmp;
  { auto store = OpenOrDie(tmp.File("store")); }
  auto store = OpenOrDie(tmp.File("store"), OpenMode::kReadOnly);
  EXPECT_TRUE(store->BeginImport(MakeRun("a.csv")).status().IsInvalidArgument());
  EXPECT_TRUE(store->PutMeta("a", "b").IsInvalidArgument());
  EXPECT_TRUE(store->PutClassifications({{"a", {}}}).IsInvalidArgument());
  SerpSnapshot snap{"a", "google", "2024-05-01", "<html>", "{}", "x"};
  Status st = store->PutSerp(snap);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("read-only"), std::string::npos) << st.message();
}

TEST(StoreLock, SecondWriterInTheSameProcessIsBusyAndNamesTheStore) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  auto first = OpenOrDie(dir);
  ASSERT_TRUE(Import(*first, MakeRun("a.csv"), {MakeRow("fiets", Stage::kConcreteNeed)}).ok());
  auto second = Store::Open(dir, OpenMode::kReadWrite);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.status().IsBusy()) << second.status().message();
  EXPECT_EQ(second.status().message(), "store " + dir + " is in use by another process (LOCK held)");
  // Read-only opens work while the writer holds the store.
  auto reader = OpenOrDie(dir, OpenMode::kReadOnly);
  EXPECT_EQ(Keys(*reader), std::vector<std::string>{"fiets"});
}

TEST(StoreOpen, NewerSchemaIsRefused) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  { auto store = OpenOrDie(dir); }
  {
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir, &db).ok());
    std::unique_ptr<rocksdb::DB> raw(db);
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), schema::kSchemaKey,
                         schema::EncodeSchemaValue(schema::kSchemaVersion + 1))
                    .ok());
  }
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto s = Store::Open(dir, mode);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.status().IsInvalidArgument());
    EXPECT_NE(s.status().message().find("schema version 2, newer than"), std::string::npos) << s.status().message();
    EXPECT_NE(s.status().message().find(dir), std::string::npos);
  }
}

TEST(StoreOpen, DirectoriesThatAreNotKlantreisStoresAreRefused) {
  TempDir tmp;
  // A directory with other files in it: never turned into a store.
  tmp.Write("docs/notes.txt", "hallo");
  // A RocksDB database of something else.
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, tmp.File("otherdb"), &db).ok());
    std::unique_ptr<rocksdb::DB> raw(db);
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), "user:1", "x").ok());
  }
  tmp.Write("plainfile", "x");
  struct Case {
    std::string dir;
    OpenMode mode;
    Status::Code code;
    std::string says;
  };
  std::vector<Case> cases = {
      {tmp.File("docs"), OpenMode::kReadWrite, Status::Code::kInvalidArgument, "is not a klantreis store"},
      {tmp.File("docs"), OpenMode::kReadOnly, Status::Code::kInvalidArgument, "is not a klantreis store"},
      {tmp.File("otherdb"), OpenMode::kReadWrite, Status::Code::kInvalidArgument, "without the klantreis schema marker"},
      {tmp.File("otherdb"), OpenMode::kReadOnly, Status::Code::kInvalidArgument, "without the klantreis schema marker"},
      {tmp.File("plainfile"), OpenMode::kReadWrite, Status::Code::kInvalidArgument, "is not a directory"},
      {tmp.File("missing"), OpenMode::kReadOnly, Status::Code::kNotFound, "does not exist"},
      {tmp.File("plainfile/store"), OpenMode::kReadWrite, Status::Code::kIoError, "plainfile/store"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.dir);
    auto s = Store::Open(tc.dir, tc.mode);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), tc.code) << s.status().message();
    EXPECT_NE(s.status().message().find(tc.says), std::string::npos) << s.status().message();
    EXPECT_NE(s.status().message().find(tc.dir), std::string::npos) << s.status().message();
  }
  EXPECT_TRUE(std::filesystem::exists(tmp.File("docs/notes.txt")));
  EXPECT_FALSE(std::filesystem::exists(tmp.File("docs/CURRENT"))) << "nothing was created in a foreign directory";
}

TEST(StoreOpen, AnEmptyDirectoryBecomesAStore) {
  TempDir tmp;
  std::filesystem::create_directories(tmp.File("store"));
  auto s = Store::Open(tmp.File("store") + "/", OpenMode::kReadWrite);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->dir(), tmp.File("store"));
}

TEST(StoreSerp, PuttingTheSameSnapshotTwiceKeepsOneRecordAndWritesNothing) {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  SerpSnapshot snap{"fiets kopen", "google", "2024-05-01", "<html><body>resultaten</body></html>",
                    R"({"organic":[]})", "https://www.google.nl/search?q=fiets+kopen"};
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(store->PutSerp(snap).ok());
  }
  rocksdb::SequenceNumber after_first;
  {
    auto raw = testing::RawOpen(dir);
    ASSERT_TRUE(raw);
    after_first = raw->GetLatestSequenceNumber();
  }
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(store->PutSerp(snap).ok());
    auto serps = store->GetSerps("fiets kopen");
    ASSERT_TRUE(serps.ok());
    ASSERT_EQ(serps->size(), 1u);
  }
  auto raw = testing::RawOpen(dir);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->GetLatestSequenceNumber(), after_first) << "the second put wrote nothing";
  EXPECT_EQ(testing::CountRaw(raw.get(), [](std::string_view k) { return k[0] == schema::kSerpPrefix; }), 1u);
}

TEST(StoreSerp, SnapshotsComeBackNewestFirstWithTheirHtml) {
  KR_REQUIRE_SHARED(bing, "data/serp_html/zlurad_serp-parser/bing_nojs_coffee-nojs.html");
  KR_REQUIRE_SHARED(google, "data/serp_html/zlurad_serp-parser/google_nojs_coffee-nojs.html");
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  std::string bing_html = *ReadFile(bing), google_html = *ReadFile(google);
  ASSERT_TRUE(store->PutSerp({"coffee", "bing", "2024-04-30", bing_html, R"({"n":1})", bing}).ok());
  ASSERT_TRUE(store->PutSerp({"coffee", "google", "2024-05-02", google_html, R"({"n":2})", google}).ok());
  ASSERT_TRUE(store->PutSerp({"coffee", "google", "2024-04-01", "<old>", R"({"n":0})", "old"}).ok());
  ASSERT_TRUE(store->PutSerp({"coffee beans", "google", "2024-05-03", "<x>", "{}", "x"}).ok());
  // A different page for the same (key, engine, date) replaces the earlier one.
  ASSERT_TRUE(store->PutSerp({"coffee", "google", "2024-04-01", "<older>", R"({"n":-1})", "old"}).ok());
  auto serps = store->GetSerps("coffee");
  ASSERT_TRUE(serps.ok());
  ASSERT_EQ(serps->size(), 3u);
  EXPECT_EQ((*serps)[0].fetched_on, "2024-05-02");
  EXPECT_EQ((*serps)[0].engine, "google");
  EXPECT_EQ((*serps)[0].html, google_html);
  EXPECT_EQ((*serps)[0].parsed_json, R"({"n":2})");
  EXPECT_EQ((*serps)[0].source, google);
  EXPECT_EQ((*serps)[1].engine, "bing");
  EXPECT_EQ((*serps)[1].html, bing_html);
  EXPECT_EQ((*serps)[2].html, "<older>");
  EXPECT_TRUE(store->GetSerps("tea")->empty());
}

TEST(StoreSerp, BadSnapshotsAreRefused) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  EXPECT_TRUE(store->PutSerp({"", "google", "2024-05-01", "", "", ""}).IsInvalidArgument());
  EXPECT_TRUE(store->PutSerp({"a", "", "2024-05-01", "", "", ""}).IsInvalidArgument());
  Status st = store->PutSerp({"a", "google", "1 mei", "", "", ""});
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("YYYY-MM-DD"), std::string::npos);
}

TEST(StoreErrors, RocksDbStatusesBecomeStatusesNamingStoreAndOperation) {
  struct Case {
    rocksdb::Status in;
    Status::Code code;
    std::string says;
  };
  std::vector<Case> cases = {
      {rocksdb::Status::NoSpace("While appending to file: /p/store/000012.sst", "No space left on device"),
       Status::Code::kIoError, "store /p/store: import r000001: write rows: disk full"},
      {rocksdb::Status::IOError("While open a file for appending: /p/store/000009.log", "Permission denied"),
       Status::Code::kIoError, "Permission denied"},
      {rocksdb::Status::Corruption("block checksum mismatch"), Status::Code::kCorruption, "checksum"},
      {rocksdb::Status::IOError("While lock file: /p/store/LOCK", "Resource temporarily unavailable"),
       Status::Code::kBusy, "store /p/store is in use by another process (LOCK held)"},
  };
  for (const auto& tc : cases) {
    Status st = FromRocks(tc.in, "/p/store", "import r000001: write rows");
    EXPECT_EQ(st.code(), tc.code) << st.message();
    EXPECT_NE(st.message().find(tc.says), std::string::npos) << st.message();
    EXPECT_EQ(st.IsNoSpace(), tc.in.IsNoSpace()) << st.message();
  }
  EXPECT_TRUE(FromRocks(rocksdb::Status::OK(), "/p", "x").ok());
}

TEST(StoreErrors, AWriteForWantOfRoomIsSaidAsSuchWhateverTheLimit) {
  // ENOSPC has RocksDB's NoSpace subcode; a file size limit (EFBIG) and a quota
  // (EDQUOT) come as plain IO errors with the errno text: all three are no room.
  const rocksdb::Status full = rocksdb::Status::NoSpace("While appending to file: /p/store/000012.log", std::strerror(ENOSPC));
  const rocksdb::Status fsize = rocksdb::Status::IOError("While appending to file: /p/store/000012.log", std::strerror(EFBIG));
  const rocksdb::Status quota = rocksdb::Status::IOError("While appending to file: /p/store/000012.log", std::strerror(EDQUOT));
  const rocksdb::Status denied = rocksdb::Status::IOError("While open a file for appending: /p/store/000009.log",
                                                          std::strerror(EACCES));
  for (const auto& s : {full, fsize, quota}) {
    Status st = FromRocks(s, "/p/store", "open");
    EXPECT_TRUE(st.IsNoSpace()) << st.message();
    EXPECT_EQ(st.code(), Status::Code::kIoError);
    EXPECT_EQ(st.WithContext("crawl").IsNoSpace(), true) << "kept through a context";
  }
  EXPECT_NE(FromRocks(fsize, "/p/store", "open").message().find(std::strerror(EFBIG)), std::string::npos);
  EXPECT_FALSE(FromRocks(denied, "/p/store", "open").IsNoSpace());
  EXPECT_FALSE(FromRocks(rocksdb::Status::Corruption("bad block"), "/p/store", "open").IsNoSpace());
}

TEST(StoreRealData, DutchQueriesRoundTripByteForByte) {
  KR_REQUIRE_SHARED(path, "data/dutch_queries/slimzoeken_100queries_query_db_nl_children.csv");
  auto text = ReadFile(path);
  ASSERT_TRUE(text.ok());
  // First field of each line (the query), as written; enough to exercise UTF-8 keys.
  std::vector<Row> rows;
  std::set<std::string> unique;
  size_t pos = text->find('\n') + 1;  // skip the header
  uint64_t line = 1;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    std::string l = text->substr(pos, end - pos);
    pos = end + 1;
    ++line;
    size_t sep = l.find_first_of(",;\t");
    std::string q = l.substr(0, sep);
    if (q.size() >= 2 && q.front() == '"') q = q.substr(1, q.size() - 2);
    if (q.empty() || q.find('\0') != std::string::npos) continue;
    Row r = MakeRow(q, Stage::kOrientation, static_cast<int64_t>(line), VolumeKind::kListVolume, line);
    rows.push_back(r);
    unique.insert(q);
  }
  ASSERT_GT(unique.size(), 50u);
  TempDir tmp;
  auto store = OpenOrDie(tmp.File("store"));
  ASSERT_TRUE(Import(*store, MakeRun(path, Sha256Hex(*text), "list"), rows).ok());
  EXPECT_EQ(*store->CountKeywords(), unique.size());
  std::vector<std::string> keys = Keys(*store);
  EXPECT_EQ(keys, std::vector<std::string>(unique.begin(), unique.end()));
}

}  // namespace
}  // namespace kr::store
