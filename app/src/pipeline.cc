#include "klantreis/app/pipeline.h"

#include <ctime>

#include "klantreis/classify/analyzer.h"
#include "klantreis/core/text.h"
#include "classifier_pool.h"

namespace kr::app {
namespace {

constexpr size_t kMaxErrorsKept = 200;
constexpr size_t kBatchRows = 8192;

// Collects rows into batches; each full batch is normalised and classified
// in parallel (one Classifier per worker) and then written in row order.
class BatchStorer {
 public:
  BatchStorer(ClassifierPool* pool, store::ImportWriter* writer, store::ImportRun* run)
      : pool_(pool), writer_(writer), run_(run) {
    rows_.reserve(kBatchRows);
  }

  Status Add(SourceRow&& row, const std::vector<RuleHit>* evidence) {
    rows_.push_back(std::move(row));
    evidence_.push_back(evidence);
    if (rows_.size() >= kBatchRows) return Flush();
    return Status::Ok();
  }

  void Reject(RowError e) {
    ++run_->rows_rejected;
    if (run_->errors.size() < kMaxErrorsKept) run_->errors.push_back(std::move(e));
  }

  Status Flush() {
    size_t n = rows_.size();
    keys_.resize(n);
    verdicts_.resize(n);
    pool_->ParallelFor(n, [&](size_t w, size_t begin, size_t end) {
      classify::ClassifyOptions opts;
      for (size_t i = begin; i < end; ++i) {
        keys_[i] = classify::NormalizeKeyword(rows_[i].keyword);
        if (keys_[i].empty()) continue;
        opts.evidence = evidence_[i];
        verdicts_[i] = pool_->at(w).Classify(rows_[i].keyword, opts);
      }
    });
    for (size_t i = 0; i < n; ++i) {
      SourceRow& row = rows_[i];
      if (keys_[i].empty()) {
        Reject(RowError{row.line, "empty keyword"});
        continue;
      }
      source_.run_id = writer_->run_id();
      source_.file = run_->file;
      source_.format = run_->format;
      source_.line = row.line;
      source_.volume = row.volume;
      source_.volume_kind = row.volume ? row.volume_kind : VolumeKind::kNone;
      source_.monthly = std::move(row.monthly);
      source_.attrs = std::move(row.attrs);
      if (row.volume_range) {
        source_.attrs.emplace_back("volume_range", std::to_string(row.volume_range->first) + "-" +
                                                       std::to_string(row.volume_range->second));
      }
      KR_RETURN_IF_ERROR(writer_->Add(keys_[i], row.keyword, verdicts_[i].lang, source_, verdicts_[i]));
      ++run_->rows_stored;
    }
    rows_.clear();
    evidence_.clear();
    return Status::Ok();
  }

 private:
  ClassifierPool* pool_;
  store::ImportWriter* writer_;
  store::ImportRun* run_;
  std::vector<SourceRow> rows_;
  std::vector<const std::vector<RuleHit>*> evidence_;
  std::vector<std::string> keys_;
  std::vector<Classification> verdicts_;
  store::SourceRef source_;
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

  ClassifierPool pool;
  KR_RETURN_IF_ERROR(pool.Init(project.classifier, 0));

  store::ImportRun& run = result.run;
  run.file = path;
  run.file_hash = *hash;
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.model_version = project.classifier.Version();
  run.format = std::string(ingest::FormatId(options.format));
  auto writer = project.store->BeginImport(run);
  if (!writer.ok()) return writer.status();
  run.id = (*writer)->run_id();

  BatchStorer storer(&pool, writer->get(), &run);
  ingest::FileInfo info;
  Status first_row_error;
  Status st = ingest::ReadKeywordFile(
      path, options, &info,
      [&](SourceRow&& row) -> Status {
        if (run.format == "auto") run.format = std::string(ingest::FormatId(info.format));
        return storer.Add(std::move(row), nullptr);
      },
      [&](RowError&& e) {
        if (strict && first_row_error.ok()) {
          first_row_error = Status::ParseError(path + ":" + std::to_string(e.line) + ": " + e.message);
        }
        storer.Reject(std::move(e));
      });
  if (st.ok()) st = storer.Flush();
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
  ClassifierPool pool;
  KR_RETURN_IF_ERROR(pool.Init(project.classifier, 1));
  store::ImportRun run;
  run.file = origin;
  run.format = format;
  run.encoding = "UTF-8";
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.model_version = project.classifier.Version();
  auto writer = project.store->BeginImport(run);
  if (!writer.ok()) return writer.status();
  run.id = (*writer)->run_id();
  BatchStorer storer(&pool, writer->get(), &run);
  for (size_t i = 0; i < rows.size(); ++i) {
    ++run.rows_read;
    const std::vector<RuleHit>* ev = (evidence && i < evidence->size()) ? &(*evidence)[i] : nullptr;
    SourceRow copy = rows[i];
    Status st = storer.Add(std::move(copy), ev);
    if (!st.ok()) {
      (*writer)->Abort();
      return st;
    }
  }
  Status flushed = storer.Flush();
  if (!flushed.ok()) {
    (*writer)->Abort();
    return flushed;
  }
  run.committed = true;
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return run;
}

}  // namespace kr::app
