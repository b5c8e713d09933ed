// klantreis imports remove RUN [-p DIR]
#include <iostream>

#include "cli.h"
#include "klantreis/app/pipeline.h"
#include "klantreis/app/project.h"

namespace kr::cli {

void AddImportsRemoveCommand(CLI::App& root, Globals& g) {
  CLI::App* imports = root.get_subcommand("imports");
  auto* cmd = imports->add_subcommand(
      "remove", "Remove one import run atomically: keywords only it brought in disappear, the others keep their "
                "other sources");
  auto run = std::make_shared<std::string>();
  cmd->add_option("RUN", *run, "run id as `klantreis imports` lists it (r000042)")->required();
  AddProjectOptions(cmd, &g);
  cmd->callback([&g, run] {
    auto project = app::OpenProject(g.project_dir, store::OpenMode::kReadWrite, g.config_files);
    if (!project.ok()) {
      g.exit_code = Fail(project.status());
      return;
    }
    auto r = app::RemoveImport(*project, *run);
    if (!r.ok()) {
      g.exit_code = Fail(r.status().IsNotFound() ? Status::InvalidArgument(r.status().message()) : r.status());
      return;
    }
    std::cout << "removed run " << r->run.id << " (" << r->run.format << ", " << r->run.file << ", "
              << r->run.rows_stored << " rows): " << (r->keywords_before - r->keywords_after)
              << " keywords only it brought in are gone, " << r->keywords_after << " keywords remain\n";
  });
}

}  // namespace kr::cli
