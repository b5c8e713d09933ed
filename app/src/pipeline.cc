#include "klantreis/app/pipeline.h"

#include <ctime>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/text.h"

namespace kr::app {
namespace {

constexpr size_t kMaxErrorsKept = 200;

// Classifies and adds one row to the writer.
class RowStorer {
 public:
  RowStorer(classify::Classifier* classifier, store::ImportWriter* writer, store::ImportRun* run)
      : classifier_(classifier), writer_(writer), run_(run) {}

  Status Add(const SourceRow& row, const std::vector<RuleHit>* evidence) {
    std::string key = classify::NormalizeKeyword(row.keyword);
    if (key.empty()) {
      Reject(RowError{row.line, "empty keyword"});
      return Status::Ok();
    }
    classify::ClassifyOptions opts;
    opts.evidence = evidence;
    Classification c = classifier_->Classify(row.keyword, opts);
    store::SourceRef src;
    src.run_id = writer_->run_id();
    src.file = run_->file;
    src.format = run_->format;
    src.line = row.line;
    src.volume = row.volume;
    src.volume_kind = row.volume ? row.volume_kind : VolumeKind::kNone;
    src.monthly = row.monthly;
    src.attrs = row.attrs;
    if (row.volume_range) {
      src.attrs.emplace_back("volume_range",
                             std::to_string(row.volume_range->first) + "-" + std::to_string(row.volume_range->second));
    }
    KR_RETURN_IF_ERROR(writer_->Add(key, row.keyword, c.lang, src, c));
    ++run_->rows_stored;
    return Status::Ok();
  }

  void Reject(RowError e) {
    ++run_->rows_rejected;
    if (run_->errors.size() < kMaxErrorsKept) run_->errors.push_back(std::move(e));
  }

 private:
  classify::Classifier* classifier_;
  store::ImportWriter* writer_;
  store::ImportRun* run_;
};

}  // namespace

Result<ImportResult> ImportFile(Project& project, const std::string& path, const ingest::ImportOptions& options,
                                bool strict) {
  ImportResult result;
  auto hash = Sha256File(path);
  if (!hash.ok()) return hash.status();
  auto prior = project.store->FindRunByHash(*hash);
  if (!prior.ok()) return prior.status();
  if (prior->has_value()) {
    result.run = **prior;
    result.already_imported = true;
    return result;
  }

  auto classifier = classify::Classifier::Create(project.classifier);
  if (!classifier.ok()) return classifier.status();

  store::ImportRun& run = result.run;
  run.file = path;
  run.file_hash = *hash;
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.model_version = project.classifier.Version();
  run.format = std::string(ingest::FormatId(options.format));
  auto writer = project.store->BeginImport(run);
  if (!writer.ok()) return writer.status();
  run.id = (*writer)->run_id();

  RowStorer storer(classifier->get(), writer->get(), &run);
  ingest::FileInfo info;
  Status first_row_error;
  Status st = ingest::ReadKeywordFile(
      path, options, &info,
      [&](SourceRow&& row) -> Status {
        if (run.format == "auto") run.format = std::string(ingest::FormatId(info.format));
        return storer.Add(row, nullptr);
      },
      [&](RowError&& e) {
        if (strict && first_row_error.ok()) {
          first_row_error = Status::ParseError(path + ":" + std::to_string(e.line) + ": " + e.message);
        }
        storer.Reject(std::move(e));
      });
  run.format = std::string(ingest::FormatId(info.format));
  run.encoding = info.encoding;
  run.rows_read = info.rows_read;
  if (!st.ok()) {
    (*writer)->Abort();
    return st;
  }
  if (!first_row_error.ok()) {
    (*writer)->Abort();
    return first_row_error.WithContext("--strict: nothing imported");
  }
  if (run.rows_stored == 0) {
    (*writer)->Abort();
    std::string why = run.errors.empty() ? "no keyword rows found" : "no row could be read (first error: line " +
                                                                         std::to_string(run.errors[0].line) + ": " +
                                                                         run.errors[0].message + ")";
    return Status::ParseError(path + ": " + why + "; nothing imported");
  }
  run.committed = true;
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return result;
}

Result<store::ImportRun> ImportRows(Project& project, const std::string& format, const std::string& origin,
                                    const std::vector<SourceRow>& rows,
                                    const std::vector<std::vector<RuleHit>>* evidence) {
  auto classifier = classify::Classifier::Create(project.classifier);
  if (!classifier.ok()) return classifier.status();
  store::ImportRun run;
  run.file = origin;
  run.format = format;
  run.encoding = "UTF-8";
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.model_version = project.classifier.Version();
  auto writer = project.store->BeginImport(run);
  if (!writer.ok()) return writer.status();
  run.id = (*writer)->run_id();
  RowStorer storer(classifier->get(), writer->get(), &run);
  for (size_t i = 0; i < rows.size(); ++i) {
    ++run.rows_read;
    const std::vector<RuleHit>* ev = (evidence && i < evidence->size()) ? &(*evidence)[i] : nullptr;
    Status st = storer.Add(rows[i], ev);
    if (!st.ok()) {
      (*writer)->Abort();
      return st;
    }
  }
  run.committed = true;
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return run;
}

}  // namespace kr::app
