#include "klantreis/ingest/importer.h"

#include <algorithm>

#include "decode.h"
#include "record_reader.h"
#include "schema.h"

namespace kr::ingest {

using internal::ConvertRecord;
using internal::Encoding;
using internal::EncodingKind;
using internal::FileReader;
using internal::Record;
using internal::RecordReader;
using internal::RowOutcome;
using internal::Schema;

std::string_view FormatId(Format f) {
  switch (f) {
    case Format::kAuto: return "auto";
    case Format::kPlanner: return "planner";
    case Format::kGsc: return "gsc";
    case Format::kSemrush: return "semrush";
    case Format::kAhrefs: return "ahrefs";
    case Format::kList: return "list";
    case Format::kCsv: return "csv";
  }
  return "auto";
}

std::optional<Format> FormatFromId(std::string_view id) {
  for (Format f : {Format::kAuto, Format::kPlanner, Format::kGsc, Format::kSemrush, Format::kAhrefs, Format::kList,
                   Format::kCsv})
    if (FormatId(f) == id) return f;
  return std::nullopt;
}

namespace {

constexpr size_t kHeadBytes = 64 * 1024;  // bytes looked at to detect encoding and format

}  // namespace

Status ReadKeywordFile(const std::string& file_path, const ImportOptions& options, FileInfo* info,
                       const std::function<Status(SourceRow&&)>& on_row,
                       const std::function<void(RowError&&)>& on_error) {
  const std::string& path = options.name.empty() ? file_path : options.name;  // for messages
  FileInfo local;
  if (!info) info = &local;
  *info = FileInfo();
  info->format = options.format;

  auto opened = FileReader::Open(file_path, path);
  if (!opened.ok()) return opened.status();
  FileReader& file = **opened;
  if (file.size() == 0) return Status::ParseError(path + ": empty file");

  std::string head(static_cast<size_t>(std::min<uint64_t>(file.size(), kHeadBytes)), '\0');
  {
    auto n = file.Read(head.data(), head.size());
    if (!n.ok()) return n.status();
    head.resize(*n);
    KR_RETURN_IF_ERROR(file.Rewind());
  }
  const bool whole = file.size() <= head.size();

  Encoding enc;
  if (!options.encoding.empty()) {
    auto e = internal::EncodingFromName(options.encoding, head);
    if (!e.ok()) return e.status().WithContext(path + ": --encoding");
    enc = *e;
    if (enc.kind == EncodingKind::kUtf8) KR_RETURN_IF_ERROR(internal::CheckMostlyUtf8(file, enc.bom_bytes));
  } else {
    auto e = internal::DetectEncoding(file, head);
    if (!e.ok()) return e.status();
    enc = *e;
    if (enc.guessed && enc.confidence < internal::kLowEncodingConfidence && options.refuse_unsure_encoding) {
      return Status::ParseError(path + ": the encoding is unsure: guessed " + enc.name + " with confidence " +
                                std::to_string(enc.confidence) + "% (" + enc.basis +
                                "); pass --encoding with the file's real encoding (e.g. --encoding windows-1252)");
    }
  }
  if (enc.bom_bytes >= file.size()) return Status::ParseError(path + ": empty file (only a byte-order mark)");

  // Detect the format from the decoded start of the file.
  std::string sample;
  {
    auto dec = internal::MakeDecoder(enc);
    if (!dec.ok()) return dec.status().WithContext(path);
    size_t from = std::min(enc.bom_bytes, head.size());
    (*dec)->Decode(head.data() + from, head.size() - from, /*last=*/whole, &sample);
    if (!whole) {
      size_t cut = sample.find_last_of('\n');
      if (cut != std::string::npos) sample.resize(cut + 1);
    }
  }
  ImportOptions opts = options;
  auto schema_or = internal::DetectSchema(path, sample, whole, opts);
  if (!schema_or.ok()) return schema_or.status();
  Schema schema = std::move(*schema_or);
  schema.encoding_name = enc.name;
  sample.clear();
  sample.shrink_to_fit();

  info->format = schema.format;
  info->encoding = enc.name;
  info->encoding_guessed = enc.guessed;
  info->encoding_confidence = enc.confidence;
  info->encoding_basis = enc.basis;
  info->delimiter = schema.delimiter;
  info->header_line = schema.header_line;
  info->notes = schema.notes;

  // Stream the rows.
  auto dec = internal::MakeDecoder(enc);
  if (!dec.ok()) return dec.status().WithContext(path);
  KR_RETURN_IF_ERROR(file.Rewind());
  internal::TextStream stream(&file, dec->get(), enc.bom_bytes);
  RecordReader reader(&stream, {schema.mode, schema.delimiter, 64 * 1024});
  Record rec;
  RowError err;
  uint64_t skip = schema.skip_items;
  for (;;) {
    auto r = reader.Next(&rec, &err);
    if (!r.ok()) return r.status();
    if (*r == RecordReader::Outcome::kEof) break;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (*r == RecordReader::Outcome::kError) {
      ++info->rows_read;
      on_error(std::move(err));
      err = RowError();
      continue;
    }
    SourceRow row;
    switch (ConvertRecord(schema, rec, &row, &err)) {
      case RowOutcome::kBlank: break;
      case RowOutcome::kSkipped: ++info->rows_skipped; break;
      case RowOutcome::kSwallowedLines:
        reader.RereadAfterFirstLine(rec);
        [[fallthrough]];
      case RowOutcome::kError:
        ++info->rows_read;
        on_error(std::move(err));
        err = RowError();
        break;
      case RowOutcome::kRow: {
        ++info->rows_read;
        Status st = on_row(std::move(row));
        if (!st.ok()) return st;
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace kr::ingest
