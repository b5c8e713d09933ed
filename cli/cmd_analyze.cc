// klantreis analyze [TEXT...] [--describe] [--format text|jsonl] [--lang auto|nl|en] [-p DIR] [--config FILE]
//
// Shows what the classifier sees: the analyzer's tokens with their flags,
// compound parts, stems and the language tag. Reads one text per stdin
// line when no TEXT is given.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "klantreis/app/project.h"
#include "klantreis/classify/analyzer.h"
#include "klantreis/core/text.h"

namespace kr::cli {
namespace {

std::string FlagsJson(uint32_t flags) {
  std::string names = classify::TokenFlagNames(flags);
  std::string out = "[";
  size_t start = 0;
  while (start < names.size()) {
    size_t bar = names.find('|', start);
    if (bar == std::string::npos) bar = names.size();
    if (out.size() > 1) out += ',';
    out += "\"" + names.substr(start, bar - start) + "\"";
    start = bar + 1;
  }
  return out + "]";
}

void PrintText(std::string_view text, const classify::Analysis& a, FILE* out) {
  std::fprintf(out, "%s\n", SanitizeUtf8(text).c_str());
  std::fprintf(out, "  lang=%s nl=%.2f en=%.2f%s\n", std::string(LanguageId(a.lang)).c_str(), a.nl_score, a.en_score,
               a.mixed ? " mixed" : "");
  for (const classify::Token& t : a.tokens) {
    std::string line = "  " + std::to_string(t.begin) + "-" + std::to_string(t.end) + "\t" + t.text +
                       "\tnorm=" + t.norm + "\tstem=" + t.stem;
    if (!t.parts.empty()) {
      line += "\tparts=";
      for (size_t i = 0; i < t.parts.size(); ++i) line += (i ? "+" : "") + t.parts[i];
    }
    if (t.lang != Language::kUnd) line += "\tlang=" + std::string(LanguageId(t.lang));
    line += "\t[" + classify::TokenFlagNames(t.flags) + "]";
    std::fprintf(out, "%s\n", line.c_str());
  }
}

void PrintJson(std::string_view text, const classify::Analysis& a, FILE* out) {
  std::string j = "{\"text\":\"" + JsonEscape(SanitizeUtf8(text)) + "\",\"lang\":\"" +
                  std::string(LanguageId(a.lang)) + "\"";
  char buf[96];
  std::snprintf(buf, sizeof buf, ",\"nl_score\":%.3f,\"en_score\":%.3f,\"mixed\":%s,\"tokens\":[", a.nl_score,
                a.en_score, a.mixed ? "true" : "false");
  j += buf;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const classify::Token& t = a.tokens[i];
    if (i) j += ',';
    j += "{\"text\":\"" + JsonEscape(t.text) + "\",\"norm\":\"" + JsonEscape(t.norm) + "\",\"stem\":\"" +
         JsonEscape(t.stem) + "\",\"parts\":[";
    for (size_t k = 0; k < t.parts.size(); ++k) j += (k ? ",\"" : "\"") + JsonEscape(t.parts[k]) + "\"";
    j += "],\"begin\":" + std::to_string(t.begin) + ",\"end\":" + std::to_string(t.end) +
         ",\"flags\":" + FlagsJson(t.flags) + ",\"lang\":\"" + std::string(LanguageId(t.lang)) + "\"}";
  }
  j += "]}";
  std::fprintf(out, "%s\n", j.c_str());
}

}  // namespace

void AddAnalyzeCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "analyze", "Show the analyzer's tokens, flags, compound parts, stems and language (arguments or stdin lines)");
  struct Opts {
    std::vector<std::string> texts;
    std::string format = "text";
    std::string lang = "auto";
    bool describe = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("TEXT", o->texts, "texts to analyze (none: one per stdin line)");
  AddProjectOptions(cmd, &g);
  cmd->add_flag("--describe", o->describe, "print the analyzer chain and versions");
  cmd->add_option("--format", o->format, "text|jsonl")->check(CLI::IsMember({"text", "jsonl"}))->capture_default_str();
  cmd->add_option("--lang", o->lang, "auto|nl|en")->check(CLI::IsMember({"auto", "nl", "en"}))->capture_default_str();
  cmd->callback([&g, o] {
    auto loaded = app::LoadCommandConfig(g.project_dir, g.config_files);
    if (!loaded.ok()) {
      g.exit_code = Fail(loaded.status());
      return;
    }
    classify::AnalyzerOptions options = loaded->analyzer;
    if (o->lang != "auto") options.force_lang = *LanguageFromId(o->lang);
    auto analyzer = classify::Analyzer::Create(options);
    if (!analyzer.ok()) {
      g.exit_code = Fail(analyzer.status());
      return;
    }
    classify::Analyzer& an = **analyzer;
    if (o->describe) {
      std::fputs(an.Describe().c_str(), stdout);
      if (o->texts.empty()) return;
    }
    const bool json = o->format == "jsonl";
    classify::Analysis a;
    auto one = [&](std::string_view text) {
      an.Analyze(text, &a);
      if (json) {
        PrintJson(text, a, stdout);
      } else {
        PrintText(text, a, stdout);
      }
    };
    if (!o->texts.empty()) {
      for (const auto& t : o->texts) one(t);
    } else {
      char* line = nullptr;
      size_t cap = 0;
      ssize_t len;
      while ((len = getline(&line, &cap, stdin)) >= 0) {
        std::string_view s(line, static_cast<size_t>(len));
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
        one(s);
      }
      std::free(line);
    }
    if (std::fflush(stdout) != 0) g.exit_code = Fail(Status::IoError("stdout: write failed"));
  });
}

}  // namespace kr::cli
