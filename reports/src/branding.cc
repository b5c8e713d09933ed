#include "klantreis/reports/branding.h"

#include <cctype>

#include "klantreis/core/text.h"

namespace kr::reports {
namespace {

constexpr size_t kMaxLogoBytes = 512 * 1024;

std::string Base64(std::string_view in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
    out += kChars[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool IsColour(const std::string& c) {
  if (c.size() != 4 && c.size() != 7) return false;
  if (c[0] != '#') return false;
  for (size_t i = 1; i < c.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return false;
  }
  return true;
}

std::string SniffImage(std::string_view b) {
  if (b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (b.size() > 3 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8 && uint8_t(b[2]) == 0xFF) return "image/jpeg";
  std::string_view head = b.substr(0, 1024);
  if (head.find("<svg") != std::string_view::npos) return "image/svg+xml";
  return "";
}

}  // namespace

Result<Branding> MakeBranding(const std::string& agency, const std::string& logo_path,
                              const std::string& primary_colour, const std::string& accent_colour,
                              const std::string& where) {
  Branding b;
  b.agency = agency;
  for (const auto& [value, key] : {std::pair{&primary_colour, "primary_colour"}, {&accent_colour, "accent_colour"}}) {
    if (!value->empty() && !IsColour(*value)) {
      return Status::InvalidArgument(where + "." + key + ": \"" + *value + "\" is no colour (#rgb or #rrggbb)");
    }
  }
  b.primary_colour = primary_colour;
  b.accent_colour = accent_colour;
  if (!logo_path.empty()) {
    auto bytes = ReadFile(logo_path);
    if (!bytes.ok()) return Status::InvalidArgument(where + ".logo: " + bytes.status().message());
    if (bytes->size() > kMaxLogoBytes) {
      return Status::InvalidArgument(where + ".logo: " + logo_path + " is larger than 512 KiB");
    }
    b.logo_mime = SniffImage(*bytes);
    if (b.logo_mime.empty()) {
      return Status::InvalidArgument(where + ".logo: " + logo_path + " is no PNG, JPEG or SVG image");
    }
    b.logo = std::move(bytes).value();
  }
  return b;
}

std::string LogoDataUri(const Branding& b) {
  if (b.logo.empty()) return "";
  return "data:" + b.logo_mime + ";base64," + Base64(b.logo);
}

std::string BrandingCss(const Branding& b) {
  std::string css;
  if (!b.primary_colour.empty()) {
    css += "h1,h2{color:" + b.primary_colour + "}.bar span{background:" + b.primary_colour + "}";
  }
  if (!b.accent_colour.empty()) css += ".service .bar span{background:" + b.accent_colour + "}a{color:" + b.accent_colour + "}";
  if (!b.empty()) css += ".brand{display:flex;align-items:center;gap:1rem;margin-bottom:1rem}.brand img{max-height:3.5rem;max-width:14rem}.brand span{font-weight:600;font-size:1.1rem}";
  return css;
}

std::string BrandingHeaderHtml(const Branding& b) {
  if (b.agency.empty() && b.logo.empty()) return "";
  std::string h = "<header class=\"brand\">";
  if (!b.logo.empty()) h += "<img src=\"" + LogoDataUri(b) + "\" alt=\"" + HtmlEscape(SanitizeUtf8(b.agency)) + "\">";
  if (!b.agency.empty()) h += "<span>" + HtmlEscape(SanitizeUtf8(b.agency)) + "</span>";
  return h + "</header>\n";
}

}  // namespace kr::reports
