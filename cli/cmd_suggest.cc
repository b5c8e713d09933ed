// klantreis suggest SEED... [--expand letters,questions] [--lang nl|en] [-p DIR]
//
// Fetches autocomplete suggestions for the seeds from the endpoint set in
// the project's klantreis.toml and stores them as keywords (format
// "suggest"), classified, as one import run: a failure midway stores
// nothing of this run (everything stored before stays).
//
//   [suggest]
//   url = "http://host/complete?q={query}&hl={lang}"   # required
//   lang = "nl"                  # default: from --lang, else the project market
//   requests_per_second = 1.0    # rate limit
//   max_attempts = 3             # per request, on network errors, 429 and 5xx
//   backoff_ms = 500             # first retry delay, doubled per retry
//   timeout_ms = 10000           # per request
//   max_queries = 500            # refuse larger runs
#include <toml++/toml.h>

#include <iostream>
#include <sstream>

#include "cli.h"
#include "klantreis/app/pipeline.h"
#include "klantreis/app/project.h"
#include "klantreis/crawler/fetcher.h"
#include "klantreis/crawler/suggest.h"

namespace kr::cli {
namespace {

struct SuggestSettings {
  crawler::SuggestOptions options;
  crawler::PolitePolicy policy;
};

const char* kHowToConfigure =
    "add to it:\n"
    "  [suggest]\n"
    "  url = \"http://host/complete?q={query}&hl={lang}\"";

// Reads [suggest] from the project's klantreis.toml. InvalidArgument (exit
// 2) naming the file and key for a missing url or a value of the wrong type.
Result<SuggestSettings> ReadSettings(const app::Project& project, const std::string& lang_flag) {
  toml::table tbl;
  try {
    tbl = toml::parse_file(project.toml_path);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(project.toml_path + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  SuggestSettings s;
  const toml::node_view<const toml::node> sec = std::as_const(tbl)["suggest"];
  auto bad = [&](const std::string& key, const std::string& want) {
    return Status::InvalidArgument(project.toml_path + ": [suggest] " + key + " must be " + want);
  };
  if (!sec) return Status::InvalidArgument(project.toml_path + ": no [suggest] url configured; " + kHowToConfigure);
  if (!sec.is_table()) return bad("", "a table");
  auto url = sec["url"];
  if (!url) return Status::InvalidArgument(project.toml_path + ": no [suggest] url configured; " + kHowToConfigure);
  if (!url.is_string()) return bad("url", "a string");
  s.options.url_template = *url.value<std::string>();
  Status t = crawler::CheckSuggestTemplate(s.options.url_template);
  if (!t.ok()) return t.WithContext(project.toml_path + ": [suggest] url");

  std::string lang = lang_flag;
  if (lang.empty()) {
    if (auto l = sec["lang"]) {
      if (!l.is_string()) return bad("lang", "\"nl\" or \"en\"");
      lang = *l.value<std::string>();
    } else {
      lang = project.market.rfind("en", 0) == 0 ? "en" : "nl";
    }
  }
  if (lang != "nl" && lang != "en") return bad("lang", "\"nl\" or \"en\" (got \"" + lang + "\")");
  s.options.lang = lang;

  if (auto v = sec["requests_per_second"]) {
    auto d = v.value<double>();
    if (!d || *d <= 0) return bad("requests_per_second", "a number > 0");
    s.policy.requests_per_second = *d;
  }
  struct IntKey {
    const char* key;
    int64_t min;
  };
  for (IntKey k : {IntKey{"max_attempts", 1}, IntKey{"backoff_ms", 0}, IntKey{"timeout_ms", 100},
                   IntKey{"max_queries", 1}}) {
    auto v = sec[k.key];
    if (!v) continue;
    auto i = v.value<int64_t>();
    if (!i || *i < k.min) return bad(k.key, "an integer >= " + std::to_string(k.min));
    std::string key = k.key;
    if (key == "max_attempts") s.policy.max_attempts = static_cast<int>(*i);
    if (key == "backoff_ms") s.policy.base_backoff = std::chrono::milliseconds(*i);
    if (key == "timeout_ms") s.options.request.timeout_ms = static_cast<long>(*i);
    if (key == "max_queries") s.options.max_queries = static_cast<size_t>(*i);
  }
  return s;
}

// "letters,questions" -> flags; InvalidArgument for anything else.
Status ParseExpand(const std::string& value, crawler::SuggestOptions* o) {
  std::stringstream ss(value);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (part == "letters") {
      o->expand_letters = true;
    } else if (part == "questions") {
      o->expand_questions = true;
    } else if (!part.empty()) {
      return Status::InvalidArgument("suggest: --expand takes letters and/or questions, not '" + part + "'");
    }
  }
  return Status::Ok();
}

std::string JoinSeeds(const std::vector<std::string>& seeds) {
  std::string out;
  for (const auto& s : seeds) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

void AddSuggestCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "suggest", "Fetch autocomplete suggestions for seed keywords and store them (endpoint: [suggest] url in klantreis.toml)");
  struct Opts {
    std::vector<std::string> seeds;
    std::string expand;
    std::string lang;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("SEED", o->seeds, "seed keywords")->required();
  cmd->add_option("--expand", o->expand, "letters (seed a..z) and/or questions (hoe/wat/... seed), comma-separated");
  cmd->add_option("--lang", o->lang, "nl or en (default: [suggest] lang, else the project market)");
  AddProjectOptions(cmd, &g);
  cmd->callback([&g, o] {
    if (!o->lang.empty() && o->lang != "nl" && o->lang != "en") {
      g.exit_code = Fail(Status::InvalidArgument("suggest: --lang must be nl or en, not '" + o->lang + "'"));
      return;
    }
    crawler::SuggestOptions expand;
    Status st = ParseExpand(o->expand, &expand);
    if (!st.ok()) {
      g.exit_code = Fail(st);
      return;
    }
    // Open the store first: a busy store fails before any request is sent.
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    auto settings = ReadSettings(*project, o->lang);
    if (!settings.ok()) {
      g.exit_code = Fail(settings.status());
      return;
    }
    crawler::SuggestOptions options = settings->options;
    options.expand_letters = expand.expand_letters;
    options.expand_questions = expand.expand_questions;
    size_t n_queries = crawler::ExpandSeeds(o->seeds, options).size();

    auto curl = crawler::MakeCurlFetcher();
    auto polite = crawler::MakePoliteFetcher(curl.get(), settings->policy);
    auto suggestions = crawler::FetchSuggestions(*polite, o->seeds, options);
    if (!suggestions.ok()) {
      g.exit_code = Fail(suggestions.status().WithContext("suggest: nothing stored from this run"));
      return;
    }
    for (const auto& s : *suggestions) std::cout << s.keyword << "\n";
    if (suggestions->empty()) {
      std::cout << "suggest: " << n_queries << " queries, no suggestions; nothing stored\n";
      g.exit_code = 0;
      return;
    }
    auto rows = crawler::SuggestionsToRows(*suggestions, options.lang);
    auto run = app::ImportRows(*project, "suggest", "suggest: " + JoinSeeds(o->seeds), rows);
    if (!run.ok()) {
      g.exit_code = Fail(run.status());
      return;
    }
    std::cout << "suggest: " << n_queries << " queries, " << suggestions->size() << " suggestions, "
              << run->rows_stored << " stored as run " << run->id << "\n";
    g.exit_code = 0;
  });
}

}  // namespace kr::cli
