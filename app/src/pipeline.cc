#include "klantreis/app/pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "bounded_queue.h"
#include "classifier_pool.h"
#include "spool.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/core/interrupt.h"
#include "klantreis/core/text.h"

namespace kr::app {
namespace {

constexpr size_t kMaxErrorsKept = 200;
constexpr size_t kBatchRows = 4096;
constexpr size_t kQueueBatches = 4;  // per queue: bounds memory whatever the file size

// A batch of rows travelling reader -> classifiers -> writer.
struct Batch {
  uint64_t seq = 0;
  std::vector<SourceRow> rows;
  std::vector<const std::vector<RuleHit>*> evidence;
  std::vector<std::string> keys;     // normalised keywords
  std::vector<std::string> rejects;  // why row i cannot be stored, "" when it can
  std::vector<Classification> verdicts;
};

// Why a normalised keyword cannot be stored, or "" when it can.
std::string KeyProblem(const std::string& key) {
  if (key.empty()) return "empty keyword";
  if (key.size() > store::kMaxKeywordBytes) {
    return "keyword too long: " + std::to_string(key.size()) + " bytes normalised (NFKC), the store takes at most " +
           std::to_string(store::kMaxKeywordBytes);
  }
  return "";
}

// Streams rows through three stages so that reading, classifying and
// writing overlap: one producer thread (the reader), one thread per
// Classifier (normalise + classify), and the calling thread writing the
// batches to the store in input order. Memory is bounded by the queues.
class ImportPipeline {
 public:
  using Emit = std::function<Status(SourceRow&&, const std::vector<RuleHit>*)>;
  using Producer = std::function<Status(const Emit& emit, const std::function<void(RowError&&)>& reject)>;

  ImportPipeline(ClassifierPool* pool, store::ImportWriter* writer, store::ImportRun* run,
                 Progress* progress = nullptr)
      : pool_(pool),
        writer_(writer),
        run_(run),
        progress_(progress),
        to_classify_(kQueueBatches),
        to_write_(kQueueBatches * 2) {}

  // Runs `produce` to its end (or the first failure) and returns the first
  // error of any stage. Row errors go to run->errors / rows_rejected.
  Status Run(const Producer& produce) {
    // Set before any worker starts: the last worker to finish closes to_write_.
    active_workers_ = pool_->size();
    std::vector<std::thread> workers;
    for (size_t w = 0; w < pool_->size(); ++w) workers.emplace_back([this, w] { ClassifyLoop(w); });
    Status produced;
    std::thread reader([&] {
      Batch batch;
      uint64_t seq = 0;
      auto flush = [&]() -> Status {
        if (batch.rows.empty()) return Status::Ok();
        batch.seq = seq++;
        if (!to_classify_.Push(std::move(batch))) return Status::Aborted("import stopped");
        batch = Batch{};
        batch.rows.reserve(kBatchRows);
        return Status::Ok();
      };
      batch.rows.reserve(kBatchRows);
      Emit emit = [&](SourceRow&& row, const std::vector<RuleHit>* ev) -> Status {
        if (stop_.load(std::memory_order_relaxed)) return Status::Aborted("import stopped");
        if (StopRequested()) return Status::Aborted("import interrupted");  // Ctrl-C: the run is dropped
        batch.rows.push_back(std::move(row));
        batch.evidence.push_back(ev);
        return batch.rows.size() >= kBatchRows ? flush() : Status::Ok();
      };
      produced = produce(emit, [&](RowError&& e) { Reject(std::move(e)); });
      if (produced.ok()) produced = flush();
      to_classify_.Close();
    });
    Status written = WriteLoop();
    if (!written.ok()) Stop();
    reader.join();
    for (auto& t : workers) t.join();
    if (!written.ok()) return written;
    return produced;
  }

 private:
  void Stop() {
    stop_ = true;
    to_classify_.Close();
    to_write_.Close();
  }

  void Reject(RowError e) {
    std::lock_guard<std::mutex> lock(errors_mu_);
    ++run_->rows_rejected;
    if (run_->errors.size() < kMaxErrorsKept) run_->errors.push_back(std::move(e));
  }

  void ClassifyLoop(size_t w) {
    classify::Classifier& classifier = pool_->at(w);
    classify::ClassifyOptions opts;
    while (auto batch = to_classify_.Pop()) {
      size_t n = batch->rows.size();
      batch->keys.resize(n);
      batch->rejects.resize(n);
      batch->verdicts.resize(n);
      for (size_t i = 0; i < n; ++i) {
        batch->keys[i] = classify::NormalizeKeyword(batch->rows[i].keyword);
        batch->rejects[i] = KeyProblem(batch->keys[i]);
        if (!batch->rejects[i].empty()) continue;
        opts.evidence = batch->evidence[i];
        batch->verdicts[i] = classifier.Classify(batch->rows[i].keyword, opts);
      }
      if (!to_write_.Push(std::move(*batch))) return;
    }
    if (active_workers_.fetch_sub(1) == 1) to_write_.Close();
  }

  Status WriteLoop() {
    std::map<uint64_t, Batch> pending;  // out-of-order batches, at most a few
    uint64_t next = 0;
    while (auto batch = to_write_.Pop()) {
      pending.emplace(batch->seq, std::move(*batch));
      for (auto it = pending.find(next); it != pending.end(); it = pending.find(next)) {
        KR_RETURN_IF_ERROR(Write(it->second));
        if (progress_ != nullptr) progress_->Add(it->second.rows.size());
        pending.erase(it);
        ++next;
      }
    }
    return Status::Ok();
  }

  Status Write(Batch& b) {
    for (size_t i = 0; i < b.rows.size(); ++i) {
      SourceRow& row = b.rows[i];
      if (!b.rejects[i].empty()) {
        Reject(RowError{row.line, std::move(b.rejects[i])});
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
      KR_RETURN_IF_ERROR(writer_->Add(b.keys[i], row.keyword, b.verdicts[i].lang, source_, b.verdicts[i]));
      ++run_->rows_stored;
    }
    return Status::Ok();
  }

  ClassifierPool* pool_;
  store::ImportWriter* writer_;
  store::ImportRun* run_;
  Progress* progress_;
  BoundedQueue<Batch> to_classify_;
  BoundedQueue<Batch> to_write_;
  std::atomic<size_t> active_workers_{0};
  std::atomic<bool> stop_{false};
  std::mutex errors_mu_;
  store::SourceRef source_;
};

// The options that change how a file is read, as a suffix of its identity:
// "" for the defaults (so a default import is known by the file's sha256
// alone), else ";format=csv;keyword-col=2;..." for the options given.
std::string OptionsIdentity(const ingest::ImportOptions& o) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string(";") + name + "=" + value;
  };
  if (o.format != ingest::Format::kAuto) add("format", std::string(ingest::FormatId(o.format)));
  add("keyword-col", o.keyword_col);
  add("volume-col", o.volume_col);
  std::string enc;
  for (char c : o.encoding) enc += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  add("encoding", enc);
  return out;
}

Status Abandon(store::ImportWriter* writer, Status why) {
  // Ctrl-C: end at once; the next writable open removes the rows (and reclaims their space).
  if (StopRequested()) writer->AbortOnNextOpen();
  else writer->Abort();
  return why;
}

}  // namespace

Result<ImportResult> ImportFile(Project& project, const std::string& path, const ingest::ImportOptions& options,
                                bool strict, Progress* progress) {
  ImportResult result;
  // A pipe (/dev/stdin, <(cat f)) can be read once: copy it first.
  auto spooled = internal::SpoolIfPipe(path);
  if (!spooled.ok()) return spooled.status();
  const std::string read_path = *spooled ? (*spooled)->path() : path;
  // Hash the file while the import runs (it costs a read of the whole file);
  // when the hash (with the options that change how the file is read) names
  // a run already committed, the import stops early and is dropped:
  // re-importing the same bytes the same way changes nothing, while a
  // corrected --keyword-col, --encoding or --format is a new import.
  std::string hash;
  Status hash_status;
  std::optional<store::ImportRun> prior;
  std::atomic<bool> duplicate{false};
  std::thread hasher([&] {
    auto h = Sha256File(read_path);
    if (!h.ok()) {
      hash_status = h.status();
      return;
    }
    hash = *h + OptionsIdentity(options);
    auto found = project.store->FindRunByHash(hash);
    if (!found.ok()) {
      hash_status = found.status();
    } else if (found->has_value()) {
      prior = **found;
      duplicate = true;
    }
  });
  struct Joiner {
    std::thread& t;
    ~Joiner() {
      if (t.joinable()) t.join();
    }
  } joiner{hasher};

  ClassifierPool pool;
  KR_RETURN_IF_ERROR(pool.Init(project.classifier, 0));

  store::ImportRun& run = result.run;
  run.file = path;
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.model_version = project.classifier.Version();
  run.format = std::string(ingest::FormatId(options.format));
  auto writer = project.store->BeginImport(run);
  if (!writer.ok()) return writer.status();
  run.id = (*writer)->run_id();

  ingest::FileInfo& info = result.info;
  ingest::ImportOptions read_options = options;
  read_options.refuse_unsure_encoding = strict;
  if (*spooled) read_options.name = path;
  Status first_row_error;
  const Status kDuplicate = Status::Aborted(path + ": already imported");
  ImportPipeline pipeline(&pool, writer->get(), &run, progress);
  Status st = pipeline.Run([&](const ImportPipeline::Emit& emit, const std::function<void(RowError&&)>& reject) {
    return ingest::ReadKeywordFile(
        read_path, read_options, &info, [&](SourceRow&& row) -> Status {
          if (!first_row_error.ok()) return first_row_error;  // --strict: stop at the first bad row
          if (duplicate.load(std::memory_order_relaxed)) return kDuplicate;
          return emit(std::move(row), nullptr);
        },
        [&](RowError&& e) {
          if (strict && first_row_error.ok()) {
            first_row_error = Status::ParseError(path + ":" + std::to_string(e.line) + ": " + e.message);
          }
          reject(std::move(e));
        });
  });
  hasher.join();
  if (!hash_status.ok()) return Abandon(writer->get(), hash_status);
  if (duplicate) {
    (*writer)->Abort();
    ImportResult same;
    same.run = *prior;
    same.already_imported = true;
    same.info = info;
    return same;
  }
  run.file_hash = hash;
  run.format = std::string(ingest::FormatId(info.format));
  run.encoding = info.encoding;
  run.rows_read = info.rows_read;
  if (!first_row_error.ok()) return Abandon(writer->get(), first_row_error.WithContext("--strict: nothing imported"));
  if (!st.ok()) return Abandon(writer->get(), st);
  if (strict && !run.errors.empty()) {  // rows the reader passed but the store cannot take (too long, ...)
    const RowError& e = *std::min_element(run.errors.begin(), run.errors.end(),
                                          [](const RowError& a, const RowError& b) { return a.line < b.line; });
    return Abandon(writer->get(), Status::ParseError(path + ":" + std::to_string(e.line) + ": " + e.message)
                                      .WithContext("--strict: nothing imported"));
  }
  if (run.rows_stored == 0) {
    std::string why = run.errors.empty() ? "no keyword rows found"
                                         : "no row could be read (first error: line " +
                                               std::to_string(run.errors[0].line) + ": " + run.errors[0].message + ")";
    return Abandon(writer->get(), Status::ParseError(path + ": " + why + "; nothing imported"));
  }
  run.committed = true;
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return result;
}

Result<std::optional<store::ImportRun>> FindImportedRun(Project& project, const std::string& path,
                                                        const ingest::ImportOptions& options) {
  auto h = Sha256File(path);
  if (!h.ok()) return h.status();
  return project.store->FindRunByHash(*h + OptionsIdentity(options));
}

Result<RemoveResult> RemoveImport(Project& project, const std::string& run_id) {
  RemoveResult r;
  auto before = project.store->CountKeywords();
  if (!before.ok()) return before.status();
  r.keywords_before = *before;
  auto run = project.store->RemoveRun(run_id);
  if (!run.ok()) return run.status();
  r.run = std::move(run).value();
  auto after = project.store->CountKeywords();
  if (!after.ok()) return after.status();
  r.keywords_after = *after;
  return r;
}

Result<store::ImportRun> ImportRows(Project& project, const std::string& format, const std::string& origin,
                                    const std::vector<SourceRow>& rows,
                                    const std::vector<std::vector<RuleHit>>* evidence, Progress* progress) {
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
  ImportPipeline pipeline(&pool, writer->get(), &run, progress);
  Status st = pipeline.Run([&](const ImportPipeline::Emit& emit, const std::function<void(RowError&&)>&) {
    for (size_t i = 0; i < rows.size(); ++i) {
      ++run.rows_read;
      const std::vector<RuleHit>* ev = (evidence && i < evidence->size()) ? &(*evidence)[i] : nullptr;
      SourceRow copy = rows[i];
      KR_RETURN_IF_ERROR(emit(std::move(copy), ev));
    }
    return Status::Ok();
  });
  if (!st.ok()) return Abandon(writer->get(), st);
  run.committed = true;
  KR_RETURN_IF_ERROR((*writer)->Commit(run));
  return run;
}

}  // namespace kr::app
