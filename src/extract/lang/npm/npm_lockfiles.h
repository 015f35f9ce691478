// Parsers for the files the "lang/npm" extractor reads: npm's package-lock.json /
// npm-shrinkwrap.json (lockfileVersion 1, 2 and 3), yarn.lock (classic v1 and berry v2+),
// pnpm-lock.yaml (lockfileVersion 5 to 9) and the package.json of an installed package under
// node_modules. Each works on bytes in memory and returns what it found, so the extractor, the
// tests and the fuzz harness share them. They never throw; hostile input gives kCorrupt or
// kLimitExceeded. Pure functions; thread-safe.
//
// What counts as a package (after Trivy's pkg/dependency/parser/nodejs/*): an entry with a
// name and an exact version that a registry could have served. Local and VCS entries (the
// project root, workspaces, `link:`/`file:`/`git` sources without a version) are left out.
// Within one file each (name, version) is reported once, in first-seen order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::npm {

/// One package named by a file; `dev`: only a devDependency (npm `dev: true`, pnpm `dev: true`).
using Found = common::FoundPackage;
/// The packages of one file plus problems that skipped single entries.
using ParseOutput = common::LangParse;

/// The formats this extractor reads, by file name.
enum class FileKind { kNone, kPackageLock, kYarnLock, kPnpmLock, kInstalledPackageJson, kProjectPackageJson };

/// Classifies an absolute path by name only (no I/O; cheap enough for Wants()):
///   - ".../package-lock.json" and ".../npm-shrinkwrap.json" not under a node_modules directory
///     (npm's hidden node_modules/.package-lock.json and lock files shipped inside installed
///     packages would double-count what node_modules already shows);
///   - ".../yarn.lock", ".../pnpm-lock.yaml" (also not under node_modules);
///   - ".../node_modules/<name>/package.json" and ".../node_modules/@scope/<name>/package.json":
///     the manifest of an installed package;
///   - any other ".../package.json" not under node_modules: a project's own manifest, which
///     ApplyLayers keeps only when its directory also holds a lock file or node_modules.
FileKind ClassifyPath(std::string_view path);

/// Largest file of each kind that is parsed; bigger files are kLimitExceeded. The lock files
/// are parsed into a DOM, which costs several times the file size.
inline constexpr uint64_t kMaxPackageJsonBytes = 8ull << 20;
inline constexpr uint64_t kMaxLockfileBytes = 64ull << 20;

/// package-lock.json / npm-shrinkwrap.json. v2/v3: the "packages" map ("node_modules/..."
/// keys; https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json#packages); v1: the
/// nested "dependencies" map (#dependencies in the same page). kCorrupt when not JSON or not an
/// object with either map.
Result<ParseOutput> ParsePackageLock(std::string_view text);

/// yarn.lock, classic (https://classic.yarnpkg.com/lang/en/docs/yarn-lock/) and berry (YAML
/// written by yarn 2+, read line by line the same way: both put each entry's descriptors at
/// column 0 and `version` one level in). kCorrupt when no entry could be read from a
/// non-empty file.
Result<ParseOutput> ParseYarnLock(std::string_view text);

/// pnpm-lock.yaml (https://github.com/pnpm/spec/tree/master/lockfile): the keys of the
/// top-level "packages" map, "/name/1.0.0[_peers]" (v5), "/name@1.0.0[(peers)]" (v6) or
/// "name@1.0.0" (v9), or an entry's own name/version fields (tarball dependencies).
Result<ParseOutput> ParsePnpmLock(std::string_view text);

/// An installed package's package.json: its "name" and "version" strings
/// (https://docs.npmjs.com/cli/v10/configuring-npm/package-json). kCorrupt when not a JSON
/// object; an empty Found when either field is missing.
Result<Found> ParseInstalledPackageJson(std::string_view text);

}  // namespace hullscan::extract::npm
