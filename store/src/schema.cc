// Encoders and decoders for the layout in klantreis/store/schema.h.
// DO NOT CHANGE THE LAYOUT without reading the header first.
#include "klantreis/store/schema.h"

#include <zstd.h>

#include <cstdio>
#include <cstring>

namespace kr::store::schema {
namespace {

constexpr char kSchemaMagic[] = "klantreis-store";  // followed by 0x00
constexpr int kZstdLevel = 6;
constexpr uint64_t kMaxSerpHtml = 256ull << 20;  // refuse to inflate absurd sizes

// ---- append primitives ----
void PutVarint64(std::string* dst, uint64_t v) {
  if (v < 0x80) {
    dst->push_back(static_cast<char>(v));
    return;
  }
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}
void PutZigzag64(std::string* dst, int64_t v) {
  PutVarint64(dst, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}
void PutStr(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s);
}
void PutU8(std::string* dst, uint8_t v) { dst->push_back(static_cast<char>(v)); }
void PutDouble(std::string* dst, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>((bits >> (8 * i)) & 0xFF);
  dst->append(buf, 8);
}
void PutFixed32BE(std::string* dst, uint32_t v) {
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                 static_cast<char>(v)};
  dst->append(buf, 4);
}

// ---- a bounds-checked reader; the first failure sticks ----
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }
  uint8_t U8() {
    if (!Need(1)) return 0;
    uint8_t v = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return v;
  }
  uint64_t Varint64() {
    uint64_t v = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
      if (!Need(1)) return 0;
      uint8_t b = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t Zigzag64() {
    uint64_t u = Varint64();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  std::string_view Str() {
    uint64_t n = Varint64();
    if (!Need(n)) return {};
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  double Double() {
    if (!Need(8)) return 0;
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<uint8_t>(in_[i])) << (8 * i);
    in_.remove_prefix(8);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  // A count that must be plausible for the bytes left (each item >= 1 byte).
  uint64_t Count() {
    uint64_t n = Varint64();
    if (n > in_.size()) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || in_.size() < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  bool ok_ = true;
};

Status BadValue(std::string_view what) { return Status::Corruption(std::string("malformed ") + std::string(what) + " value"); }

Status CheckVersion(Reader& r, std::string_view what) {
  uint8_t v = r.U8();
  if (!r.ok()) return BadValue(what);
  if (v != kValueVersion) {
    return Status::Corruption(std::string(what) + " value has version " + std::to_string(v) +
                              ", this klantreis reads version " + std::to_string(kValueVersion) +
                              " (written by a newer klantreis?)");
  }
  return Status::Ok();
}

bool ValidStage(uint8_t s) { return s < kNumStages; }
bool ValidLang(uint8_t l) { return l <= static_cast<uint8_t>(Language::kEn); }
bool ValidVolumeKind(uint8_t k) {
  return k <= static_cast<uint8_t>(VolumeKind::kImpressions) || k == static_cast<uint8_t>(VolumeKind::kNone);
}

// "YYYY-MM" -> year*12 + month-1 + 1 (never 0), or 0 when not of that form.
uint32_t MonthCode(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return 0;
  uint32_t y = 0;
  for (int i = 0; i < 4; ++i) {
    if (m[i] < '0' || m[i] > '9') return 0;
    y = y * 10 + (m[i] - '0');
  }
  if (m[5] < '0' || m[5] > '9' || m[6] < '0' || m[6] > '9') return 0;
  uint32_t mo = (m[5] - '0') * 10 + (m[6] - '0');
  if (mo < 1 || mo > 12) return 0;
  return y * 12 + (mo - 1) + 1;
}
std::string MonthText(uint32_t code) {
  uint32_t v = code - 1;
  uint32_t y = v / 12, m = v % 12 + 1;
  if (y > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%u-%02u", y, m);
    return buf;
  }
  char buf[7] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                 static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                 static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
  return std::string(buf, 7);
}

}  // namespace

// ---- keys ----

std::string EncodeFixed32BE(uint32_t v) {
  std::string s;
  PutFixed32BE(&s, v);
  return s;
}

uint32_t DecodeFixed32BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (static_cast<uint32_t>(u[0]) << 24) | (static_cast<uint32_t>(u[1]) << 16) |
         (static_cast<uint32_t>(u[2]) << 8) | static_cast<uint32_t>(u[3]);
}

std::string RunKey(uint32_t run_no) {
  std::string k(1, kRunPrefix);
  PutFixed32BE(&k, run_no);
  return k;
}

std::string RunId(uint32_t run_no) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "r%06u", run_no);
  return buf;
}

std::optional<uint32_t> ParseRunId(std::string_view id) {
  if (id.size() < 2 || id[0] != 'r' || id.size() > 11) return std::nullopt;
  uint64_t v = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v == 0 || v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::string HashKey(std::string_view file_hash) { return std::string(1, kHashPrefix).append(file_hash); }
std::string MetaKey(std::string_view name) { return std::string(1, kMetaPrefix).append(name); }

std::string KeywordPrefix(std::string_view keyword) {
  std::string k;
  k.reserve(keyword.size() + 2);
  k.push_back(kKeywordPrefix);
  k.append(keyword);
  k.push_back('\0');
  return k;
}

void AppendClassKey(std::string* dst, std::string_view keyword, uint32_t run_no) {
  dst->push_back(kKeywordPrefix);
  dst->append(keyword);
  dst->push_back('\0');
  dst->push_back(kClassTag);
  PutFixed32BE(dst, run_no);
}

void AppendSourceKey(std::string* dst, std::string_view keyword, uint32_t run_no, uint32_t seq) {
  dst->push_back(kKeywordPrefix);
  dst->append(keyword);
  dst->push_back('\0');
  dst->push_back(kSourceTag);
  PutFixed32BE(dst, run_no);
  PutFixed32BE(dst, seq);
}

std::string SerpPrefix(std::string_view keyword) {
  std::string k(1, kSerpPrefix);
  k.append(keyword);
  k.push_back('\0');
  return k;
}

std::string SerpKey(std::string_view keyword, std::string_view engine, std::string_view fetched_on) {
  std::string k = SerpPrefix(keyword);
  k.append(engine);
  k.push_back('\0');
  k.append(fetched_on);
  return k;
}

bool ParseKeywordKey(std::string_view key, KeywordKey* out) {
  if (key.size() < 2 || key[0] != kKeywordPrefix) return false;
  // The keyword never holds 0x00, so the first 0x00 ends it (run numbers may hold 0x00).
  size_t nul = key.find('\0', 1);
  if (nul == std::string_view::npos || nul == 1 || nul + 2 > key.size()) return false;
  out->keyword = key.substr(1, nul - 1);
  out->tag = key[nul + 1];
  const char* p = key.data() + nul + 2;
  size_t rest = key.size() - nul - 2;
  if (out->tag == kClassTag && rest == 4) {
    out->run_no = DecodeFixed32BE(p);
    out->seq = 0;
    return true;
  }
  if (out->tag == kSourceTag && rest == 8) {
    out->run_no = DecodeFixed32BE(p);
    out->seq = DecodeFixed32BE(p + 4);
    return true;
  }
  return false;
}

// ---- schema marker ----

std::string EncodeSchemaValue(uint32_t version) {
  std::string v(kSchemaMagic, sizeof(kSchemaMagic));  // includes the 0x00
  PutVarint64(&v, version);
  return v;
}

Result<uint32_t> DecodeSchemaValue(std::string_view value) {
  std::string_view magic(kSchemaMagic, sizeof(kSchemaMagic));
  if (value.substr(0, magic.size()) != magic) {
    return Status::InvalidArgument("schema marker is not a klantreis store marker");
  }
  Reader r(value.substr(magic.size()));
  uint64_t v = r.Varint64();
  if (!r.ok() || !r.done() || v == 0 || v > 0xFFFFFFFFull) {
    return Status::InvalidArgument("schema marker holds no valid version");
  }
  return static_cast<uint32_t>(v);
}

// ---- runs ----

std::string EncodeRunValue(const RunValue& v) {
  std::string out;
  PutU8(&out, kValueVersion);
  PutU8(&out, static_cast<uint8_t>(v.kind));
  PutU8(&out, static_cast<uint8_t>(v.state));
  const ImportRun& r = v.run;
  PutStr(&out, r.file);
  PutStr(&out, r.file_hash);
  PutStr(&out, r.format);
  PutStr(&out, r.encoding);
  PutZigzag64(&out, r.started_at);
  PutVarint64(&out, r.rows_read);
  PutVarint64(&out, r.rows_stored);
  PutVarint64(&out, r.rows_rejected);
  PutVarint64(&out, r.errors.size());
  for (const auto& e : r.errors) {
    PutVarint64(&out, e.line);
    PutStr(&out, e.message);
  }
  PutStr(&out, r.model_version);
  PutStr(&out, v.row_model_version);
  return out;
}

Status DecodeRunValue(std::string_view value, RunValue* out) {
  Reader r(value);
  KR_RETURN_IF_ERROR(CheckVersion(r, "run"));
  uint8_t kind = r.U8();
  uint8_t state = r.U8();
  if (kind != static_cast<uint8_t>(RunKind::kImport) || state > 1) return BadValue("run");
  out->kind = static_cast<RunKind>(kind);
  out->state = static_cast<RunState>(state);
  ImportRun& run = out->run;
  run.file = r.Str();
  run.file_hash = r.Str();
  run.format = r.Str();
  run.encoding = r.Str();
  run.started_at = r.Zigzag64();
  run.rows_read = r.Varint64();
  run.rows_stored = r.Varint64();
  run.rows_rejected = r.Varint64();
  uint64_t n = r.Count();
  run.errors.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    RowError e;
    e.line = r.Varint64();
    e.message = r.Str();
    run.errors.push_back(std::move(e));
  }
  run.model_version = r.Str();
  out->row_model_version = r.Str();
  if (!r.ok() || !r.done()) return BadValue("run");
  run.committed = out->state == RunState::kCommitted;
  return Status::Ok();
}

// ---- sources ----

void AppendSourceValue(std::string* dst, std::string_view display, Language lang, const SourceRef& src,
                       std::string_view run_file, std::string_view run_format) {
  PutU8(dst, kValueVersion);
  PutStr(dst, display);
  PutU8(dst, static_cast<uint8_t>(lang));
  PutVarint64(dst, src.line);
  bool own_file = !src.file.empty() && src.file != run_file;
  bool own_format = !src.format.empty() && src.format != run_format;
  uint8_t flags = (src.volume ? 1 : 0) | (own_file ? 2 : 0) | (own_format ? 4 : 0);
  PutU8(dst, flags);
  if (src.volume) PutZigzag64(dst, *src.volume);
  PutU8(dst, static_cast<uint8_t>(src.volume_kind));
  PutVarint64(dst, src.monthly.size());
  for (const auto& m : src.monthly) {
    uint32_t code = MonthCode(m.month);
    PutVarint64(dst, code);
    if (code == 0) PutStr(dst, m.month);
    PutZigzag64(dst, m.searches);
  }
  PutVarint64(dst, src.attrs.size());
  for (const auto& [k, v] : src.attrs) {
    PutStr(dst, k);
    PutStr(dst, v);
  }
  if (own_file) PutStr(dst, src.file);
  if (own_format) PutStr(dst, src.format);
}

Status DecodeSourceValue(std::string_view value, std::string* display, Language* lang, SourceRef* src,
                         std::string_view run_file, std::string_view run_format) {
  Reader r(value);
  KR_RETURN_IF_ERROR(CheckVersion(r, "source"));
  *display = r.Str();
  uint8_t l = r.U8();
  if (!ValidLang(l)) return BadValue("source");
  *lang = static_cast<Language>(l);
  src->line = r.Varint64();
  uint8_t flags = r.U8();
  if (flags & ~7u) return BadValue("source");
  if (flags & 1) {
    src->volume = r.Zigzag64();
  } else {
    src->volume.reset();
  }
  uint8_t kind = r.U8();
  if (!ValidVolumeKind(kind)) return BadValue("source");
  src->volume_kind = static_cast<VolumeKind>(kind);
  uint64_t n = r.Count();
  src->monthly.clear();
  src->monthly.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t code = r.Varint64();
    MonthlyVolume m;
    if (code == 0) {
      m.month = r.Str();
    } else {
      if (code > 0xFFFFFFFFull) return BadValue("source");
      m.month = MonthText(static_cast<uint32_t>(code));
    }
    m.searches = r.Zigzag64();
    src->monthly.push_back(std::move(m));
  }
  n = r.Count();
  src->attrs.clear();
  src->attrs.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string_view k = r.Str();
    std::string_view v = r.Str();
    src->attrs.emplace_back(std::string(k), std::string(v));
  }
  src->file = (flags & 2) ? std::string(r.Str()) : std::string(run_file);
  src->format = (flags & 4) ? std::string(r.Str()) : std::string(run_format);
  if (!r.ok() || !r.done()) return BadValue("source");
  return Status::Ok();
}

// ---- classifications ----

void AppendClassValue(std::string* dst, const Classification& c, std::string_view row_model_version) {
  PutU8(dst, kValueVersion);
  PutU8(dst, static_cast<uint8_t>(c.stage));
  PutDouble(dst, c.confidence);
  PutU8(dst, c.runner_up ? static_cast<uint8_t>(*c.runner_up) : 0xFF);
  PutU8(dst, c.navigational ? 1 : 0);
  PutU8(dst, static_cast<uint8_t>(c.lang));
  if (c.model_version == row_model_version) {
    PutU8(dst, 1);
  } else {
    PutU8(dst, 0);
    PutStr(dst, c.model_version);
  }
  PutVarint64(dst, c.rules.size());
  for (const auto& h : c.rules) {
    PutStr(dst, h.rule);
    PutU8(dst, static_cast<uint8_t>(h.stage));
    PutDouble(dst, h.weight);
    PutVarint64(dst, h.tokens.size());
    for (const auto& t : h.tokens) PutStr(dst, t);
  }
}

Status DecodeClassValue(std::string_view value, std::string_view row_model_version, Classification* out) {
  Reader r(value);
  KR_RETURN_IF_ERROR(CheckVersion(r, "classification"));
  uint8_t stage = r.U8();
  out->confidence = r.Double();
  uint8_t runner = r.U8();
  uint8_t nav = r.U8();
  uint8_t lang = r.U8();
  uint8_t model_flag = r.U8();
  if (!r.ok() || !ValidStage(stage) || !(runner == 0xFF || ValidStage(runner)) || nav > 1 || !ValidLang(lang) ||
      model_flag > 1) {
    return BadValue("classification");
  }
  out->stage = static_cast<Stage>(stage);
  out->runner_up = runner == 0xFF ? std::nullopt : std::optional<Stage>(static_cast<Stage>(runner));
  out->navigational = nav == 1;
  out->lang = static_cast<Language>(lang);
  out->model_version = model_flag == 1 ? std::string(row_model_version) : std::string(r.Str());
  uint64_t n = r.Count();
  out->rules.clear();
  out->rules.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    RuleHit h;
    h.rule = r.Str();
    uint8_t s = r.U8();
    if (!ValidStage(s)) return BadValue("classification");
    h.stage = static_cast<Stage>(s);
    h.weight = r.Double();
    uint64_t m = r.Count();
    for (uint64_t j = 0; j < m && r.ok(); ++j) h.tokens.emplace_back(r.Str());
    out->rules.push_back(std::move(h));
  }
  if (!r.ok() || !r.done()) return BadValue("classification");
  return Status::Ok();
}

void AppendReclassValue(std::string* dst, const Classification& c, uint32_t as_of_run) {
  PutFixed32BE(dst, as_of_run);
  AppendClassValue(dst, c, "");
}

Status DecodeReclassValue(std::string_view value, uint32_t* as_of_run, Classification* out) {
  if (value.size() < 5) return BadValue("re-classification");
  *as_of_run = DecodeFixed32BE(value.data());
  return DecodeClassValue(value.substr(4), "", out);
}

// ---- SERP snapshots ----

Result<std::string> EncodeSerpValue(const SerpSnapshot& snap) {
  std::string out;
  PutU8(&out, kValueVersion);
  PutStr(&out, snap.source);
  PutStr(&out, snap.parsed_json);
  PutU8(&out, 1);  // zstd
  PutVarint64(&out, snap.html.size());
  std::string z(ZSTD_compressBound(snap.html.size()), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  if (cctx == nullptr) return Status::IoError("zstd: out of memory");
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);  // damaged pages fail to decode
  size_t n = ZSTD_compress2(cctx, z.data(), z.size(), snap.html.data(), snap.html.size());
  ZSTD_freeCCtx(cctx);
  if (ZSTD_isError(n)) return Status::InvalidArgument(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  z.resize(n);
  PutStr(&out, z);
  return out;
}

Status DecodeSerpValue(std::string_view value, SerpSnapshot* out) {
  Reader r(value);
  KR_RETURN_IF_ERROR(CheckVersion(r, "serp"));
  out->source = r.Str();
  out->parsed_json = r.Str();
  uint8_t compression = r.U8();
  uint64_t size = r.Varint64();
  std::string_view body = r.Str();
  if (!r.ok() || !r.done() || compression > 1 || size > kMaxSerpHtml) return BadValue("serp");
  if (compression == 0) {
    if (body.size() != size) return BadValue("serp");
    out->html = body;
    return Status::Ok();
  }
  out->html.assign(size, '\0');
  size_t n = ZSTD_decompress(out->html.data(), size, body.data(), body.size());
  if (ZSTD_isError(n) || n != size) return Status::Corruption("serp value: html does not decompress");
  return Status::Ok();
}

}  // namespace kr::store::schema
