#include "extract/lang/rust/elf_sections.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hullscan::extract::rust {

namespace {

constexpr uint64_t kElf32HeaderBytes = 52;
constexpr uint64_t kElf64HeaderBytes = 64;
constexpr uint64_t kElf32SectionHeaderBytes = 40;
constexpr uint64_t kElf64SectionHeaderBytes = 64;
constexpr uint64_t kShnXindex = 0xffff;
constexpr uint64_t kShtNobits = 8;

tl::unexpected<Error> Corrupt(std::string what) { return MakeError(ErrorCode::kCorrupt, "elf: " + std::move(what)); }

tl::unexpected<Error> PastEnd(uint64_t off, uint64_t n) {
  return Corrupt("read of " + std::to_string(n) + " bytes at offset " + std::to_string(off) + " past the end");
}

// An unsigned integer of `width` bytes at `off` of `b`, in the file's byte order.
uint64_t U(std::string_view b, uint64_t off, uint64_t width, bool big) {
  uint64_t v = 0;
  for (uint64_t i = 0; i < width; ++i) {
    const uint64_t byte = static_cast<uint8_t>(b[off + i]);
    v |= big ? byte << (8 * (width - 1 - i)) : byte << (8 * i);
  }
  return v;
}

// One section header's fields we use (gABI Figure 4-8).
struct SectionHeader {
  uint64_t name = 0;
  uint64_t type = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t link = 0;
};

SectionHeader DecodeSectionHeader(std::string_view b, uint64_t off, const ElfHeader& h) {
  SectionHeader s;
  s.name = U(b, off, 4, h.big_endian);
  s.type = U(b, off + 4, 4, h.big_endian);
  if (h.is64) {
    s.offset = U(b, off + 24, 8, h.big_endian);
    s.size = U(b, off + 32, 8, h.big_endian);
    s.link = U(b, off + 40, 4, h.big_endian);
  } else {
    s.offset = U(b, off + 16, 4, h.big_endian);
    s.size = U(b, off + 20, 4, h.big_endian);
    s.link = U(b, off + 24, 4, h.big_endian);
  }
  return s;
}

}  // namespace

Result<std::string_view> MemoryReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > data_.size() || n > data_.size() - off) return PastEnd(off, n);
  return data_.substr(off, n);
}

Result<std::unique_ptr<SplicedReader>> SplicedReader::Open(std::string head, const std::string& spilled_path,
                                                           uint64_t total_size) {
  const int fd = ::open(spilled_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kIo, "open " + spilled_path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return MakeError(ErrorCode::kIo, "stat " + spilled_path + ": " + std::strerror(err));
  }
  const uint64_t spilled = static_cast<uint64_t>(st.st_size);
  uint64_t file_start = head.size();
  if (spilled == total_size) {
    head.clear();  // the spill holds the whole file
    file_start = 0;
  } else if (head.size() > total_size || spilled != total_size - head.size()) {
    ::close(fd);
    return Corrupt("spilled " + spilled_path + ": " + std::to_string(spilled) + " bytes do not fit a file of " +
                   std::to_string(total_size) + " bytes");
  }
  return std::unique_ptr<SplicedReader>(new SplicedReader(std::move(head), fd, file_start, total_size, spilled_path));
}

SplicedReader::~SplicedReader() { ::close(fd_); }

Result<std::string_view> SplicedReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > size_ || n > size_ - off) return PastEnd(off, n);
  buf_.resize(n);
  uint64_t done = 0;
  if (off < head_.size()) {
    done = std::min<uint64_t>(n, head_.size() - off);
    std::memcpy(buf_.data(), head_.data() + off, done);
  }
  while (done < n) {
    const uint64_t file_off = off + done - file_start_;
    const ssize_t got = ::pread(fd_, buf_.data() + done, n - done, static_cast<off_t>(file_off));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": " + std::strerror(errno));
    if (got == 0) return MakeError(ErrorCode::kIo, "read " + path_ + ": file shrank");
    done += static_cast<uint64_t>(got);
  }
  return std::string_view(buf_);
}

bool IsElf(std::string_view head) { return head.size() >= 4 && head.substr(0, 4) == std::string_view("\x7f" "ELF", 4); }

Result<std::optional<ElfHeader>> ParseElfHeader(std::string_view head) {
  if (!IsElf(head) || head.size() < 6) return std::nullopt;
  const uint8_t cls = static_cast<uint8_t>(head[4]);
  const uint8_t data = static_cast<uint8_t>(head[5]);
  if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) return std::nullopt;
  ElfHeader h;
  h.is64 = cls == 2;
  h.big_endian = data == 2;
  const uint64_t need = h.is64 ? kElf64HeaderBytes : kElf32HeaderBytes;
  if (head.size() < need) {
    return Corrupt("file of " + std::to_string(head.size()) + " bytes is shorter than its ELF header");
  }
  if (h.is64) {
    h.shoff = U(head, 40, 8, h.big_endian);
    h.shentsize = U(head, 58, 2, h.big_endian);
    h.shnum = U(head, 60, 2, h.big_endian);
    h.shstrndx = U(head, 62, 2, h.big_endian);
  } else {
    h.shoff = U(head, 32, 4, h.big_endian);
    h.shentsize = U(head, 46, 2, h.big_endian);
    h.shnum = U(head, 48, 2, h.big_endian);
    h.shstrndx = U(head, 50, 2, h.big_endian);
  }
  return h;
}

Result<std::optional<SectionRange>> FindElfSection(RandomReader& r, std::string_view name) {
  HS_ASSIGN_OR_RETURN(std::string_view first, r.ReadAt(0, std::min<uint64_t>(r.size(), kElf64HeaderBytes)));
  HS_ASSIGN_OR_RETURN(std::optional<ElfHeader> parsed, ParseElfHeader(first));
  if (!parsed || parsed->shoff == 0) return std::nullopt;
  const ElfHeader h = *parsed;
  const uint64_t min_entry = h.is64 ? kElf64SectionHeaderBytes : kElf32SectionHeaderBytes;
  if (h.shentsize < min_entry) return Corrupt("section header entry size " + std::to_string(h.shentsize));
  if (h.shoff > r.size() || min_entry > r.size() - h.shoff) {
    return Corrupt("section headers at offset " + std::to_string(h.shoff) + " lie past the end of the file (" +
                   std::to_string(r.size()) + " bytes)");
  }
  uint64_t shnum = h.shnum;
  uint64_t shstrndx = h.shstrndx;
  if (shnum == 0 || shstrndx == kShnXindex) {
    // Extended numbering: section 0 holds the real count (sh_size) and name index (sh_link).
    HS_ASSIGN_OR_RETURN(std::string_view s0, r.ReadAt(h.shoff, min_entry));
    const SectionHeader zero = DecodeSectionHeader(s0, 0, h);
    if (shnum == 0) shnum = zero.size;
    if (shstrndx == kShnXindex) shstrndx = zero.link;
  }
  if (shnum == 0) return std::nullopt;
  if (shnum > kMaxSectionHeaders) {
    return MakeError(ErrorCode::kLimitExceeded, "elf: " + std::to_string(shnum) + " section headers, more than " +
                                                    std::to_string(kMaxSectionHeaders));
  }
  if (shnum * h.shentsize > r.size() - h.shoff) {
    return Corrupt("section headers at offset " + std::to_string(h.shoff) + " lie past the end of the file (" +
                   std::to_string(r.size()) + " bytes)");
  }
  if (shstrndx >= shnum) return Corrupt("section name table index " + std::to_string(shstrndx) + " out of range");
  HS_ASSIGN_OR_RETURN(std::string_view table_view, r.ReadAt(h.shoff, shnum * h.shentsize));
  const std::string table(table_view);

  const SectionHeader strtab = DecodeSectionHeader(table, shstrndx * h.shentsize, h);
  if (strtab.type == kShtNobits || strtab.offset > r.size() || strtab.size > r.size() - strtab.offset) {
    return Corrupt("section name table lies past the end of the file");
  }
  if (strtab.size > kMaxSectionNameTableBytes) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "elf: section name table of " + std::to_string(strtab.size) + " bytes");
  }
  HS_ASSIGN_OR_RETURN(std::string_view names_view, r.ReadAt(strtab.offset, strtab.size));
  const std::string names(names_view);

  for (uint64_t i = 0; i < shnum; ++i) {
    const SectionHeader s = DecodeSectionHeader(table, i * h.shentsize, h);
    // A name is a NUL-terminated string starting at s.name inside the name table.
    if (s.name >= names.size() || names.size() - s.name < name.size() + 1) continue;
    if (names.compare(s.name, name.size(), name) != 0 || names[s.name + name.size()] != '\0') continue;
    if (s.type == kShtNobits) return Corrupt("section " + std::string(name) + " has no bytes in the file");
    if (s.offset > r.size() || s.size > r.size() - s.offset) {
      return Corrupt("section " + std::string(name) + " (" + std::to_string(s.size) + " bytes at offset " +
                     std::to_string(s.offset) + ") lies past the end of the file (" + std::to_string(r.size()) +
                     " bytes)");
    }
    return SectionRange{s.offset, s.size};
  }
  return std::nullopt;
}

}  // namespace hullscan::extract::rust
