// Sitemap files: gzip, XML (expat) and plain text. See sitemap.h.
#include "klantreis/crawler/sitemap.h"

#include "klantreis/core/text.h"

#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace kr::crawler {
namespace {

constexpr size_t kMaxValueBytes = 64 * 1024;  // a loc/lastmod longer than this is cut (no URL is that long)

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n\f\v", s.front()) != nullptr) s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n\f\v", s.back()) != nullptr) s.remove_suffix(1);
  return s;
}

bool StartsWithBom(std::string_view s) {
  return s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
         static_cast<unsigned char>(s[2]) == 0xBF;
}

// The local part of an expat namespace-qualified name ("uri\1local").
std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t sep = n.rfind('\x01');
  if (sep != std::string_view::npos) n.remove_prefix(sep + 1);
  size_t colon = n.rfind(':');  // a prefix whose namespace was never declared
  if (colon != std::string_view::npos) n.remove_prefix(colon + 1);
  return n;
}

void AddEntry(ParsedSitemap* out, const SitemapLimits& limits, std::string_view loc, std::string_view lastmod) {
  loc = TrimSpace(loc);
  if (loc.empty()) return;
  // No URL holds a control character (a line break inside <loc>) or bytes
  // that are not UTF-8: such an entry is counted, never passed on.
  bool control = std::any_of(loc.begin(), loc.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (control || FindInvalidUtf8(loc) != std::string_view::npos) {
    ++out->skipped;
    return;
  }
  if (out->entries.size() >= limits.max_urls) {
    ++out->over_url_cap;
    return;
  }
  out->entries.push_back({std::string(loc), std::string(TrimSpace(lastmod))});
}

// The expat callbacks' state: the root decides the kind; inside each
// <url>/<sitemap> the text of <loc> and <lastmod> (or the bare text) is kept.
struct XmlState {
  XML_Parser parser = nullptr;
  ParsedSitemap* out = nullptr;
  const SitemapLimits* limits = nullptr;
  int depth = 0;
  bool root_seen = false;
  int entry_depth = -1;  // depth of the open <url>/<sitemap>, -1 outside
  enum class Field { kNone, kLoc, kLastmod, kBare } field = Field::kNone;
  int field_depth = -1;
  std::string loc, lastmod, bare;
  std::string stop_reason;
};

void Append(std::string* dst, const XML_Char* s, int len) {
  if (dst->size() >= kMaxValueBytes) return;
  dst->append(s, std::min<size_t>(static_cast<size_t>(len), kMaxValueBytes - dst->size()));
}

void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** /*attrs*/) {
  auto* st = static_cast<XmlState*>(user);
  std::string_view local = LocalName(name);
  ++st->depth;
  if (!st->root_seen) {
    st->root_seen = true;
    if (local == "urlset") st->out->kind = SitemapKind::kUrlset;
    else if (local == "sitemapindex") st->out->kind = SitemapKind::kIndex;
    else {
      st->stop_reason = "not a sitemap (root element <" + std::string(local) + ">)";
      XML_StopParser(st->parser, XML_FALSE);
    }
    return;
  }
  const char* entry = st->out->kind == SitemapKind::kIndex ? "sitemap" : "url";
  if (st->entry_depth < 0) {
    if (st->depth == 2 && local == entry) {
      st->entry_depth = st->depth;
      st->loc.clear();
      st->lastmod.clear();
      st->bare.clear();
      st->field = XmlState::Field::kBare;
      st->field_depth = st->depth;
    }
    return;
  }
  if (st->depth == st->entry_depth + 1) {
    if (local == "loc") st->field = XmlState::Field::kLoc;
    else if (local == "lastmod") st->field = XmlState::Field::kLastmod;
    else st->field = XmlState::Field::kNone;
    st->field_depth = st->depth;
  } else {
    st->field = XmlState::Field::kNone;  // deeper (image:loc, video:...) is not ours
  }
}

void XMLCALL OnEnd(void* user, const XML_Char* /*name*/) {
  auto* st = static_cast<XmlState*>(user);
  if (st->entry_depth >= 0) {
    if (st->depth == st->entry_depth) {
      // A <sitemap> or <url> with a bare URL as its text (seen in the wild).
      std::string_view loc = TrimSpace(st->loc).empty() ? std::string_view(st->bare) : std::string_view(st->loc);
      AddEntry(st->out, *st->limits, loc, st->lastmod);
      st->entry_depth = -1;
      st->field = XmlState::Field::kNone;
    } else if (st->depth == st->field_depth) {
      st->field = XmlState::Field::kBare;  // back in the entry itself
      st->field_depth = st->entry_depth;
    }
  }
  --st->depth;
}

void XMLCALL OnText(void* user, const XML_Char* s, int len) {
  auto* st = static_cast<XmlState*>(user);
  if (st->entry_depth < 0) return;
  switch (st->field) {
    case XmlState::Field::kLoc: Append(&st->loc, s, len); break;
    case XmlState::Field::kLastmod: Append(&st->lastmod, s, len); break;
    case XmlState::Field::kBare:
      if (st->depth == st->entry_depth) Append(&st->bare, s, len);
      break;
    case XmlState::Field::kNone: break;
  }
}

// No DTDs: they bring entity expansion (billion laughs) and nothing a sitemap needs.
void XMLCALL OnDoctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* st = static_cast<XmlState*>(user);
  st->stop_reason = "a DOCTYPE is not allowed in a sitemap";
  XML_StopParser(st->parser, XML_FALSE);
}

void ParseXml(std::string_view body, const SitemapLimits& limits, ParsedSitemap* out) {
  XML_Parser p = XML_ParserCreateNS(nullptr, '\x01');
  if (p == nullptr) {
    out->error = "out of memory";
    return;
  }
  XmlState st;
  st.parser = p;
  st.out = out;
  st.limits = &limits;
  XML_SetUserData(p, &st);
  XML_SetElementHandler(p, &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(p, &OnText);
  XML_SetStartDoctypeDeclHandler(p, &OnDoctype);
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
  // In chunks, so a stop takes effect without reading the rest.
  constexpr size_t kChunk = 1 << 20;
  size_t pos = 0;
  for (;;) {
    size_t n = std::min(kChunk, body.size() - pos);
    bool last = pos + n == body.size();
    if (XML_Parse(p, body.data() + pos, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      if (!st.stop_reason.empty()) {
        out->error = st.stop_reason;
      } else {
        out->error = "line " + std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
                     XML_ErrorString(XML_GetErrorCode(p));
      }
      break;
    }
    pos += n;
    if (last) break;
  }
  if (!st.root_seen && out->error.empty()) out->error = "no XML element";
  XML_ParserFree(p);
}

void ParseText(std::string_view body, const SitemapLimits& limits, ParsedSitemap* out) {
  out->kind = SitemapKind::kText;
  size_t i = 0;
  while (i < body.size()) {
    size_t end = body.find_first_of("\r\n", i);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = TrimSpace(body.substr(i, end - i));
    i = end + 1;
    if (line.empty()) continue;
    if (line.size() > kMaxValueBytes) {  // longer than any URL
      ++out->skipped;
      continue;
    }
    AddEntry(out, limits, line, "");
  }
}

}  // namespace

const char* SitemapKindName(SitemapKind k) {
  switch (k) {
    case SitemapKind::kUrlset: return "urlset";
    case SitemapKind::kIndex: return "index";
    case SitemapKind::kText: return "text";
    case SitemapKind::kUnknown: break;
  }
  return "unknown";
}

Result<std::string> Gunzip(std::string_view data, size_t max_bytes, bool* over_cap) {
  *over_cap = false;
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::ParseError("gzip: cannot initialise zlib");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), UINT32_MAX));
  char buf[64 * 1024];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    size_t got = sizeof buf - zs.avail_out;
    if (out.size() + got > max_bytes) {
      out.append(buf, max_bytes - out.size());
      *over_cap = true;
      rc = Z_STREAM_END;
      break;
    }
    out.append(buf, got);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (zs.avail_in == 0 && got == 0) {
      rc = Z_BUF_ERROR;
      break;
    }
  }
  std::string why = zs.msg != nullptr ? zs.msg : (rc == Z_BUF_ERROR ? "truncated stream" : "error " + std::to_string(rc));
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::ParseError("gzip: " + why);
  return out;
}

ParsedSitemap ParseSitemap(std::string_view body, const SitemapLimits& limits) {
  ParsedSitemap out;
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1F && static_cast<unsigned char>(body[1]) == 0x8B) {
    out.gzipped = true;
    Result<std::string> r = Gunzip(body, limits.max_bytes, &out.over_byte_cap);
    if (!r.ok()) {
      out.error = r.status().message();
      return out;
    }
    inflated = std::move(r).value();
    body = inflated;
  } else if (body.size() > limits.max_bytes) {
    out.over_byte_cap = true;
    body = body.substr(0, limits.max_bytes);
  }
  if (StartsWithBom(body)) body.remove_prefix(3);
  std::string_view lead = TrimSpace(body.substr(0, std::min<size_t>(body.size(), 4096)));
  if (!lead.empty() && lead.front() == '<') {
    ParseXml(body, limits, &out);
  } else if (lead.empty()) {
    out.error = "empty file";
  } else {
    ParseText(body, limits, &out);
  }
  if (out.over_byte_cap) {
    out.error = "longer than " + std::to_string(limits.max_bytes) + " bytes; the rest was not read";
  }
  return out;
}

}  // namespace kr::crawler
