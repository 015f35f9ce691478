// Go build information in ELF executables: the `.go.buildinfo` blob that the Go linker writes
// (what `go version -m` prints), and the module text inside it.
//
// Format followed (read from Go's src/debug/buildinfo/buildinfo.go and
// src/runtime/debug/mod.go, https://go.dev/src/debug/buildinfo/buildinfo.go):
//   - the blob starts with the 14-byte magic "\xff Go buildinf:" at a 16-byte-aligned address,
//     in the `.go.buildinfo` section, or (no section headers) near the start of the first
//     writable, non-executable PT_LOAD segment;
//   - byte 14 is the pointer size (4 or 8), byte 15 the flags: bit 1 (Go >= 1.18) means the
//     32-byte header is followed by two uvarint-length-prefixed strings (Go version, module
//     info); otherwise (Go < 1.18) bytes 16.. hold two pointers to Go string headers
//     {data pointer, length}, big-endian when flags&1;
//   - the module info is framed by two 16-byte sentinels; its lines are "path\t...",
//     "mod\tpath\tversion\tsum", "dep\t...", "=>\tpath\tversion\tsum" (replaces the line
//     before) and "build\tkey=value".
// The ELF file is read through extract/common/elf.h: a common::ElfReader, either random access
// (a spilled file) or forward-only (the layer stream, where offsets must not go backwards; the
// pre-1.18 format then cannot be read). Errors of ReadBuildInfo() start with "go build info: ".
// Place in the pipeline: used by golang_extractor.h. Thread-safety: plain functions over the
// reader they are given.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/elf.h"

namespace hullscan::extract::golang {

/// Bounds on what is read from one executable.
struct BuildInfoLimits {
  uint64_t max_string_bytes = 16 * 1024 * 1024;  ///< Go version or module info string
  /// Bytes of the data segment searched for the magic when no section header says where it
  /// is. Go itself searches 64 KiB; externally linked (cgo, PIE) binaries put it further in.
  uint64_t search_window_bytes = 16 * 1024 * 1024;
  /// Bounds on the section header table (section count, name table size).
  common::ElfLimits elf;
};

/// True when a PT_NOTE segment lying inside `head` holds the Go build ID note (name "Go",
/// type 4): the executable was linked by the Go linker. False for other ELF files, for
/// Go binaries built without a build ID, and when the notes lie beyond `head`.
bool HasGoBuildIdNote(std::string_view head);

/// The two strings of a Go executable's build information.
struct RawBuildInfo {
  std::string go_version;  ///< "go1.19.8" as the linker stored it
  std::string mod_info;    ///< module text with the sentinels removed ("" when none)
};

/// Finds and decodes the build information of an ELF executable. nullopt when the file is not
/// a Go executable (not ELF, no blob). Errors: kCorrupt (blob present but malformed),
/// kUnsupported (pre-1.18 pointers behind a forward-only reader), kLimitExceeded, kIo.
Result<std::optional<RawBuildInfo>> ReadBuildInfo(common::ElfReader& r, const BuildInfoLimits& limits = {});

/// One module line of the module info, with its `=>` replacement if any.
struct Module {
  std::string path;
  std::string version;
  std::string sum;
  std::string replace_path;  ///< "" when not replaced
  std::string replace_version;
  bool replaced = false;
};

/// The parsed module info (runtime/debug.BuildInfo).
struct BuildInfo {
  std::string go_version;  ///< "go1.19.8": the first word of the stored version
  std::string path;        ///< the main package path ("path" line)
  std::optional<Module> main;
  std::vector<Module> deps;
};

/// Parses the module text. Unknown lines are ignored (as Go does for newer keys);
/// kCorrupt for a "mod"/"dep"/"=>" line with too few fields or a "=>" with nothing before it.
Result<BuildInfo> ParseModInfo(std::string_view go_version, std::string_view mod_info);

}  // namespace hullscan::extract::golang
