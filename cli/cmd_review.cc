// klantreis review [-p DIR] [--top N] [--below C] [--format text|tsv|json]
//                  [--set "QUERY=STAGE"]... [--file FIXES.tsv] [--unset QUERY]...
//                  [--author NAME] [--date YYYY-MM-DD] [--list] [--suggest] [--no-suggest] [-q]
// Without an edit: the review queue, the uncertain verdicts with the most
// volume. --set/--file/--unset store reviewed verdicts in DIR/reviews.tsv
// (author, date, the classifier's own verdict) and then suggest project cues
// that would generalise the fixes; --list shows the stored reviews.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_text.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/app/review.h"
#include "klantreis/core/progress.h"
#include "klantreis/core/number_format.h"

namespace kr::cli {
namespace {

using nlohmann::ordered_json;

struct Opts {
  size_t top = 20;
  double below = 0;
  std::string format = "text";
  std::vector<std::string> set;
  std::string file;
  std::vector<std::string> unset;
  std::string author;
  std::string date;
  bool list = false;
  bool suggest = false;
  bool no_suggest = false;
  bool quiet = false;
};

std::string Percent(int64_t part, int64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

std::string DefaultAuthor() {
  for (const char* var : {"KLANTREIS_AUTHOR", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return v;
  }
  return "unknown";
}

void PrintQueue(const app::Project& project, const app::ReviewQueue& q, const Opts& o) {
  if (o.format == "json") {
    ordered_json j;
    j["project"] = project.name;
    j["model"] = project.classifier.Version();
    j["keywords"] = q.keywords;
    j["monthly_volume"] = q.volume;
    j["reviewed"] = q.reviewed;
    j["candidates"] = q.candidates;
    j["candidate_volume"] = q.candidate_volume;
    j["below"] = o.below;
    ordered_json items = ordered_json::array();
    for (const auto& it : q.items) {
      ordered_json e;
      e["query"] = it.query;
      e["stage"] = StageId(it.stage);
      e["confidence"] = it.confidence;
      e["monthly_volume"] = it.monthly_volume;
      e["uncertain"] = it.uncertain;
      e["runner_up"] = it.runner_up ? ordered_json(StageId(*it.runner_up)) : ordered_json(nullptr);
      e["evidence"] = it.evidence;
      items.push_back(std::move(e));
    }
    j["items"] = std::move(items);
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (o.format == "tsv") {
    std::cout << "query\tstage\tconfidence\tmonthly_volume\tuncertain\trunner_up\tevidence\n";
    for (const auto& it : q.items) {
      std::cout << TsvCell(it.query) << '\t' << StageId(it.stage) << '\t' << Fixed2(it.confidence) << '\t'
                << it.monthly_volume << '\t' << (it.uncertain ? "true" : "false") << '\t'
                << (it.runner_up ? StageId(*it.runner_up) : "") << '\t' << TsvCell(it.evidence) << "\n";
    }
    return;
  }
  std::cout << project.name << ": " << q.candidates << " of " << q.keywords << " keywords ("
            << Thousands(q.candidate_volume) << " of " << Thousands(q.volume) << " " << q.VolumeUnit() << ", "
            << Percent(q.candidate_volume, q.volume) << ") have an uncertain stage"
            << (o.below > 0 ? " or confidence below " + Fixed2(o.below) : "") << "; " << q.reviewed
            << " reviewed so far (model " << project.classifier.Version() << ")\n";
  if (q.items.empty()) {
    std::cout << "nothing to review\n";
    return;
  }
  std::cout << "the " << q.items.size() << " with the most volume:\n";
  std::printf("  %10s %5s  %-14s %s\n", "volume", "conf", "stage", "query  [why]");
  std::fflush(stdout);
  for (const auto& it : q.items) {
    std::printf("  %10s %5s  %-14s %s  [%s]\n", Thousands(it.monthly_volume).c_str(), Fixed2(it.confidence).c_str(),
                std::string(StageId(it.stage)).c_str(), it.query.c_str(),
                it.uncertain ? "uncertain: no cue or product category" : it.evidence.c_str());
  }
  std::fflush(stdout);
  std::cout << "confirm or fix: klantreis review -p " << project.dir << " --set \"" << q.items.front().query << "="
            << StageId(q.items.front().stage) << "\" (or --file FIXES.tsv with QUERY<TAB>STAGE lines)\n";
}

void PrintReviews(const std::vector<app::Review>& reviews, const std::string& format) {
  if (format == "json") {
    ordered_json a = ordered_json::array();
    for (const auto& r : reviews) {
      ordered_json e;
      e["query"] = r.query;
      e["stage"] = StageId(r.stage);
      e["author"] = r.author;
      e["date"] = r.date;
      e["previous"] = r.previous ? ordered_json(StageId(*r.previous)) : ordered_json(nullptr);
      a.push_back(std::move(e));
    }
    std::cout << a.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (format == "tsv") std::cout << app::kReviewsHeader << "\n";
  for (const auto& r : reviews) {
    const std::string prev = r.previous ? std::string(StageId(*r.previous)) : "";
    if (format == "tsv") {
      std::cout << TsvCell(r.query) << '\t' << StageId(r.stage) << '\t' << TsvCell(r.author) << '\t' << r.date << '\t'
                << prev << "\n";
    } else {
      std::cout << "  " << r.query << " = " << StageId(r.stage) << "  (" << (r.author.empty() ? "?" : r.author)
                << ", " << (r.date.empty() ? "?" : r.date)
                << (prev.empty() ? "" : prev == StageId(r.stage) ? ", confirmed" : ", was " + prev) << ")\n";
    }
  }
  if (format == "text" && reviews.empty()) std::cout << "  no reviewed verdicts yet\n";
}

void PrintSuggestions(const std::vector<app::CueSuggestion>& s, const std::string& format) {
  if (format == "json") {
    ordered_json a = ordered_json::array();
    for (const auto& c : s) {
      ordered_json e;
      e["phrase"] = c.phrase;
      e["stage"] = StageId(c.stage);
      e["lang"] = c.lang;
      e["from_reviews"] = c.from_reviews;
      e["keywords"] = c.keywords;
      e["monthly_volume"] = c.monthly_volume;
      e["examples"] = c.examples;
      e["toml"] = c.Toml();
      a.push_back(std::move(e));
    }
    std::cout << a.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (format == "tsv") {
    std::cout << "phrase\tstage\tlang\tkeywords\tmonthly_volume\tfrom_reviews\texamples\n";
    for (const auto& c : s) {
      std::string from, ex;
      for (const auto& q : c.from_reviews) from += (from.empty() ? "" : " | ") + q;
      for (const auto& q : c.examples) ex += (ex.empty() ? "" : " | ") + q;
      std::cout << TsvCell(c.phrase) << '\t' << StageId(c.stage) << '\t' << c.lang << '\t' << c.keywords << '\t'
                << c.monthly_volume << '\t' << TsvCell(from) << '\t' << TsvCell(ex) << "\n";
    }
    return;
  }
  if (s.empty()) {
    std::cout << "no project cue would generalise the fixes (no word of a fix moves other keywords to its stage)\n";
    return;
  }
  std::cout << "project cues that would generalise the fixes (add to klantreis.toml; each was checked by "
               "classifying the project's keywords with it):\n";
  for (const auto& c : s) {
    std::cout << "\n" << c.Toml();
    std::string ex;
    for (const auto& q : c.examples) ex += (ex.empty() ? "" : ", ") + q;
    if (!ex.empty()) std::cout << "# e.g. " << ex << "\n";
  }
}

// --set / --file / --unset, under the reviews lock; prints what changed.
Status Edit(app::Project& project, const Opts& o) {
  // What changed is said on stdout for text, on stderr when stdout is TSV or JSON.
  std::ostream& out = o.format == "text" ? std::cout : std::cerr;
  std::vector<app::Review> updates;
  for (const std::string& s : o.set) {
    auto r = app::ParseReviewAssignment(s);
    if (!r.ok()) return r.status();
    updates.push_back(std::move(r).value());
  }
  if (!o.file.empty()) {
    auto rs = app::ReadReviewAssignments(o.file);
    if (!rs.ok()) return rs.status();
    updates.insert(updates.end(), rs->begin(), rs->end());
  }
  {  // one query given two stages by --set/--file: no guess which one is meant
    std::map<std::string, const app::Review*> seen;
    for (const auto& u : updates) {
      auto [it, fresh] = seen.emplace(classify::NormalizeForOverride(u.query), &u);
      if (!fresh && it->second->stage != u.stage) {
        return Status::InvalidArgument("\"" + u.query + "\" is given two stages (" +
                                       std::string(StageId(it->second->stage)) + ", " + std::string(StageId(u.stage)) +
                                       ") by --set/--file: give one");
      }
    }
  }
  const std::string author = o.author.empty() ? DefaultAuthor() : o.author;
  const std::string date = o.date.empty() ? app::FormatUtc(std::time(nullptr), "%Y-%m-%d") : o.date;
  // The classifier's own verdict, without any review.
  auto base = classify::Classifier::Create(app::WithoutReviews(project.classifier, project.reviews));
  if (!base.ok()) return base.status();
  for (auto& u : updates) {
    u.author = author;
    u.date = date;
    Classification c = (*base)->Classify(u.query);
    u.previous = c.stage;
    out << "reviewed \"" << u.query << "\": " << StageId(u.stage)
              << (c.stage == u.stage ? " (confirmed" : " (was " + std::string(StageId(c.stage)))
              << (IsUncertain(c) ? ", uncertain" : ", confidence " + Fixed2(c.confidence)) << ") by " << author
              << " on " << date << "\n";
  }
  size_t removed = 0;
  size_t total = 0;
  Status st = app::UpdateReviews(project.dir, [&](std::vector<app::Review>* reviews) -> Status {
    for (const std::string& q : o.unset) {
      if (!app::RemoveReview(reviews, q)) {
        return Status::NotFound("--unset \"" + q + "\": no reviewed verdict for this query in " +
                                app::ReviewsPath(project.dir));
      }
      ++removed;
    }
    app::MergeReviews(reviews, updates);
    total = reviews->size();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (const std::string& q : o.unset) out << "removed the review of \"" << q << "\"\n";
  out << "stored in " << app::ReviewsPath(project.dir) << " (" << total << " reviewed verdict"
            << (total == 1 ? "" : "s") << "); every later report, plan and classify -p uses them\n";
  (void)removed;
  return Status::Ok();
}

}  // namespace

void AddReviewCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "review", "The uncertain verdicts with the most volume; confirm or fix them (--set, --file), stored as "
                "reviewed overrides with author and date, with project cues that would generalise the fixes");
  auto o = std::make_shared<Opts>();
  AddProjectOptions(cmd, &g);
  cmd->add_option("--top", o->top, "verdicts listed")->check(CLI::Range(size_t{1}, size_t{1000000}))->capture_default_str();
  cmd->add_option("--below", o->below, "also list verdicts with confidence below this (0..1; 0 = uncertain only)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--format", o->format, "text, tsv or json")
      ->check(CLI::IsMember({"text", "tsv", "json"}))
      ->capture_default_str();
  cmd->add_option("--set", o->set, "a reviewed verdict \"QUERY=STAGE\" (repeatable; stage id or Dutch name)");
  cmd->add_option("--file", o->file, "reviewed verdicts from a TSV file: QUERY<TAB>STAGE per line");
  cmd->add_option("--unset", o->unset, "remove the review of QUERY (repeatable)");
  cmd->add_option("--author", o->author, "who reviewed (default: $KLANTREIS_AUTHOR, else $USER)");
  cmd->add_option("--date", o->date, "the review date YYYY-MM-DD (default: today, UTC)");
  cmd->add_flag("--list", o->list, "show the stored reviewed verdicts");
  cmd->add_flag("--suggest", o->suggest, "suggest project cues that would generalise the stored fixes");
  cmd->add_flag("--no-suggest", o->no_suggest, "after --set/--file, do not look for cue suggestions");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  cmd->callback([&g, o] {
    if (!o->date.empty() && !app::IsReviewDate(o->date)) {
      g.exit_code = Fail(Status::InvalidArgument("--date \"" + o->date + "\": expected YYYY-MM-DD"));
      return;
    }
    std::string note;
    auto project = app::OpenProjectForReading(g.project_dir, g.config_files, &note);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    if (!note.empty()) std::cerr << "klantreis: review: " << note << "\n";
    const bool edit = !o->set.empty() || !o->file.empty() || !o->unset.empty();
    if (edit) {
      if (Status st = Edit(*project, *o); !st.ok()) {
        g.exit_code = Fail(st);
        return;
      }
      if (o->no_suggest) return;
    }
    if (o->list && !edit) {
      auto reviews = app::LoadReviews(app::ReviewsPath(project->dir));
      if (!reviews.ok()) {
        g.exit_code = Fail(reviews.status());
        return;
      }
      PrintReviews(*reviews, o->format);
      return;
    }
    if (edit || o->suggest) {
      // Re-open: the project's configuration now holds the new reviews.
      if (edit) project = app::OpenProjectForReading(g.project_dir, g.config_files, &note);
      if (!project.ok()) {
        g.exit_code = Fail(project.status());
        return;
      }
      auto reviews = app::LoadReviews(app::ReviewsPath(project->dir));
      if (!reviews.ok()) {
        g.exit_code = Fail(reviews.status());
        return;
      }
      auto s = app::SuggestCues(*project, *reviews);
      if (!s.ok()) {
        g.exit_code = Fail(app::DamagedStoreHint(project->dir, s.status()));
        return;
      }
      PrintSuggestions(*s, o->format);
      return;
    }
    Progress progress("review", "keywords", 0, ProgressOptions(o->quiet));
    auto q = app::CollectReviewQueue(*project, o->top, o->below, &progress);
    progress.Finish();
    if (!q.ok()) {
      g.exit_code = Fail(app::DamagedStoreHint(project->dir, q.status()));
      return;
    }
    PrintQueue(*project, *q, *o);
  });
}

}  // namespace kr::cli
