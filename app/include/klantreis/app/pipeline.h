// Pipelines over a project: import keyword files (read, normalise,
// classify, store atomically) and store keywords from other sources
// (suggest, SERP). Used by the CLI commands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/core/keyword.h"
#include "klantreis/core/progress.h"
#include "klantreis/ingest/importer.h"
#include "klantreis/store/store.h"

namespace kr::app {

struct ImportResult {
  store::ImportRun run;          // counts, errors, format, encoding
  bool already_imported = false; // same file hash seen before: nothing changed
  ingest::FileInfo info;         // what the reader found (format, encoding and whether it was guessed)
};

// Imports one keyword file into the project's store as one atomic run.
// With `strict`, any row error aborts the run and nothing is stored
// (returns ParseError naming file and line), and an encoding guessed with
// low confidence is refused (ParseError suggesting --encoding). Without it, good rows are
// stored and bad rows are reported in run.errors. Stored rows are counted
// on `progress` when given.
// REQUIRES: project opened kReadWrite.
Result<ImportResult> ImportFile(Project& project, const std::string& path,
                                const ingest::ImportOptions& options, bool strict,
                                Progress* progress = nullptr);

// The committed run that imported this file's content read with these
// options, if any (what ImportFile would find), without writing anything.
Result<std::optional<store::ImportRun>> FindImportedRun(Project& project, const std::string& path,
                                                        const ingest::ImportOptions& options);

struct RemoveResult {
  store::ImportRun run;         // the removed run
  uint64_t keywords_before = 0;
  uint64_t keywords_after = 0;  // the difference: keywords only that run brought in
};

// Removes one import run atomically (see store::Store::RemoveRun).
// NotFound naming the run when there is no such committed run.
// REQUIRES: project opened kReadWrite.
Result<RemoveResult> RemoveImport(Project& project, const std::string& run_id);

// Stores rows that did not come from a file (format "suggest" or "serp",
// origin = seed or SERP file/URL) as one atomic import run; each row is
// classified, with `evidence[i]` (when given) as extra evidence for row i.
// REQUIRES: project opened kReadWrite.
Result<store::ImportRun> ImportRows(Project& project, const std::string& format, const std::string& origin,
                                    const std::vector<SourceRow>& rows,
                                    const std::vector<std::vector<RuleHit>>* evidence = nullptr,
                                    Progress* progress = nullptr);

}  // namespace kr::app
