#include "extract/lang/golang/golang_extractor.h"

#include <algorithm>
#include <string>

#include "extract/common/elf.h"

namespace hullscan::extract::golang {

namespace {

// Enough for the ELF header, the program headers and the notes of every linker we have seen.
constexpr uint64_t kHeadBytes = 4096;

}  // namespace

std::vector<model::Package> PackagesOf(const BuildInfo& bi) {
  std::vector<model::Package> out;
  auto add = [&](std::string name, std::string version) {
    model::Package p;
    p.type = model::PackageType::kGolang;
    p.name = std::move(name);
    p.version = std::move(version);
    out.push_back(std::move(p));
  };
  if (bi.main && !bi.main->path.empty()) {
    add(bi.main->path, bi.main->version);
  } else if (!bi.path.empty()) {
    add(bi.path, "");
  }
  for (const Module& m : bi.deps) {
    if (m.replaced) {
      if (!m.replace_path.empty()) add(m.replace_path, m.replace_version);
    } else if (!m.path.empty()) {
      add(m.path, m.version);
    }
  }
  if (!bi.go_version.empty()) add("stdlib", bi.go_version);
  return out;
}

bool GolangExtractor::Wants(const FileInfo& info) const {
  // Size 0 is kept: a hard link's tar header carries no size, and the runner gives a wanted
  // hard link the results of its target. An empty file costs one empty read.
  return info.type == layer::EntryType::kRegular && (info.mode & 0111) != 0 &&
         (info.size_bytes == 0 || (info.size_bytes >= kMinBinaryBytes && info.size_bytes <= kMaxBinaryBytes));
}

Status GolangExtractor::Extract(FileInput& in, ExtractSink& out) {
  const uint64_t size = in.info().size_bytes;
  std::optional<RawBuildInfo> raw;
  const std::string where(in.path());
  if (std::optional<std::string_view> bytes = in.InMemory()) {
    // The runner holds the file (other extractors read it too): random access, no copy.
    if (!common::IsElf(*bytes)) return OkStatus();
    common::MemoryElfReader reader(*bytes);
    HS_ASSIGN_OR_RETURN(raw, ReadBuildInfo(reader));
    return Emit(std::move(raw), where, out);
  }
  HS_ASSIGN_OR_RETURN(std::string head, common::ReadHead(in.content(), std::min(size, kHeadBytes)));
  if (!common::IsElf(head)) return OkStatus();
  if (HasGoBuildIdNote(head)) {
    // The rest of the stream goes to a temp file; the reader splices the head back in front.
    HS_ASSIGN_OR_RETURN(const TempFile rest, in.Materialize());
    HS_ASSIGN_OR_RETURN(auto reader, common::SplicedElfReader::Open(std::move(head), rest.path(), size));
    HS_ASSIGN_OR_RETURN(raw, ReadBuildInfo(*reader));
  } else {
    common::ForwardElfReader reader(std::move(head), in.content(), size);
    HS_ASSIGN_OR_RETURN(raw, ReadBuildInfo(reader));
  }
  return Emit(std::move(raw), where, out);
}

Status GolangExtractor::Emit(std::optional<RawBuildInfo> raw, const std::string& where, ExtractSink& out) {
  if (!raw) return OkStatus();
  Result<BuildInfo> bi = ParseModInfo(raw->go_version, raw->mod_info);
  if (!bi) return MakeError(bi.error().WithContext(where));
  for (model::Package& p : PackagesOf(*bi)) out.AddPackage(std::move(p));
  return OkStatus();
}

std::unique_ptr<PackageExtractor> NewGolangExtractor() { return std::make_unique<GolangExtractor>(); }

}  // namespace hullscan::extract::golang
