// klantreis doctor [-p DIR] [--repair]
#include <iostream>

#include "cli.h"
#include "klantreis/app/doctor.h"

namespace kr::cli {

void AddDoctorCommand(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("doctor", "Check a project's store by reading all of it; --repair rebuilds a damaged one");
  auto repair = std::make_shared<bool>(false);
  AddProjectOptions(cmd, &g);
  cmd->add_flag("--repair", *repair, "repair a damaged store (RocksDB RepairDB) after copying it to store.backup-<time>");
  cmd->callback([&g, repair] {
    auto r = app::CheckProjectStore(g.project_dir, *repair);
    if (!r.ok()) {
      g.exit_code = Fail(r.status());
      return;
    }
    const std::string dir = g.project_dir.empty() ? "." : g.project_dir;
    if (r->problem.empty()) {
      std::cout << r->store_dir << ": ok, " << r->keywords << " keywords, every table and key read\n";
      return;
    }
    std::cout << r->problem << "\n";
    if (!*repair) {
      std::cout << "run `klantreis doctor -p " << dir << " --repair` to rebuild it (a backup copy is made first)\n";
      g.exit_code = 1;
      return;
    }
    std::cout << "backup: " << r->backup_dir << "\n";
    if (r->healthy) {
      std::cout << r->store_dir << ": repaired: ok, " << r->keywords
                << " keywords (keys of unreadable table files are lost; the backup keeps them)\n";
      return;
    }
    std::cout << r->store_dir << ": still damaged after the repair: " << r->after_repair << "\n";
    g.exit_code = 1;
  });
}

}  // namespace kr::cli
