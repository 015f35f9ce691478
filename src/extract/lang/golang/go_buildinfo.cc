#include "extract/lang/golang/go_buildinfo.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace hullscan::extract::golang {

namespace {

constexpr std::string_view kBuildInfoMagic("\xff Go buildinf:", 14);
constexpr uint64_t kBuildInfoAlign = 16;
constexpr uint64_t kBuildInfoHeaderBytes = 32;
constexpr uint64_t kElf32HeaderBytes = 52;
constexpr uint64_t kElf64HeaderBytes = 64;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtNote = 4;
constexpr uint32_t kPfX = 1;
constexpr uint32_t kPfW = 2;
constexpr uint32_t kGoBuildIdNoteType = 4;
constexpr uint64_t kScanChunkBytes = 64 * 1024;

tl::unexpected<Error> Corrupt(std::string what) {
  return MakeError(ErrorCode::kCorrupt, "go build info: " + std::move(what));
}

// Integer decoding of one ELF file's byte order.
struct Endian {
  bool big = false;
  uint64_t U(std::string_view b, size_t off, size_t width) const {
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) {
      const uint64_t byte = static_cast<uint8_t>(b[off + i]);
      v |= big ? byte << (8 * (width - 1 - i)) : byte << (8 * i);
    }
    return v;
  }
};

struct Segment {
  uint32_t type = 0;
  uint32_t flags = 0;
  uint64_t offset = 0;
  uint64_t vaddr = 0;
  uint64_t filesz = 0;
};

// What the ELF header and program headers say (https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html).
struct ElfLayout {
  bool is64 = false;
  Endian endian;
  uint64_t shoff = 0;
  uint64_t shentsize = 0;
  uint64_t shnum = 0;
  uint64_t shstrndx = 0;
  std::vector<Segment> segments;
};

Result<std::optional<ElfLayout>> ParseLayout(ElfReader& r) {
  if (r.size() < kElf32HeaderBytes) return std::nullopt;
  HS_ASSIGN_OR_RETURN(std::string_view h, r.ReadAt(0, std::min<uint64_t>(r.size(), kElf64HeaderBytes)));
  if (!IsElf(h)) return std::nullopt;
  ElfLayout l;
  const uint8_t cls = static_cast<uint8_t>(h[4]);
  const uint8_t data = static_cast<uint8_t>(h[5]);
  if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) return std::nullopt;
  l.is64 = cls == 2;
  l.endian.big = data == 2;
  if (l.is64 && h.size() < kElf64HeaderBytes) return std::nullopt;
  uint64_t phoff, phentsize, phnum;
  if (l.is64) {
    phoff = l.endian.U(h, 32, 8);
    l.shoff = l.endian.U(h, 40, 8);
    phentsize = l.endian.U(h, 54, 2);
    phnum = l.endian.U(h, 56, 2);
    l.shentsize = l.endian.U(h, 58, 2);
    l.shnum = l.endian.U(h, 60, 2);
    l.shstrndx = l.endian.U(h, 62, 2);
  } else {
    phoff = l.endian.U(h, 28, 4);
    l.shoff = l.endian.U(h, 32, 4);
    phentsize = l.endian.U(h, 42, 2);
    phnum = l.endian.U(h, 44, 2);
    l.shentsize = l.endian.U(h, 46, 2);
    l.shnum = l.endian.U(h, 48, 2);
    l.shstrndx = l.endian.U(h, 50, 2);
  }
  const uint64_t min_phent = l.is64 ? 56 : 32;
  if (phnum == 0) return l;
  if (phentsize < min_phent) return Corrupt("program header entry size " + std::to_string(phentsize));
  if (phoff > r.size() || phnum * phentsize > r.size() - phoff) {
    return Corrupt("program headers at offset " + std::to_string(phoff) + " lie past the end of the file");
  }
  HS_ASSIGN_OR_RETURN(std::string_view ph, r.ReadAt(phoff, phnum * phentsize));
  for (uint64_t i = 0; i < phnum; ++i) {
    const size_t o = i * phentsize;
    Segment s;
    s.type = static_cast<uint32_t>(l.endian.U(ph, o, 4));
    if (l.is64) {
      s.flags = static_cast<uint32_t>(l.endian.U(ph, o + 4, 4));
      s.offset = l.endian.U(ph, o + 8, 8);
      s.vaddr = l.endian.U(ph, o + 16, 8);
      s.filesz = l.endian.U(ph, o + 32, 8);
    } else {
      s.offset = l.endian.U(ph, o + 4, 4);
      s.vaddr = l.endian.U(ph, o + 8, 4);
      s.filesz = l.endian.U(ph, o + 16, 4);
      s.flags = static_cast<uint32_t>(l.endian.U(ph, o + 24, 4));
    }
    l.segments.push_back(s);
  }
  return l;
}

// The file range of the `.go.buildinfo` section, when section headers name one.
Result<std::optional<std::pair<uint64_t, uint64_t>>> FindBuildInfoSection(ElfReader& r, const ElfLayout& l,
                                                                          const BuildInfoLimits& limits) {
  const uint64_t min_shent = l.is64 ? 64 : 40;
  if (l.shoff == 0 || l.shentsize < min_shent || l.shoff >= r.size()) return std::nullopt;
  uint64_t shnum = l.shnum;
  uint64_t shstrndx = l.shstrndx;
  if (shnum == 0 || shstrndx == 0xffff) {  // extended numbering: the real values live in section 0
    HS_ASSIGN_OR_RETURN(std::string_view s0, r.ReadAt(l.shoff, std::min<uint64_t>(min_shent, r.size() - l.shoff)));
    if (s0.size() < min_shent) return std::nullopt;
    if (shnum == 0) shnum = l.is64 ? l.endian.U(s0, 32, 8) : l.endian.U(s0, 20, 4);
    if (shstrndx == 0xffff) shstrndx = l.endian.U(s0, l.is64 ? 40 : 24, 4);
  }
  if (shnum == 0) return std::nullopt;
  if (shnum > limits.max_section_headers) {
    return MakeError(ErrorCode::kLimitExceeded, "go build info: " + std::to_string(shnum) + " section headers");
  }
  if (shnum * l.shentsize > r.size() - l.shoff || shstrndx >= shnum) {
    return Corrupt("section headers at offset " + std::to_string(l.shoff) + " lie past the end of the file");
  }
  HS_ASSIGN_OR_RETURN(std::string_view view, r.ReadAt(l.shoff, shnum * l.shentsize));
  const std::string table(view);
  auto field = [&](uint64_t i, size_t off64, size_t off32, size_t w32) {
    const size_t o = i * l.shentsize;
    return l.is64 ? l.endian.U(table, o + off64, off64 == 0 || off64 == 4 ? 4 : 8) : l.endian.U(table, o + off32, w32);
  };
  const uint64_t str_off = field(shstrndx, 24, 16, 4);
  const uint64_t str_size = field(shstrndx, 32, 20, 4);
  if (str_size == 0 || str_off > r.size() || str_size > r.size() - str_off) return std::nullopt;
  if (str_size > limits.max_shstrtab_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "go build info: section name table of " + std::to_string(str_size) + " bytes");
  }
  HS_ASSIGN_OR_RETURN(std::string_view names_view, r.ReadAt(str_off, str_size));
  const std::string names(names_view);
  constexpr std::string_view kName(".go.buildinfo");
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint64_t name = field(i, 0, 0, 4);
    if (name >= names.size() || names.compare(name, kName.size() + 1, std::string(kName) + '\0') != 0) continue;
    const uint64_t type = field(i, 4, 4, 4);
    if (type == 8) return std::nullopt;  // SHT_NOBITS: no bytes in the file
    const uint64_t off = field(i, 24, 16, 4);
    const uint64_t size = field(i, 32, 20, 4);
    if (off > r.size() || size > r.size() - off) return Corrupt(".go.buildinfo section lies past the end of the file");
    return std::make_pair(off, size);
  }
  return std::nullopt;
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
    return MakeError(ErrorCode::kLimitExceeded, "go build info: string of " + std::to_string(len) + " bytes");
  }
  if (len > r.size() - pos) return Corrupt("string at offset " + std::to_string(off) + " runs past the end of the file");
  HS_ASSIGN_OR_RETURN(std::string_view s, r.ReadAt(pos, len));
  return std::make_pair(std::string(s), pos + len);
}

// The file offset of virtual address `addr`, from the PT_LOAD segment holding it.
std::optional<uint64_t> FileOffsetOf(const ElfLayout& l, uint64_t addr, uint64_t len) {
  for (const Segment& s : l.segments) {
    if (s.type != kPtLoad || addr < s.vaddr || addr - s.vaddr >= s.filesz) continue;
    if (len > s.filesz - (addr - s.vaddr)) return std::nullopt;
    return s.offset + (addr - s.vaddr);
  }
  return std::nullopt;
}

// Reads a Go string header {ptr, len} at virtual address `addr`, then its bytes (Go < 1.18).
Result<std::string> ReadPointerString(ElfReader& r, const ElfLayout& l, uint64_t addr, uint64_t ptr_size,
                                      const BuildInfoLimits& limits) {
  auto hdr_off = FileOffsetOf(l, addr, 2 * ptr_size);
  if (!hdr_off) return std::string();
  HS_ASSIGN_OR_RETURN(std::string_view hdr, r.ReadAt(*hdr_off, 2 * ptr_size));
  const uint64_t data = l.endian.U(hdr, 0, ptr_size);
  const uint64_t len = l.endian.U(hdr, ptr_size, ptr_size);
  if (len > limits.max_string_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "go build info: string of " + std::to_string(len) + " bytes");
  }
  auto data_off = FileOffsetOf(l, data, len);
  if (!data_off) return std::string();
  HS_ASSIGN_OR_RETURN(std::string_view s, r.ReadAt(*data_off, len));
  return std::string(s);
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

Result<std::string_view> MemoryElfReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > data_.size() || n > data_.size() - off) {
    return Corrupt("read of " + std::to_string(n) + " bytes at offset " + std::to_string(off) + " past the end");
  }
  return data_.substr(off, n);
}

Result<std::unique_ptr<SplicedElfReader>> SplicedElfReader::Open(std::string head, const std::string& rest_path,
                                                                  uint64_t total_size) {
  const int fd = ::open(rest_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kIo, "open " + rest_path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return MakeError(ErrorCode::kIo, "stat " + rest_path + ": " + std::strerror(err));
  }
  const uint64_t spilled = static_cast<uint64_t>(st.st_size);
  if (spilled == total_size) {
    head.clear();  // the spill holds the whole file
  } else if (head.size() > total_size || spilled != total_size - head.size()) {
    ::close(fd);
    return MakeError(ErrorCode::kCorrupt, "spilled " + rest_path + ": " + std::to_string(spilled) +
                                              " bytes do not fit a file of " + std::to_string(total_size));
  }
  return std::unique_ptr<SplicedElfReader>(new SplicedElfReader(std::move(head), fd, spilled, rest_path));
}

SplicedElfReader::~SplicedElfReader() { ::close(fd_); }

Result<std::string_view> SplicedElfReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > size() || n > size() - off) {
    return Corrupt("read of " + std::to_string(n) + " bytes at offset " + std::to_string(off) + " past the end");
  }
  buf_.resize(n);
  uint64_t done = 0;
  if (off < head_.size()) {
    done = std::min<uint64_t>(n, head_.size() - off);
    std::memcpy(buf_.data(), head_.data() + off, done);
  }
  while (done < n) {
    const uint64_t file_off = off + done - head_.size();
    const ssize_t got = ::pread(fd_, buf_.data() + done, n - done, static_cast<off_t>(file_off));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": " + std::strerror(errno));
    if (got == 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": file shrank");
    done += static_cast<uint64_t>(got);
  }
  return std::string_view(buf_);
}

Result<std::string_view> ForwardElfReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > size_ || n > size_ - off) {
    return Corrupt("read of " + std::to_string(n) + " bytes at offset " + std::to_string(off) + " past the end");
  }
  if (off < buf_start_) {
    return MakeError(ErrorCode::kUnsupported, "go build info: offset " + std::to_string(off) +
                                                  " lies behind the stream position (needs random access)");
  }
  const uint64_t buf_end = buf_start_ + buf_.size();
  if (off >= buf_end) {
    buf_.clear();
    buf_start_ = buf_end;
  } else {
    buf_.erase(0, off - buf_start_);
    buf_start_ = off;
  }
  std::array<std::byte, 64 * 1024> tmp;
  while (buf_start_ + buf_.size() < off + n) {
    const uint64_t want_skip = off > buf_start_ ? off - buf_start_ : 0;
    const uint64_t want = want_skip > 0 ? std::min<uint64_t>(want_skip, tmp.size())
                                        : std::min<uint64_t>(off + n - buf_start_ - buf_.size(), tmp.size());
    HS_ASSIGN_OR_RETURN(size_t got, rest_.Read(std::span<std::byte>(tmp.data(), want)));
    if (got == 0) return Corrupt("stream ended at offset " + std::to_string(buf_start_ + buf_.size()));
    if (want_skip > 0) {
      buf_start_ += got;  // skipped bytes are dropped
    } else {
      buf_.append(reinterpret_cast<const char*>(tmp.data()), got);
    }
  }
  return std::string_view(buf_).substr(0, n);
}

bool IsElf(std::string_view head) { return head.size() >= 4 && head.substr(0, 4) == std::string_view("\x7f" "ELF", 4); }

bool HasGoBuildIdNote(std::string_view head) {
  MemoryElfReader r(head);
  auto layout = ParseLayout(r);
  if (!layout || !*layout) return false;
  const Endian e = (*layout)->endian;
  for (const Segment& s : (*layout)->segments) {
    if (s.type != kPtNote || s.offset > head.size() || s.filesz > head.size() - s.offset) continue;
    std::string_view note = head.substr(s.offset, s.filesz);
    while (note.size() >= 12) {
      const uint64_t namesz = e.U(note, 0, 4);
      const uint64_t descsz = e.U(note, 4, 4);
      const uint64_t type = e.U(note, 8, 4);
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
  HS_ASSIGN_OR_RETURN(std::optional<ElfLayout> layout, ParseLayout(r));
  if (!layout) return std::nullopt;
  const ElfLayout& l = *layout;
  std::optional<uint64_t> blob;
  if (r.random_access()) {
    HS_ASSIGN_OR_RETURN(auto section, FindBuildInfoSection(r, l, limits));
    if (section && section->second >= kBuildInfoHeaderBytes) {
      HS_ASSIGN_OR_RETURN(std::string_view head, r.ReadAt(section->first, kBuildInfoMagic.size()));
      if (head == kBuildInfoMagic) blob = section->first;
    }
  }
  if (!blob) {
    // No section headers (or a forward-only reader): search the start of the data segment.
    std::vector<Segment> data;
    for (const Segment& s : l.segments) {
      if (s.type == kPtLoad && (s.flags & (kPfX | kPfW)) == kPfW && s.filesz > 0) data.push_back(s);
    }
    std::sort(data.begin(), data.end(), [](const Segment& a, const Segment& b) { return a.offset < b.offset; });
    for (const Segment& s : data) {
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
      return MakeError(ErrorCode::kUnsupported,
                       "go build info: pre-go1.18 pointer format needs random access to the executable");
    }
    Endian e;
    e.big = (flags & 1) != 0;
    ElfLayout lp = l;
    lp.endian = e;
    const uint64_t vers_addr = e.U(header, 16, ptr_size);
    const uint64_t mod_addr = e.U(header, 16 + ptr_size, ptr_size);
    HS_ASSIGN_OR_RETURN(info.go_version, ReadPointerString(r, lp, vers_addr, ptr_size, limits));
    HS_ASSIGN_OR_RETURN(info.mod_info, ReadPointerString(r, lp, mod_addr, ptr_size, limits));
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
      return Corrupt("module info line " + std::to_string(line_no) + ": " + std::string(why));
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
