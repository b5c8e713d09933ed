// Internal: a [branding] table of a TOML file (klantreis.toml, a batch file).
#pragma once

#include <toml++/toml.h>

#include <string>

#include "klantreis/reports/report.h"

namespace kr::app {

// {agency, logo, primary_colour, accent_colour} of `where` ("file: branding");
// a relative logo path resolves against base_dir; `base` gives the values
// the table does not set. InvalidArgument naming where and key for unknown
// keys, wrong types, bad colours, unreadable logos.
Result<reports::Branding> LoadBrandingTable(const toml::node& node, const std::string& where,
                                            const std::string& base_dir, const reports::Branding& base = {});

}  // namespace kr::app
