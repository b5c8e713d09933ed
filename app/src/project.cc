#include "klantreis/app/project.h"
#include "klantreis/app/review.h"
#include "branding_table.h"
#include "config_shape.h"

#include <toml++/toml.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <vector>

#include "klantreis/core/text.h"
#include "klantreis/reports/branding.h"

namespace fs = std::filesystem;

namespace kr::app {
namespace {

constexpr const char* kProjectFile = "klantreis.toml";

std::string ProjectToml(const std::string& name, const std::string& market) {
  std::string t;
  t += "# klantreis project configuration.\n";
  t += "# See docs/configuration.md for every setting; anything not set here comes\n";
  t += "# from the configuration shipped inside the klantreis binary.\n\n";
  t += "[project]\n";
  t += "name = \"" + JsonEscape(name) + "\"\n";
  t += "market = \"" + JsonEscape(market) + "\"\n\n";
  t += "[classifier]\n";
  t += "# Your own brand and product names, and your competitors'.\n";
  t += "own_brands = []\n";
  t += "competitors = []\n";
  t += "product_terms = []\n\n";
  t += "# Extra cues for this business, e.g. for a baking-mix brand recipe\n";
  t += "# questions are `use`:\n";
  t += "# [[classifier.cues]]\n";
  t += "# phrase = \"recept\"\n";
  t += "# stage = \"use\"\n";
  t += "# weight = 2.0\n";
  t += "# lang = \"nl\"\n\n";
  t += "# [suggest]\n";
  t += "# url = \"http://localhost:8080/complete?q={query}&hl={lang}\"\n\n";
  t += "# [serp]\n";
  t += "# url = \"https://serp-api.example/search?q={query}&hl={lang}\"\n";
  return t;
}

}  // namespace

Status InitProject(const std::string& dir, const std::string& name, const std::string& market) {
  if (dir.empty()) return Status::InvalidArgument("init: no project directory given");
  std::error_code ec;
  fs::path root(dir);
  fs::path toml = root / kProjectFile;
  if (fs::exists(toml, ec)) {
    return Status::InvalidArgument(toml.string() + ": a project already exists here");
  }
  fs::create_directories(root, ec);
  if (ec) return Status::IoError(root.string() + ": " + ec.message());
  std::string project_name = name.empty() ? fs::absolute(root, ec).lexically_normal().filename().string() : name;
  if (project_name.empty()) project_name = "project";
  // Create the store first: when it fails, no half project is left.
  auto store = store::Store::Open((root / "store").string(), store::OpenMode::kReadWrite);
  if (!store.ok()) return store.status();
  KR_RETURN_IF_ERROR((*store)->PutMeta("project.name", project_name));
  KR_RETURN_IF_ERROR((*store)->PutMeta("project.market", market));
  return WriteFileAtomic(toml.string(), ProjectToml(project_name, market));
}

// The classifier configuration from the shipped one with `layers` applied in
// order (none = shipped only), each file's [analyzer] table applied in the
// same order, and the market's language as the language-ID prior. The
// config hash covers all of it.
Result<classify::ClassifierConfig> LoadLayeredConfig(const std::vector<std::string>& layers,
                                                     const std::string& market) {
  auto cfg = classify::LoadClassifierConfigLayers(layers);
  if (!cfg.ok()) return cfg.status();
  std::string fingerprint = cfg->config_hash;
  for (const std::string& path : layers) {
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(classify::ApplyAnalyzerToml(*text, path, &cfg->analyzer));
    if (text->find("[analyzer") != std::string::npos) fingerprint += "|analyzer:" + *text;
  }
  if (!market.empty() && cfg->analyzer.langid.prior == Language::kUnd) {  // an explicit [analyzer] prior wins
    std::string lang = market.substr(0, market.find_first_of("-_"));
    for (auto& ch : lang) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lang == "nl") {
      cfg->analyzer.langid.prior = Language::kNl;
    } else if (lang == "en") {
      cfg->analyzer.langid.prior = Language::kEn;
    }
    fingerprint += "|market:" + lang;
  }
  if (fingerprint != cfg->config_hash) cfg->config_hash = Fnv1aHex(fingerprint);
  return cfg;
}

namespace {

// A --config file must be a readable regular file; the error-code overloads keep
// names that are too long or unreadable directories from throwing.
Status CheckConfigFile(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::InvalidArgument(path + ": cannot read configuration file: " + ec.message());
  }
  if (!fs::exists(st)) return Status::InvalidArgument(path + ": configuration file not found");
  if (fs::is_directory(st)) return Status::InvalidArgument(path + ": is a directory, not a configuration file");
  return Status::Ok();
}

}  // namespace

Result<reports::Branding> LoadBrandingTable(const toml::node& node, const std::string& where,
                                            const std::string& base_dir, const reports::Branding& base) {
  const toml::table* t = node.as_table();
  if (!t) return Status::InvalidArgument(where + ": expected a table [branding]");
  std::map<std::string, std::string> v;
  for (auto&& [k, n] : *t) {
    std::string key(k.str());
    if (key != "agency" && key != "logo" && key != "primary_colour" && key != "accent_colour") {
      return Status::InvalidArgument(where + "." + key + ": unknown key (agency, logo, primary_colour, accent_colour)");
    }
    auto s = n.value<std::string>();
    if (!s) return Status::InvalidArgument(where + "." + key + ": expected a string");
    v[key] = *s;
  }
  std::string logo = v["logo"];
  if (!logo.empty() && fs::path(logo).is_relative() && !base_dir.empty()) logo = (fs::path(base_dir) / logo).string();
  auto b = reports::MakeBranding(v.count("agency") ? v["agency"] : base.agency, logo,
                                 v.count("primary_colour") ? v["primary_colour"] : base.primary_colour,
                                 v.count("accent_colour") ? v["accent_colour"] : base.accent_colour, where);
  if (b.ok() && logo.empty()) {
    b->logo = base.logo;
    b->logo_mime = base.logo_mime;
  }
  return b;
}

Result<classify::ClassifierConfig> LoadConfigWithoutProject(const std::vector<std::string>& config_layers) {
  for (const std::string& layer : config_layers) {
    if (Status s = CheckConfigFile(layer); !s.ok()) return s;
    if (auto t = internal::ReadConfigTable(layer); !t.ok()) return t.status();
  }
  return LoadLayeredConfig(config_layers, "");
}

Result<classify::ClassifierConfig> LoadConfigWithoutProject(const std::string& config_override) {
  if (config_override.empty()) return LoadConfigWithoutProject(std::vector<std::string>{});
  return LoadConfigWithoutProject(std::vector<std::string>{config_override});
}

namespace {

// Reads DIR/klantreis.toml into p (dir, toml_path, name, market, classifier,
// config_source); does not open the store.
Status LoadProjectFile(const std::string& dir, const std::vector<std::string>& config_layers, Project* p) {
  p->dir = dir.empty() ? "." : dir;
  fs::path toml = fs::path(p->dir) / kProjectFile;
  std::error_code ec;
  bool present = fs::exists(toml, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::InvalidArgument(toml.string() + ": cannot read project file: " + ec.message());
  }
  if (!present) {
    return Status::InvalidArgument(toml.string() + ": not a klantreis project (run `klantreis init " + p->dir +
                                   "` first, or pass -p DIR)");
  }
  p->toml_path = toml.string();
  toml::table tbl;
  try {
    tbl = toml::parse_file(p->toml_path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Status::InvalidArgument(p->toml_path + ":" + std::to_string(where.line) + ": " +
                                   std::string(e.description()));
  }
  KR_RETURN_IF_ERROR(internal::CheckConfigShape(tbl, p->toml_path));
  p->name = tbl["project"]["name"].value_or(fs::absolute(p->dir, ec).lexically_normal().filename().string());
  p->market = tbl["project"]["market"].value_or(std::string("nl-NL"));
  if (const toml::node* bn = tbl.get("branding")) {
    auto b = LoadBrandingTable(*bn, p->toml_path + ": branding", fs::path(p->toml_path).parent_path().string());
    if (!b.ok()) return b.status();
    p->branding = std::move(b).value();
  }

  // Layers: shipped, the project file, then every --config file in order.
  std::vector<std::string> layers{p->toml_path};
  p->config_source = "shipped + " + p->toml_path;
  for (const std::string& extra : config_layers) {
    if (extra.empty()) continue;
    if (Status s = CheckConfigFile(extra); !s.ok()) return s;
    auto layer = internal::ReadConfigTable(extra);
    if (!layer.ok()) return layer.status();
    // A layer's [project] name or market applies to this run, like every other key.
    p->name = (*layer)["project"]["name"].value_or(p->name);
    p->market = (*layer)["project"]["market"].value_or(p->market);
    layers.push_back(extra);
    p->config_source += " + " + extra;
  }
  auto cfg = LoadLayeredConfig(layers, p->market);
  if (!cfg.ok()) return cfg.status();
  p->classifier = std::move(cfg).value();
  // Reviewed verdicts (klantreis review) come last: a person's verdict on an
  // exact query wins over every configuration layer.
  const std::string reviews_path = ReviewsPath(p->dir);
  auto reviews = LoadReviews(reviews_path);
  if (!reviews.ok()) return reviews.status();
  if (!reviews->empty()) {
    ApplyReviews(*reviews, &p->classifier);
    p->reviews = reviews->size();
    p->config_source += " + " + reviews_path + " (" + std::to_string(reviews->size()) + " reviewed)";
  }
  for (const std::string& path : layers) {  // [plan]: the project file, then every --config file
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    KR_RETURN_IF_ERROR(plan::ApplyPlanToml(*text, path, &p->plan));
  }
  return Status::Ok();
}

std::vector<std::string> Layers(const std::string& config_override) {
  if (config_override.empty()) return {};
  return {config_override};
}

}  // namespace

Result<classify::ClassifierConfig> LoadCommandConfig(const std::string& project_dir,
                                                     const std::vector<std::string>& config_layers) {
  if (project_dir.empty()) return LoadConfigWithoutProject(config_layers);
  Project p;
  KR_RETURN_IF_ERROR(LoadProjectFile(project_dir, config_layers, &p));
  return std::move(p.classifier);
}

Result<classify::ClassifierConfig> LoadCommandConfig(const std::string& project_dir,
                                                     const std::string& config_override) {
  return LoadCommandConfig(project_dir, Layers(config_override));
}

namespace {

// Whether a store directory holds the remains of a RocksDB database (a
// damaged one, when it does not open: no CURRENT, a bad MANIFEST).
bool HasDatabaseFiles(const fs::path& store_dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(store_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("MANIFEST-", 0) == 0 || name == "CURRENT" || e.path().extension() == ".sst") return true;
  }
  return false;
}

}  // namespace

Status DamagedStoreHint(const std::string& project_dir, const Status& st) {
  if (st.ok() || st.message().find("klantreis doctor") != std::string::npos) return st;
  const std::string hint = "; run `klantreis doctor -p " + project_dir + "`";
  if (st.code() == Status::Code::kCorruption) {
    std::string msg = st.message();
    if (msg.rfind("store ", 0) == 0) {
      size_t colon = msg.find(": ");
      if (colon != std::string::npos) msg = msg.substr(0, colon) + " is damaged" + msg.substr(colon);
    }
    return Status::Corruption(msg + hint);
  }
  return st;
}

Result<Project> OpenProject(const std::string& dir, store::OpenMode mode, const std::string& config_override) {
  return OpenProject(dir, mode, Layers(config_override));
}

Result<Project> OpenProject(const std::string& dir, store::OpenMode mode, const std::vector<std::string>& config_layers) {
  Project p;
  KR_RETURN_IF_ERROR(LoadProjectFile(dir, config_layers, &p));
  const fs::path store_dir = fs::path(p.dir) / "store";
  if (mode == store::OpenMode::kReadWrite && ::access(store_dir.c_str(), W_OK) != 0 &&
      (errno == EACCES || errno == EROFS || errno == EPERM)) {
    return Status::IoError("project " + p.dir + " is read-only (" + store_dir.string() + ": " +
                           std::strerror(errno) + "); this command writes to it");
  }
  auto st = store::Store::Open(store_dir.string(), mode);
  if (!st.ok()) {
    if (st.status().code() == Status::Code::kCorruption) return DamagedStoreHint(p.dir, st.status());
    if (st.status().IsNoSpace()) {  // a write for want of room (store: FromRocks): no damage
      return Status::NoSpace(st.status().message() + " (the disk or the file size limit is full: the store is whole; "
                             "free space and run the command again)");
    }
    if ((st.status().IsInvalidArgument() || st.status().code() == Status::Code::kIoError ||
         st.status().code() == Status::Code::kNotFound) &&
        HasDatabaseFiles(store_dir)) {
      std::string why = st.status().message();
      const std::string self = "store " + store_dir.string();
      if (why.rfind(self, 0) == 0) why = why.substr(std::min(why.size(), self.size() + (why.compare(self.size(), 2, ": ") == 0 ? 2 : 1)));
      return Status::Corruption(self + " is damaged: " + why + "; run `klantreis doctor -p " + p.dir + "`");
    }
    return st.status();
  }
  p.store = std::move(st).value();
  return p;
}

Result<Project> OpenProjectForReading(const std::string& dir, const std::string& config_override,
                                      std::string* note) {
  return OpenProjectForReading(dir, Layers(config_override), note);
}

Result<Project> OpenProjectForReading(const std::string& dir, const std::vector<std::string>& config_override,
                                      std::string* note) {
  auto rw = OpenProject(dir, store::OpenMode::kReadWrite, config_override);
  if (rw.ok()) return rw;
  const bool busy = rw.status().code() == Status::Code::kBusy;
  const bool read_only = rw.status().message().find(" is read-only (") != std::string::npos;
  if (!busy && !read_only) return rw.status();
  auto ro = OpenProject(dir, store::OpenMode::kReadOnly, config_override);
  if (!ro.ok()) return ro.status();
  if (note) {
    *note = busy ? "the store is in use by another process (an import?): reading its last committed state"
                 : "project " + ro->dir + " is read-only: reading it without saving re-classifications";
  }
  return ro;
}

}  // namespace kr::app
