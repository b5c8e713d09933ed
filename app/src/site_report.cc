#include "klantreis/app/site_report.h"

#include <cctype>
#include <string_view>
#include <unordered_set>

#include "klantreis/classify/analyzer.h"
#include "klantreis/reports/site_pages.h"

namespace kr::app {
namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PageUrlWords(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : url.find('/', start + 3);
  if (start == std::string::npos) return "";
  std::string path = url.substr(start);
  size_t q = path.find_first_of("?#");
  if (q != std::string::npos) path.resize(q);
  for (const char* ext : {".html", ".htm", ".php", ".aspx", ".asp"}) {
    std::string e(ext);
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) path.resize(path.size() - e.size());
  }
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%' && i + 2 < path.size() && Hex(path[i + 1]) >= 0 && Hex(path[i + 2]) >= 0) {
      c = static_cast<char>(Hex(path[i + 1]) * 16 + Hex(path[i + 2]));
      i += 2;
    }
    bool sep = c == '/' || c == '-' || c == '_' || c == '.' || c == '+' || c == ' ';
    if (sep) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string PageStageText(const WebPage& page) {
  // Word by word, each word once (case- and diacritic-insensitively): a
  // category page titled "Alle kamerplanten" with the h1 "Kamerplanten" at
  // /kamerplanten reads "Alle kamerplanten", not a three-word phrase.
  std::unordered_set<std::string> seen;
  std::string out;
  auto add = [&](std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t sp = text.find(' ', pos);
      if (sp == std::string_view::npos) sp = text.size();
      std::string_view word = text.substr(pos, sp - pos);
      pos = sp + 1;
      std::string_view bare = word;  // "verpotten:" is the word "verpotten"
      while (!bare.empty() && std::ispunct(static_cast<unsigned char>(bare.front()))) bare.remove_prefix(1);
      while (!bare.empty() && std::ispunct(static_cast<unsigned char>(bare.back()))) bare.remove_suffix(1);
      if (bare.empty() || !seen.insert(classify::FoldForMatch(bare)).second) continue;
      if (!out.empty()) out += ' ';
      out += word;
    }
  };
  add(page.title);
  if (!page.h1.empty()) add(page.h1[0]);
  if (page.html) add(PageUrlWords(page.url));
  return out;
}

std::optional<Classification> ClassifyPage(classify::Classifier& classifier, const WebPage& page) {
  if (!page.html || page.status < 200 || page.status >= 300) return std::nullopt;
  std::string text = PageStageText(page);
  if (text.empty()) return std::nullopt;
  return classifier.Classify(text);
}

Status WritePagesReport(Project& project, const std::string& out_dir, std::vector<std::string>* written,
                        const std::unordered_map<std::string, reports::PageTargets>* targets, bool excel) {
  auto crawls = project.store->ListCrawls();
  if (!crawls.ok()) return crawls.status();
  if (crawls->empty()) return Status::Ok();
  auto classifier = classify::Classifier::Create(project.classifier);
  if (!classifier.ok()) return classifier.status();
  auto writer = reports::PagesCsvWriter::Open(out_dir, excel, project.market);
  if (!writer.ok()) return writer.status();
  KR_RETURN_IF_ERROR(project.store->ForEachPage([&](const store::CrawlRun& run, const WebPage& page) {
    std::optional<Classification> c = ClassifyPage(**classifier, page);
    const reports::PageTargets* t = nullptr;
    if (targets != nullptr) {
      auto it = targets->find(page.url);
      if (it != targets->end()) t = &it->second;
    }
    (*writer)->Add(page, c ? std::optional<Stage>(c->stage) : std::nullopt, run.id, t);
    return true;
  }));
  auto path = (*writer)->Commit();
  if (!path.ok()) return path.status();
  written->push_back(*path);
  return Status::Ok();
}

}  // namespace kr::app
