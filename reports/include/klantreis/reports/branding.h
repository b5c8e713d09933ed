// Loading and rendering a report's branding (agency name, logo, colours).
// Pure functions apart from reading the logo file.
#pragma once

#include <string>

#include "klantreis/core/status.h"
#include "klantreis/reports/report.h"

namespace kr::reports {

// Checks the colours (#rgb or #rrggbb) and reads the logo (PNG, JPEG or
// SVG, recognised by its bytes, at most 512 KiB). InvalidArgument naming
// `where` (e.g. "klantreis.toml: branding.logo") and the value otherwise.
Result<Branding> MakeBranding(const std::string& agency, const std::string& logo_path,
                              const std::string& primary_colour, const std::string& accent_colour,
                              const std::string& where);

// "data:image/png;base64,..." ("" without a logo).
std::string LogoDataUri(const Branding& b);
// CSS rules for the colours (appended after a page's own style), "" when none.
std::string BrandingCss(const Branding& b);
// The page header: logo and agency name, HTML-escaped ("" when empty).
std::string BrandingHeaderHtml(const Branding& b);

}  // namespace kr::reports
