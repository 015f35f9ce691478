// Parsers for what the "lang/rust" extractor reads: Cargo.lock files and the dependency list
// that cargo-auditable embeds in executables (a zlib-compressed JSON document in the ELF
// section `.dep-v0`). Each works on bytes in memory and returns what it found, so the
// extractor, the tests and the fuzz harness share them. They never throw. Pure functions;
// thread-safe.
//
// Names and versions are kept exactly as written. Within one file each (name, version) is
// reported once, first-seen order: a crate taken from both crates.io and a git repository at
// the same version is one package to the matcher, which knows no sources.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/common/elf.h"
#include "extract/common/lang_packages.h"

namespace hullscan::extract::rust {

/// One crate named by a file (`dev` is never set: build-only crates are left out instead).
using Found = common::FoundPackage;
/// The crates of one file and per-record problems (the record was skipped).
using ParseOutput = common::LangParse;

/// Largest Cargo.lock that is parsed; bigger files are kLimitExceeded.
inline constexpr uint64_t kMaxLockfileBytes = 64ull << 20;
/// Most packages taken from one file; more is kLimitExceeded.
inline constexpr uint64_t kMaxPackages = 1'000'000;
/// Largest compressed `.dep-v0` section that is read.
inline constexpr uint64_t kMaxAuditSectionBytes = 8ull << 20;
/// Largest inflated audit document: the limit of cargo-auditable's own reader (auditable-info's
/// default Limits, and PARSING.md: "8 MiB should be more than enough to hold any legitimate
/// audit data"). Beyond it: kLimitExceeded (a zlib bomb).
inline constexpr uint64_t kMaxAuditDataBytes = 8ull << 20;
/// The section cargo-auditable writes on ELF targets.
inline constexpr std::string_view kAuditSectionName = ".dep-v0";

/// Cargo.lock (https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html; the format
/// is cargo's `EncodableResolve`, src/cargo/core/resolver/encode.rs): TOML, one `[[package]]`
/// table per crate with `name`, `version` and, for crates fetched from elsewhere, `source`
/// ("registry+<url>", "sparse+<url>", "git+<url>#<commit>"). Lock format versions 1 (checksums in
/// `[metadata]`, ignored), 2, 3 and 4 (top-level `version = N`) share this shape.
/// Packages without `source` are the workspace's own crates (the root and path dependencies):
/// not reported, because matching a local crate against crates.io advisories by name alone
/// would be a guess (it may merely share the name of a published crate).
/// kCorrupt "parse Cargo.lock: <why> (line N)" when the TOML is invalid or `package` is not an
/// array of tables; a `[[package]]` without a string name or version is a warning.
Result<ParseOutput> ParseCargoLock(std::string_view text);

/// Inflates a zlib stream (RFC 1950) of at most `max_bytes` output: kLimitExceeded beyond,
/// kCorrupt for a damaged or truncated stream. Bytes after the end of the stream are ignored.
Result<std::string> InflateZlib(std::string_view compressed, uint64_t max_bytes = kMaxAuditDataBytes);

/// The audit JSON (https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md
/// and cargo-auditable.schema.json): {"packages": [{"name", "version", "source", "kind",
/// "dependencies", "root"}], "format": N}. Reported: packages whose source is not "local" and
/// whose kind is not "build" (build-time crates such as `cc` are not in the executable). The
/// root package (the executable's own crate) is reported only when its source is a registry
/// ("crates.io" or "registry": an executable built by `cargo install <crate>`); a root from git
/// has no published version to match. kCorrupt when the document is not JSON or has no
/// "packages" array; a package without string name, version and source is a warning.
Result<ParseOutput> ParseAuditJson(std::string_view json);

/// Finds `.dep-v0` in an ELF file (extract/common/elf.h), inflates and parses it. nullopt when
/// the file is not ELF or has no such section. Errors from common::FindElfSection and
/// common::ReadElfSection (kLimitExceeded for a section above kMaxAuditSectionBytes),
/// InflateZlib and ParseAuditJson; messages name the section.
Result<std::optional<ParseOutput>> ReadAuditableElf(common::ElfReader& r);

}  // namespace hullscan::extract::rust
