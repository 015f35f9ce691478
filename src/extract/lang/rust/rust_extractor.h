// The "lang/rust" extractor: Rust crates of one layer, from Cargo.lock files and from
// executables built with cargo-auditable (their `.dep-v0` ELF section). Parsing rules and the
// decisions on local crates, build dependencies and root packages: rust_parsers.h.
//
// Which files (Wants(), path and mode only):
//   - a regular file named "Cargo.lock" anywhere, except the sources of downloaded crates under
//     ".cargo/registry/" and ".cargo/git/" (a published crate's lock file says what it would be
//     built with, not what is in the image);
//   - a regular file with an executable bit of between kMinBinaryBytes and kMaxBinaryBytes, or
//     of size 0 (a hard link: the runner copies its target's results). The Go extractor wants
//     the same files; the runner then reads them once for both.
// Cost of an executable: the first kHeadBytes are read; anything not ELF, or ELF without a
// section header table, stops there. Section headers sit at the end of an ELF file, so the
// rest of an ELF executable is read too: into memory up to kInMemoryBinaryBytes, else spilled
// with Materialize() (bounded by kMaxBinaryBytes); the `.dep-v0` section is looked up there.
// Output: one model::Package{kCargo} per (name, version) per file; `path` left to the runner.
// Place in the pipeline: one of DefaultExtractors(). Thread-safety: one instance per layer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "extract/extractor.h"

namespace hullscan::extract::rust {

/// Stable name used in cache keys and output.
inline constexpr std::string_view kExtractorName = "lang/rust";
/// Bumped whenever the output for the same input changes.
inline constexpr int kExtractorVersion = 1;
/// Executables larger than this are neither wanted nor spilled.
inline constexpr uint64_t kMaxBinaryBytes = 512ull << 20;
/// The smallest file that can hold an ELF header.
inline constexpr uint64_t kMinBinaryBytes = 52;
/// Bytes read from an executable before deciding whether to spill it.
inline constexpr uint64_t kHeadBytes = 4096;
/// ELF executables up to this size are read into memory; larger ones are spilled.
inline constexpr uint64_t kInMemoryBinaryBytes = 8ull << 20;

/// A new "lang/rust" extractor (one per layer).
std::unique_ptr<PackageExtractor> NewRustExtractor();

}  // namespace hullscan::extract::rust
