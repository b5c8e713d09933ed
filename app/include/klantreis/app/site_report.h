// The site's pages in the reports: each page's stage (from its title, h1
// and URL path, through the project's classifier) and pages.csv.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "klantreis/app/project.h"
#include "klantreis/classify/classifier.h"
#include "klantreis/reports/site_pages.h"

namespace kr::app {

// The text a page is classified by: title, first h1 and the URL path's
// words ("/kamerplanten/monstera-kopen" -> "kamerplanten monstera kopen"),
// each word once (case- and diacritic-insensitively, first occurrence
// kept); "" when the page has none.
std::string PageStageText(const WebPage& page);

// The words of a URL's path: percent-decoded, lower-case, split on / - _ . +
// and without a file extension such as .html ("" for "/").
std::string PageUrlWords(const std::string& url);

// The page's stage; nullopt for a page without text (not fetched, not HTML).
std::optional<Classification> ClassifyPage(classify::Classifier& classifier, const WebPage& page);

// Writes out_dir/pages.csv when the project has a crawl (appends the path
// to *written); does nothing without one. targets: per page URL the
// keywords it covers (nullptr: none known); excel: the market's Excel
// dialect (report --csv-dialect excel).
Status WritePagesReport(Project& project, const std::string& out_dir, std::vector<std::string>* written,
                        const std::unordered_map<std::string, reports::PageTargets>* targets = nullptr,
                        bool excel = false);

}  // namespace kr::app
