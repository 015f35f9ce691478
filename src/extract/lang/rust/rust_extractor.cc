#include "extract/lang/rust/rust_extractor.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "extract/common/elf.h"
#include "extract/common/lang_packages.h"
#include "extract/lang/rust/rust_parsers.h"

namespace hullscan::extract::rust {

namespace {

constexpr std::string_view kLockName = "Cargo.lock";

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Cargo's download caches ($CARGO_HOME/registry/src/<index>/<crate>-<version>/ and
// $CARGO_HOME/git/checkouts/<repo>/<rev>/), with CARGO_HOME "~/.cargo" or e.g.
// "/usr/local/cargo" (the official rust images).
bool InCargoDownloadCache(std::string_view path) {
  return path.find("cargo/registry/src/") != std::string_view::npos ||
         path.find("cargo/git/checkouts/") != std::string_view::npos;
}

bool IsLockfilePath(std::string_view path) { return BaseName(path) == kLockName && !InCargoDownloadCache(path); }

void Emit(ParseOutput parsed, const std::string& path, ExtractSink& out) {
  common::EmitLangParse(std::move(parsed), common::PackageBase(model::PackageType::kCargo, kExtractorName), path, out);
}

class RustExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return kExtractorName; }
  int version() const override { return kExtractorVersion; }

  bool Wants(const FileInfo& info) const override {
    if (info.type != layer::EntryType::kRegular) return false;
    if (IsLockfilePath(info.path)) return true;
    // Size 0 is kept: a hard link's tar header carries no size, and the runner gives a wanted
    // hard link the results of its target. An empty file costs one empty read.
    return (info.mode & 0111) != 0 &&
           (info.size_bytes == 0 || (info.size_bytes >= kMinBinaryBytes && info.size_bytes <= kMaxBinaryBytes));
  }

  Status Extract(FileInput& in, ExtractSink& out) override {
    const std::string path(in.path());
    if (IsLockfilePath(path)) {
      HS_ASSIGN_OR_RETURN(const std::string text, in.ReadAllWithin(kMaxLockfileBytes));
      HS_ASSIGN_OR_RETURN(ParseOutput parsed, ParseCargoLock(text));
      Emit(std::move(parsed), path, out);
      return OkStatus();
    }
    return ExtractBinary(in, out);
  }

 private:
  static Status ExtractBinary(FileInput& in, ExtractSink& out) {
    const std::string path(in.path());
    const uint64_t size = in.info().size_bytes;
    if (size > kMaxBinaryBytes) {
      return MakeError(ErrorCode::kLimitExceeded, "read " + path + ": executable of " + std::to_string(size) +
                                                      " bytes, larger than the limit of " +
                                                      std::to_string(kMaxBinaryBytes));
    }
    // A file the runner holds in memory (other extractors read it too) is read in place.
    const std::optional<std::string_view> whole = in.InMemory();
    std::string head;
    if (whole) {
      head = std::string(whole->substr(0, std::min<uint64_t>(whole->size(), kHeadBytes)));
    } else {
      HS_ASSIGN_OR_RETURN(head, common::ReadHead(in.content(), std::min(size, kHeadBytes)));
    }
    // Decide from the ELF header alone whether the file can hold sections at all, so that
    // non-ELF files and ELF files without a section table are never spilled.
    Result<std::optional<common::ElfHeader>> header = common::ParseElfHeader(head);
    if (!header) return MakeError(header.error().WithContext(path));
    if (!*header || (*header)->shoff == 0) return OkStatus();
    // The section header table must fit the file (extended numbering: at least entry 0).
    if (Status fits = common::CheckElfSectionTableFits(**header, whole ? whole->size() : size); !fits) {
      return MakeError(fits.error().WithContext(path));
    }
    Result<std::optional<ParseOutput>> parsed;
    if (whole) {
      common::MemoryElfReader reader(*whole);
      parsed = ReadAuditableElf(reader);
      if (!parsed) return MakeError(parsed.error().WithContext(path));
      if (*parsed) Emit(std::move(**parsed), path, out);
      return OkStatus();
    }
    if (head.size() < size && size <= kInMemoryBinaryBytes) {
      // Small executables are read whole: cheaper than a spill to disk.
      HS_ASSIGN_OR_RETURN(std::string rest, hullscan::ReadAll(in.content(), size - head.size(), path));
      head += rest;
    }
    if (head.size() >= size) {
      common::MemoryElfReader reader(head);
      parsed = ReadAuditableElf(reader);
    } else {
      HS_ASSIGN_OR_RETURN(const TempFile rest, in.Materialize());
      HS_ASSIGN_OR_RETURN(auto reader, common::SplicedElfReader::Open(std::move(head), rest.path(), size));
      parsed = ReadAuditableElf(*reader);
    }
    if (!parsed) return MakeError(parsed.error().WithContext(path));
    if (*parsed) Emit(std::move(**parsed), path, out);
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<PackageExtractor> NewRustExtractor() { return std::make_unique<RustExtractor>(); }

}  // namespace hullscan::extract::rust
