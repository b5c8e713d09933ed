// klantreis demo: init, import, classify and report on the shipped sample
// project (config/sample, illustrative data) into ./out/demo.
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "klantreis/app/classify_stream.h"
#include "klantreis/app/pipeline.h"
#include "klantreis/app/project.h"
#include "klantreis/app/report_builder.h"
#include "klantreis/core/text.h"
#include "klantreis/embedded_config.h"

namespace fs = std::filesystem;

namespace kr::cli {
namespace {

Status WriteShipped(const std::string& name, const std::string& dest) {
  auto data = embedded::Get(name);
  if (!data) return Status::NotFound("shipped file " + name + " is missing from this build");
  return WriteFileAtomic(dest, *data);
}

Status RunDemo(const std::string& out_root) {
  fs::path root = fs::absolute(out_root).lexically_normal();
  std::error_code ec;
  // Re-runnable: remove an earlier demo, but only one this command made.
  if (fs::exists(root, ec)) {
    if (!fs::exists(root / ".klantreis-demo", ec)) {
      return Status::InvalidArgument(root.string() + ": exists and was not made by `klantreis demo`; remove it or use --out");
    }
    fs::remove_all(root, ec);
    if (ec) return Status::IoError(root.string() + ": " + ec.message());
  }
  fs::create_directories(root / "input", ec);
  if (ec) return Status::IoError(root.string() + ": " + ec.message());
  KR_RETURN_IF_ERROR(WriteFileAtomic((root / ".klantreis-demo").string(), "made by klantreis demo\n"));
  KR_RETURN_IF_ERROR(WriteShipped("sample/keywords.csv", (root / "input/keywords.csv").string()));
  KR_RETURN_IF_ERROR(WriteShipped("sample/README.txt", (root / "input/README.txt").string()));

  std::string project_dir = (root / "project").string();
  std::cout << "== klantreis init " << project_dir << "\n";
  KR_RETURN_IF_ERROR(app::InitProject(project_dir, "Groenhuis (voorbeeld)", "nl-NL"));
  KR_RETURN_IF_ERROR(WriteShipped("sample/klantreis.toml", project_dir + "/klantreis.toml"));

  auto project = app::OpenProject(project_dir, store::OpenMode::kReadWrite, "");
  if (!project.ok()) return project.status();

  std::string input = (root / "input/keywords.csv").string();
  std::cout << "== klantreis import " << input << "\n";
  auto imported = app::ImportFile(*project, input, ingest::ImportOptions{}, false);
  if (!imported.ok()) return imported.status();
  std::cout << imported->run.rows_stored << " keywords imported (" << imported->run.format << ", "
            << imported->run.encoding << ")\n";

  std::cout << "== klantreis classify --explain (a few examples)\n";
  app::StreamOptions opts;
  opts.explain = true;
  KR_RETURN_IF_ERROR(app::ClassifyQueries(project->classifier,
                                          {"welke kamerplant voor weinig licht", "groenhuis kortingscode",
                                           "monstera bestellen", "groenhuis bestelling volgen"},
                                          stdout, opts));

  std::cout << "== klantreis report --format csv,md,json,html,xlsx\n";
  std::vector<std::string> written;
  std::string out = (root / "report").string();
  auto data = app::WriteProjectReport(*project, out, {"csv", "md", "json", "html", "xlsx"}, &written);
  if (!data.ok()) return data.status();
  std::cout << "\nStage            keywords  volume   share\n";
  for (const auto& s : data->stages) {
    std::printf("%-16s %8llu %8lld %6.1f%%\n", std::string(StageId(s.stage)).c_str(),
                static_cast<unsigned long long>(s.keywords), static_cast<long long>(s.monthly_volume),
                100.0 * s.volume_share);
  }
  std::cout << "\nReport written to " << out << ":\n";
  for (const auto& p : written) std::cout << "  " << p << "\n";
  std::cout << "Open " << out << "/report.html in a browser, or read " << out << "/report.md.\n";
  return Status::Ok();
}

}  // namespace

void AddDemoCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("demo", "Run init, import, classify and report on the shipped sample project");
  auto out = std::make_shared<std::string>("out/demo");
  cmd->add_option("--out", *out, "where the demo project and report go")->capture_default_str();
  cmd->callback([&g, out] {
    Status st = RunDemo(*out);
    if (!st.ok()) g.exit_code = Fail(st);
  });
}

}  // namespace kr::cli
