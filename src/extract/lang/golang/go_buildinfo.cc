#include "extract/lang/golang/go_buildinfo.h"

#include <algorithm>

namespace hullscan::extract::golang {

namespace {

using common::ElfReader;
using common::ElfSegment;
using common::ElfUint;

constexpr std::string_view kBuildInfoMagic("\xff Go buildinf:", 14);
constexpr std::string_view kBuildInfoSection(".go.buildinfo");
constexpr uint64_t kBuildInfoAlign = 16;
constexpr uint64_t kBuildInfoHeaderBytes = 32;
constexpr uint32_t kGoBuildIdNoteType = 4;
constexpr uint64_t kScanChunkBytes = 64 * 1024;

// Errors of the build info reader; ReadBuildInfo() prefixes them with "go build info: ".
tl::unexpected<Error> Corrupt(std::string what) { return MakeError(ErrorCode::kCorrupt, std::move(what)); }

// What the ELF header and program headers say.
struct ElfLayout {
  common::ElfHeader header;
  std::vector<ElfSegment> segments;
};

// nullopt when the file is not ELF, of an unknown class or byte order, or shorter than its
// header: then it is no Go executable either.
Result<std::optional<ElfLayout>> ParseLayout(ElfReader& r) {
  if (r.size() < common::kElf32HeaderBytes) return std::nullopt;
  HS_ASSIGN_OR_RETURN(std::string_view h, r.ReadAt(0, std::min<uint64_t>(r.size(), common::kElf64HeaderBytes)));
  Result<std::optional<common::ElfHeader>> header = common::ParseElfHeader(h);
  if (!header || !*header) return std::nullopt;
  ElfLayout l;
  l.header = **header;
  HS_ASSIGN_OR_RETURN(l.segments, common::ReadElfSegments(r, l.header));
  return l;
}

// The `.go.buildinfo` section, when section headers name one with bytes in the file. The section
// table is only a short cut: without a usable one (none, an entry size too small for the class,
// a table offset or a name table past the end of the file, the section of type SHT_NOBITS), the
// caller searches the data segment instead, as for a stripped file.
Result<std::optional<common::ElfSection>> FindBuildInfoSection(ElfReader& r, const ElfLayout& l,
                                                               const BuildInfoLimits& limits) {
  const common::ElfHeader& h = l.header;
  const uint64_t min_entry = h.is64 ? common::kElf64SectionHeaderBytes : common::kElf32SectionHeaderBytes;
  if (h.shoff == 0 || h.shentsize < min_entry || h.shoff >= r.size()) return std::nullopt;
  HS_ASSIGN_OR_RETURN(common::ElfSectionHeaders headers, common::ReadElfSectionHeaders(r, h, limits.elf));
  Result<common::ElfSectionTable> table = common::ReadElfSectionNames(r, std::move(headers), limits.elf);
  if (!table && table.error().code() == ErrorCode::kCorrupt) return std::nullopt;
  if (!table) return MakeError(std::move(table).error());
  const common::ElfSection* s = table->Find(kBuildInfoSection);
  if (s == nullptr || s->type == common::kShtNobits) return std::nullopt;
  HS_RETURN_IF_ERROR(common::CheckElfSectionInFile(*s, kBuildInfoSection, r.size()));
  return *s;
}

// Searches [off, off+len) of the file for the magic at a 16-byte-aligned virtual address
// (`vaddr` is the address of `off`). Returns the file offset of the blob.
Result<std::optional<uint64_t>> FindMagic(ElfReader& r, uint64_t off, uint64_t len, uint64_t vaddr) {
  uint64_t done = 0;
  while (done < len) {
    const uint64_t n = std::min(kScanChunkBytes + kBuildInfoAlign, len - done);
    if (n < kBuildInfoMagic.size()) break;
    HS_ASSIGN_OR_RETURN(std::string_view chunk, r.ReadAt(off + done, n));
    uint64_t i = (kBuildInfoAlign - (vaddr + done) % kBuildInfoAlign) % kBuildInfoAlign;
    for (; i + kBuildInfoMagic.size() <= chunk.size() && i < kScanChunkBytes; i += kBuildInfoAlign) {
      if (chunk[i] == kBuildInfoMagic[0] && chunk.compare(i, kBuildInfoMagic.size(), kBuildInfoMagic) == 0) {
        return off + done + i;
      }
    }
    done += kScanChunkBytes;
  }
  return std::nullopt;
}

// Reads a uvarint-prefixed string at `off` (Go >= 1.18); returns it and the offset after it.
Result<std::pair<std::string, uint64_t>> ReadVarintString(ElfReader& r, uint64_t off, const BuildInfoLimits& limits) {
  uint64_t len = 0;
  uint64_t pos = off;
  for (int shift = 0;; shift += 7) {
    if (shift > 63 || pos >= r.size()) return Corrupt("bad string length at offset " + std::to_string(off));
    HS_ASSIGN_OR_RETURN(std::string_view b, r.ReadAt(pos, 1));
    const uint8_t byte = static_cast<uint8_t>(b[0]);
    ++pos;
    len |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (len > limits.max_string_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "string of " + std::to_string(len) + " bytes");
  }
  if (len > r.size() - pos) {
    return Corrupt("string at offset " + std::to_string(off) + " runs past the end of the file");
  }
  HS_ASSIGN_OR_RETURN(std::string_view s, r.ReadAt(pos, len));
  return std::make_pair(std::string(s), pos + len);
}

// The file offset of virtual address `addr`, from the PT_LOAD segment holding it.
std::optional<uint64_t> FileOffsetOf(const ElfLayout& l, uint64_t addr, uint64_t len) {
  for (const ElfSegment& s : l.segments) {
    if (s.type != common::kPtLoad || addr < s.vaddr || addr - s.vaddr >= s.filesz) continue;
    if (len > s.filesz - (addr - s.vaddr)) return std::nullopt;
    return s.offset + (addr - s.vaddr);
  }
  return std::nullopt;
}

// Reads a Go string header {ptr, len} at virtual address `addr`, then its bytes (Go < 1.18).
// `big_endian` is the blob's byte order (its flags), not necessarily the file's.
Result<std::string> ReadPointerString(ElfReader& r, const ElfLayout& l, uint64_t addr, uint64_t ptr_size,
                                      bool big_endian, const BuildInfoLimits& limits) {
  auto hdr_off = FileOffsetOf(l, addr, 2 * ptr_size);
  if (!hdr_off) return std::string();
  HS_ASSIGN_OR_RETURN(std::string_view hdr, r.ReadAt(*hdr_off, 2 * ptr_size));
  const uint64_t data = ElfUint(hdr, 0, ptr_size, big_endian);
  const uint64_t len = ElfUint(hdr, ptr_size, ptr_size, big_endian);
  if (len > limits.max_string_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "string of " + std::to_string(len) + " bytes");
  }
  auto data_off = FileOffsetOf(l, data, len);
  if (!data_off) return std::string();
  HS_ASSIGN_OR_RETURN(std::string_view s, r.ReadAt(*data_off, len));
  return std::string(s);
}

// ReadBuildInfo() without the "go build info: " prefix on its errors.
Result<std::optional<RawBuildInfo>> ReadRawBuildInfo(ElfReader& r, const BuildInfoLimits& limits) {
  HS_ASSIGN_OR_RETURN(std::optional<ElfLayout> layout, ParseLayout(r));
  if (!layout) return std::nullopt;
  const ElfLayout& l = *layout;
  std::optional<uint64_t> blob;
  if (r.random_access()) {
    HS_ASSIGN_OR_RETURN(const std::optional<common::ElfSection> section, FindBuildInfoSection(r, l, limits));
    if (section && section->size >= kBuildInfoHeaderBytes) {
      HS_ASSIGN_OR_RETURN(std::string_view head, r.ReadAt(section->offset, kBuildInfoMagic.size()));
      if (head == kBuildInfoMagic) blob = section->offset;
    }
  }
  if (!blob) {
    // No section headers (or a forward-only reader): search the start of the data segment.
    std::vector<ElfSegment> data;
    for (const ElfSegment& s : l.segments) {
      if (s.type == common::kPtLoad && (s.flags & (common::kPfX | common::kPfW)) == common::kPfW && s.filesz > 0) {
        data.push_back(s);
      }
    }
    std::sort(data.begin(), data.end(), [](const ElfSegment& a, const ElfSegment& b) { return a.offset < b.offset; });
    for (const ElfSegment& s : data) {
      if (s.offset > r.size()) continue;
      const uint64_t len = std::min({s.filesz, r.size() - s.offset, limits.search_window_bytes});
      HS_ASSIGN_OR_RETURN(blob, FindMagic(r, s.offset, len, s.vaddr));
      if (blob) break;
    }
  }
  if (!blob || *blob > r.size() || r.size() - *blob < kBuildInfoHeaderBytes) return std::nullopt;
  HS_ASSIGN_OR_RETURN(std::string_view hv, r.ReadAt(*blob, kBuildInfoHeaderBytes));
  const std::string header(hv);
  const uint64_t ptr_size = static_cast<uint8_t>(header[14]);
  const uint8_t flags = static_cast<uint8_t>(header[15]);
  RawBuildInfo info;
  if ((flags & 2) != 0) {
    HS_ASSIGN_OR_RETURN(auto vers, ReadVarintString(r, *blob + kBuildInfoHeaderBytes, limits));
    HS_ASSIGN_OR_RETURN(auto mod, ReadVarintString(r, vers.second, limits));
    info.go_version = std::move(vers.first);
    info.mod_info = std::move(mod.first);
  } else {
    if (ptr_size != 4 && ptr_size != 8) return Corrupt("pointer size " + std::to_string(ptr_size));
    if (!r.random_access()) {
      return MakeError(ErrorCode::kUnsupported, "pre-go1.18 pointer format needs random access to the executable");
    }
    const bool big = (flags & 1) != 0;
    const uint64_t vers_addr = ElfUint(header, 16, ptr_size, big);
    const uint64_t mod_addr = ElfUint(header, 16 + ptr_size, ptr_size, big);
    HS_ASSIGN_OR_RETURN(info.go_version, ReadPointerString(r, l, vers_addr, ptr_size, big, limits));
    HS_ASSIGN_OR_RETURN(info.mod_info, ReadPointerString(r, l, mod_addr, ptr_size, big, limits));
  }
  if (info.go_version.empty()) return std::nullopt;
  // Strip the 16-byte sentinels framing the module info (cmd/go/internal/modload infoStart/infoEnd).
  if (info.mod_info.size() >= 33 && info.mod_info[info.mod_info.size() - 17] == '\n') {
    info.mod_info = info.mod_info.substr(16, info.mod_info.size() - 32);
  } else {
    info.mod_info.clear();
  }
  return info;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t t = line.find('\t');
    out.push_back(line.substr(0, t));
    if (t == std::string_view::npos) break;
    line.remove_prefix(t + 1);
  }
  return out;
}

}  // namespace

bool HasGoBuildIdNote(std::string_view head) {
  common::MemoryElfReader r(head);
  auto layout = ParseLayout(r);
  if (!layout || !*layout) return false;
  const bool big = (*layout)->header.big_endian;
  for (const ElfSegment& s : (*layout)->segments) {
    if (s.type != common::kPtNote || s.offset > head.size() || s.filesz > head.size() - s.offset) continue;
    std::string_view note = head.substr(s.offset, s.filesz);
    while (note.size() >= 12) {
      const uint64_t namesz = ElfUint(note, 0, 4, big);
      const uint64_t descsz = ElfUint(note, 4, 4, big);
      const uint64_t type = ElfUint(note, 8, 4, big);
      const uint64_t name_pad = (namesz + 3) & ~uint64_t{3};
      const uint64_t desc_pad = (descsz + 3) & ~uint64_t{3};
      if (name_pad > note.size() - 12 || desc_pad > note.size() - 12 - name_pad) break;
      if (type == kGoBuildIdNoteType && namesz == 4 && note.substr(12, 4) == std::string_view("Go\0\0", 4)) return true;
      note.remove_prefix(12 + name_pad + desc_pad);
    }
  }
  return false;
}

Result<std::optional<RawBuildInfo>> ReadBuildInfo(ElfReader& r, const BuildInfoLimits& limits) {
  Result<std::optional<RawBuildInfo>> info = ReadRawBuildInfo(r, limits);
  if (!info) return MakeError(std::move(info).error().WithContext("go build info"));
  return info;
}

Result<BuildInfo> ParseModInfo(std::string_view go_version, std::string_view mod_info) {
  BuildInfo bi;
  bi.go_version = std::string(go_version.substr(0, go_version.find(' ')));
  Module* last = nullptr;
  uint64_t line_no = 0;
  while (!mod_info.empty()) {
    const size_t nl = mod_info.find('\n');
    std::string_view line = mod_info.substr(0, nl);
    mod_info.remove_prefix(nl == std::string_view::npos ? mod_info.size() : nl + 1);
    ++line_no;
    const std::vector<std::string_view> f = SplitTabs(line);
    const std::string_view key = f[0];
    auto bad = [&](std::string_view why) {
      return MakeError(ErrorCode::kCorrupt,
                       "go build info: module info line " + std::to_string(line_no) + ": " + std::string(why));
    };
    if (key == "path") {
      if (f.size() < 2) return bad("path without a value");
      bi.path = std::string(f[1]);
    } else if (key == "mod" || key == "dep") {
      if (f.size() < 3) return bad(std::string(key) + " line with " + std::to_string(f.size()) + " fields");
      Module m;
      m.path = std::string(f[1]);
      m.version = std::string(f[2]);
      if (f.size() > 3) m.sum = std::string(f[3]);
      if (key == "mod") {
        bi.main = std::move(m);
        last = &*bi.main;
      } else {
        bi.deps.push_back(std::move(m));
        last = &bi.deps.back();
      }
    } else if (key == "=>") {
      if (last == nullptr || last->replaced) return bad("replacement without a module before it");
      if (f.size() < 2) return bad("replacement without a path");
      last->replaced = true;
      last->replace_path = std::string(f[1]);
      if (f.size() > 2) last->replace_version = std::string(f[2]);
      last = nullptr;
    } else {
      last = nullptr;
    }
  }
  return bi;
}

}  // namespace hullscan::extract::golang
