// Registry flags and the `hullscan registry` commands. Flags and environment for pulling from
// registries (sbom, scan, history, registry ...): credentials from --username/--password/
// --password-stdin or HULLSCAN_REGISTRY_USERNAME/PASSWORD, else $DOCKER_CONFIG/config.json or
// ~/.docker/config.json (auths, credsStore, credHelpers); --ca-cert; --insecure-registry. They
// become registry::ClientOptions in image::SourceOptions::registry.
// `registry ls REGISTRY[/REPO]` lists the catalog or a repository's tags; `registry scan`
// scans every matching image, each distinct layer pulled and analysed once.
// Thread-safety: call from main.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/policy_flags.h"
#include "registry/client.h"

namespace hullscan::cli {

struct RegistryFlags {
  std::string username;
  std::string password;
  bool password_stdin = false;
  std::string ca_cert;
  std::vector<std::string> insecure_registries;
};

/// Adds --username, --password, --password-stdin, --ca-cert and --insecure-registry to `cmd`.
void AddRegistryFlags(CLI::App* cmd, RegistryFlags& f);

/// Reads the password from stdin when asked and applies the environment defaults.
/// kInvalidArgument for inconsistent flags. cache_dir is left empty (the caller sets it).
Result<registry::ClientOptions> RegistryClientOptions(const RegistryFlags& f);

struct RegistryCommandFlags {
  std::string target;  ///< REGISTRY[/REPO]
  std::string format = "table";
  std::string tags = "*";  ///< glob (fnmatch) over tags, `registry scan` only
  int jobs = 2;            ///< images scanned at once
  std::string db;          ///< resolved path ("" = none)
  std::string output;
  std::string cache_dir;  ///< "" = a temp cache for this run only
  std::string platform = "linux/amd64";
  size_t parallelism = 2;  ///< layers per image at once
  std::string tool_version;
  int64_t now_unix_seconds = 0;
  RegistryFlags registry;
  PolicyFlags policy;  ///< applied to each image's findings, `registry scan` only
};

/// `hullscan registry ls`: names sorted, one per line (table) or a JSON object; the exit code (cli/exit_codes.h).
int RegistryLs(const RegistryCommandFlags& f);
/// `hullscan registry scan`: the exit code (cli/exit_codes.h): 0 when every image was
/// scanned, else the code of the first failure (network 5, input 3, database 4); when every
/// image was scanned and --exit-code N is set, N if any image has findings left after the filters.
int RegistryScan(const RegistryCommandFlags& f);

}  // namespace hullscan::cli
