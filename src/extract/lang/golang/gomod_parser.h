// Parsers for Go module source files, for the "lang/gomod" extractor: `go.mod` (the module's
// requirements, replacements and Go version) and `go.sum` (checksums of the modules the build
// downloaded), and the rule that turns them into the list of modules the module builds with.
// Each works on bytes in memory, so the extractor, the tests and the fuzz harness share them.
// They never throw. Pure functions; thread-safe.
//
// Format followed: the Go Modules Reference, "go.mod files" (https://go.dev/ref/mod#go-mod-file:
// lexical elements, the module/go/require/replace/exclude directives, block form `verb ( ... )`,
// `// indirect` comments) and "go.sum files" (https://go.dev/ref/mod#go-sum-files).
// Versions are kept exactly as written (v-prefixed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hullscan::extract::golang {

/// Largest go.mod and go.sum that are parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxGoModBytes = 16ull << 20;
inline constexpr uint64_t kMaxGoSumBytes = 64ull << 20;
/// Most require/replace lines, and go.sum modules, taken from one file; more is kLimitExceeded.
inline constexpr uint64_t kMaxGoModEntries = 1'000'000;

/// One `require` line.
struct GoRequire {
  std::string path;
  std::string version;
  bool indirect = false;  ///< marked `// indirect`
  uint64_t line = 0;
};

/// One `replace` line: `old [old_version] => new [new_version]`. A replacement without a version
/// is a directory on disk (a local module).
struct GoReplace {
  std::string old_path;
  std::string old_version;  ///< "": every version of old_path
  std::string new_path;
  std::string new_version;  ///< "": new_path is a directory
  uint64_t line = 0;
};

/// What a go.mod says that matters to its dependency list.
struct GoModFile {
  std::string module_path;  ///< the main module (not a dependency)
  std::string go_version;   ///< the `go` directive ("1.22.0"), "" when absent
  std::vector<GoRequire> requirements;
  std::vector<GoReplace> replacements;
};

struct GoModParse {
  GoModFile file;
  std::vector<Error> warnings;  ///< per-line problems; the line was skipped
};

/// Parses a go.mod. `exclude`, `retract`, `toolchain`, `godebug`, `tool` and `ignore` are read
/// and ignored; an unknown directive is a warning (Go itself rejects it). kCorrupt
/// "parse go.mod: <why> (line N)" for an unterminated string, an unbalanced `(` / `)`, or a
/// stray character; a require or replace line of the wrong shape is a warning.
Result<GoModParse> ParseGoMod(std::string_view text);

/// One module of a go.sum: the highest version with a content hash (a `path version h1:...`
/// line). A version listed only with a `/go.mod` hash had just its go.mod file downloaded (for
/// the module graph); no package of it was built, so it is not a module of the build.
struct GoSumModule {
  std::string path;
  std::string version;
};

struct GoSumParse {
  std::vector<GoSumModule> modules;  ///< in order of first appearance
  std::vector<Error> warnings;
};

/// Parses a go.sum: lines of three fields `path version[/go.mod] hash`. A line of another shape
/// is a warning; a file with no well-formed line but some malformed ones is not a go.sum
/// (kCorrupt "parse go.sum: ... (line N)").
Result<GoSumParse> ParseGoSum(std::string_view text);

/// True when the `go` directive (as GoModFile::go_version) is before Go 1.17. An absent
/// directive means go 1.16 (https://go.dev/ref/mod#go-mod-file-go). A version that cannot be
/// read (e.g. "1.x") is not before 1.17: go.sum is then not used.
bool GoVersionBefore117(std::string_view go_version);

/// Orders Go module versions by semantic-version precedence (https://semver.org, as
/// golang.org/x/mod/semver.Compare: build metadata such as "+incompatible" ignored; an invalid
/// version is lower than every valid one, and invalid versions compare as strings).
/// Returns <0, 0 or >0.
int CompareGoVersions(std::string_view a, std::string_view b);

/// One module of the build.
struct GoModuleFound {
  std::string path;
  std::string version;
  bool operator==(const GoModuleFound&) const = default;
};

/// The modules a go.mod builds with:
///   - every `require` (indirect ones included) whose version starts with "v" (a version that
///     is not one, like "master" before `go mod tidy`, is not exact and is left out);
///   - a `replace` applies to a required module when its old path matches and its old version
///     is absent or equal; a version-specific replace wins over a path-only one, and among
///     equals the last one written. A replacement module is reported under its own path and
///     version (as the Go binary extractor reports `=>` lines); a replacement directory
///     (`=> ./local/path`) drops the module: its code is local, not a published version;
///   - when `sum` is given and the go directive is before 1.17 (GoVersionBefore117), the
///     modules of go.sum whose path go.mod does not require (before 1.17 go.mod need not list
///     indirect dependencies), with the same replace rules;
///   - the main module is not a dependency. Each (path, version) once, in file order.
std::vector<GoModuleFound> ResolveGoModules(const GoModFile& mod, const GoSumParse* sum);

}  // namespace hullscan::extract::golang
