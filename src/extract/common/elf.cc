#include "extract/common/elf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <span>

namespace hullscan::extract::common {

namespace {

constexpr uint64_t kShnXindex = 0xffff;
constexpr uint64_t kNoName = UINT64_MAX;

tl::unexpected<Error> Corrupt(std::string what) { return MakeError(ErrorCode::kCorrupt, "elf: " + std::move(what)); }

tl::unexpected<Error> PastEnd(uint64_t off, uint64_t n) {
  return Corrupt("read of " + std::to_string(n) + " bytes at offset " + std::to_string(off) + " past the end");
}

tl::unexpected<Error> TablePastEnd(uint64_t shoff, uint64_t file_size) {
  return Corrupt("section headers at offset " + std::to_string(shoff) + " lie past the end of the file (" +
                 std::to_string(file_size) + " bytes)");
}

// Where a field of a header struct lies in ELF32 and in ELF64 files: offset and width of each.
template <typename T>
struct FieldAt {
  uint64_t T::*member;
  uint8_t off32, width32, off64, width64;
};

// ELF header fields after e_ident (gABI Figure 4-3, Elf32_Ehdr / Elf64_Ehdr).
constexpr FieldAt<ElfHeader> kHeaderFields[] = {
    {&ElfHeader::phoff, 28, 4, 32, 8},     {&ElfHeader::shoff, 32, 4, 40, 8},    {&ElfHeader::phentsize, 42, 2, 54, 2},
    {&ElfHeader::phnum, 44, 2, 56, 2},     {&ElfHeader::shentsize, 46, 2, 58, 2}, {&ElfHeader::shnum, 48, 2, 60, 2},
    {&ElfHeader::shstrndx, 50, 2, 62, 2}};
// Section header fields (gABI Figure 4-8, Elf32_Shdr / Elf64_Shdr).
constexpr FieldAt<ElfSection> kSectionFields[] = {
    {&ElfSection::name_offset, 0, 4, 0, 4}, {&ElfSection::type, 4, 4, 4, 4},    {&ElfSection::flags, 8, 4, 8, 8},
    {&ElfSection::addr, 12, 4, 16, 8},      {&ElfSection::offset, 16, 4, 24, 8}, {&ElfSection::size, 20, 4, 32, 8},
    {&ElfSection::link, 24, 4, 40, 4}};
// Program header fields (gABI Figure 5-1, Elf32_Phdr / Elf64_Phdr: p_flags moves).
constexpr FieldAt<ElfSegment> kSegmentFields[] = {
    {&ElfSegment::type, 0, 4, 0, 4},    {&ElfSegment::flags, 24, 4, 4, 4}, {&ElfSegment::offset, 4, 4, 8, 8},
    {&ElfSegment::vaddr, 8, 4, 16, 8},  {&ElfSegment::filesz, 16, 4, 32, 8}};

// Fills the fields of `v` from the entry at `off` of `b`. REQUIRES: the entry lies in `b`.
template <typename T, size_t N>
void Decode(std::string_view b, uint64_t off, bool is64, bool big_endian, const FieldAt<T> (&fields)[N], T& v) {
  for (const FieldAt<T>& f : fields) {
    v.*f.member = is64 ? ElfUint(b, off + f.off64, f.width64, big_endian)
                       : ElfUint(b, off + f.off32, f.width32, big_endian);
  }
}

template <typename T, size_t N>
T DecodeEntry(std::string_view b, uint64_t off, const ElfHeader& h, const FieldAt<T> (&fields)[N]) {
  T v;
  Decode(b, off, h.is64, h.big_endian, fields, v);
  return v;
}

}  // namespace

Result<std::string_view> MemoryElfReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > data_.size() || n > data_.size() - off) return PastEnd(off, n);
  return data_.substr(off, n);
}

Result<std::unique_ptr<SplicedElfReader>> SplicedElfReader::Open(std::string head, const std::string& spilled_path,
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
  return std::unique_ptr<SplicedElfReader>(
      new SplicedElfReader(std::move(head), fd, file_start, total_size, spilled_path));
}

SplicedElfReader::~SplicedElfReader() { ::close(fd_); }

Result<std::string_view> SplicedElfReader::ReadAt(uint64_t off, uint64_t n) {
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

Result<std::string_view> ForwardElfReader::ReadAt(uint64_t off, uint64_t n) {
  if (off > size_ || n > size_ - off) return PastEnd(off, n);
  if (off < buf_start_) {
    return MakeError(ErrorCode::kUnsupported, "elf: offset " + std::to_string(off) +
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

Result<std::string> ReadHead(ByteSource& src, uint64_t max_bytes) {
  std::string head(max_bytes, '\0');
  uint64_t done = 0;
  while (done < max_bytes) {
    HS_ASSIGN_OR_RETURN(size_t got, src.Read(std::span<std::byte>(reinterpret_cast<std::byte*>(head.data()) + done,
                                                                 max_bytes - done)));
    if (got == 0) break;
    done += got;
  }
  head.resize(done);
  return head;
}

bool IsElf(std::string_view head) { return head.size() >= 4 && head.substr(0, 4) == std::string_view("\x7f" "ELF", 4); }

uint64_t ElfUint(std::string_view b, uint64_t off, uint64_t width, bool big_endian) {
  uint64_t v = 0;
  for (uint64_t i = 0; i < width; ++i) {
    const uint64_t byte = static_cast<uint8_t>(b[off + i]);
    v |= big_endian ? byte << (8 * (width - 1 - i)) : byte << (8 * i);
  }
  return v;
}

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
  Decode(head, 0, h.is64, h.big_endian, kHeaderFields, h);
  return h;
}

Result<std::vector<ElfSegment>> ReadElfSegments(ElfReader& r, const ElfHeader& h) {
  std::vector<ElfSegment> segments;
  if (h.phnum == 0) return segments;
  const uint64_t min_entry = h.is64 ? kElf64ProgramHeaderBytes : kElf32ProgramHeaderBytes;
  if (h.phentsize < min_entry) return Corrupt("program header entry size " + std::to_string(h.phentsize));
  // phnum and phentsize are 16-bit fields: the product cannot overflow.
  if (h.phoff > r.size() || h.phnum * h.phentsize > r.size() - h.phoff) {
    return Corrupt("program headers at offset " + std::to_string(h.phoff) + " lie past the end of the file");
  }
  HS_ASSIGN_OR_RETURN(std::string_view table, r.ReadAt(h.phoff, h.phnum * h.phentsize));
  segments.reserve(h.phnum);
  for (uint64_t i = 0; i < h.phnum; ++i) {
    segments.push_back(DecodeEntry(table, i * h.phentsize, h, kSegmentFields));
  }
  return segments;
}

std::string_view ElfSectionTable::NameOf(const ElfSection& s) const {
  const uint64_t i = static_cast<uint64_t>(&s - sections_.data());
  if (i >= name_sizes_.size() || name_sizes_[i] == kNoName) return {};
  return std::string_view(names_).substr(s.name_offset, name_sizes_[i]);
}

const ElfSection* ElfSectionTable::Find(std::string_view name) const {
  for (size_t i = 0; i < sections_.size(); ++i) {
    if (name_sizes_[i] != kNoName && NameOf(sections_[i]) == name) return &sections_[i];
  }
  return nullptr;
}

Status CheckElfSectionTableFits(const ElfHeader& h, uint64_t file_size) {
  if (h.shoff == 0) return OkStatus();
  // Both factors are 16-bit fields: the product cannot overflow.
  const uint64_t table_bytes = std::max<uint64_t>(h.shnum, 1) * h.shentsize;
  if (h.shoff >= file_size || table_bytes > file_size - h.shoff) return TablePastEnd(h.shoff, file_size);
  return OkStatus();
}

Result<ElfSectionHeaders> ReadElfSectionHeaders(ElfReader& r, const ElfHeader& h, const ElfLimits& limits) {
  ElfSectionHeaders out;
  if (h.shoff == 0) return out;
  const uint64_t min_entry = h.is64 ? kElf64SectionHeaderBytes : kElf32SectionHeaderBytes;
  if (h.shentsize < min_entry) return Corrupt("section header entry size " + std::to_string(h.shentsize));
  if (h.shoff > r.size() || min_entry > r.size() - h.shoff) return TablePastEnd(h.shoff, r.size());
  uint64_t shnum = h.shnum;
  out.name_table_index = h.shstrndx;
  if (shnum == 0 || out.name_table_index == kShnXindex) {
    // Extended numbering: section 0 holds the real count (sh_size) and name index (sh_link).
    HS_ASSIGN_OR_RETURN(std::string_view s0, r.ReadAt(h.shoff, min_entry));
    const ElfSection zero = DecodeEntry(s0, 0, h, kSectionFields);
    if (shnum == 0) shnum = zero.size;
    if (out.name_table_index == kShnXindex) out.name_table_index = zero.link;
  }
  if (shnum == 0) return out;
  if (shnum > limits.max_section_headers) {
    return MakeError(ErrorCode::kLimitExceeded, "elf: " + std::to_string(shnum) + " section headers, more than " +
                                                    std::to_string(limits.max_section_headers));
  }
  // Divided rather than multiplied: shnum may come from section 0 and be any 64-bit value.
  if (shnum > (r.size() - h.shoff) / h.shentsize) return TablePastEnd(h.shoff, r.size());
  if (out.name_table_index >= shnum) {
    return Corrupt("section name table index " + std::to_string(out.name_table_index) + " out of range");
  }
  HS_ASSIGN_OR_RETURN(std::string_view table, r.ReadAt(h.shoff, shnum * h.shentsize));
  out.sections.reserve(shnum);
  for (uint64_t i = 0; i < shnum; ++i) {
    out.sections.push_back(DecodeEntry(table, i * h.shentsize, h, kSectionFields));
  }
  return out;
}

Result<ElfSectionTable> ReadElfSectionNames(ElfReader& r, ElfSectionHeaders headers, const ElfLimits& limits) {
  ElfSectionTable out;
  out.sections_ = std::move(headers.sections);
  if (out.sections_.empty()) return out;
  const ElfSection& strtab = out.sections_[headers.name_table_index];
  if (strtab.type == kShtNobits || strtab.offset > r.size() || strtab.size > r.size() - strtab.offset) {
    return Corrupt("section name table lies past the end of the file");
  }
  if (strtab.size > limits.max_name_table_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "elf: section name table of " + std::to_string(strtab.size) + " bytes");
  }
  HS_ASSIGN_OR_RETURN(std::string_view names, r.ReadAt(strtab.offset, strtab.size));
  out.names_ = std::string(names);

  // Each name runs from sh_name to the next NUL. Visiting the sections in order of sh_name, the
  // next NUL only moves forward, so the name table is scanned once however the names overlap.
  const uint64_t count = out.sections_.size();
  out.name_sizes_.assign(count, kNoName);
  std::vector<uint64_t> order(count);
  std::iota(order.begin(), order.end(), uint64_t{0});
  std::sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) {
    return out.sections_[a].name_offset < out.sections_[b].name_offset;
  });
  size_t nul = 0;
  bool searched = false;
  for (uint64_t i : order) {
    const uint64_t start = out.sections_[i].name_offset;
    if (start >= out.names_.size()) break;  // so are all later ones
    if (!searched || (nul != std::string::npos && nul < start)) {
      nul = out.names_.find('\0', start);
      searched = true;
    }
    if (nul == std::string::npos) break;  // no terminator from here on
    out.name_sizes_[i] = nul - start;
  }
  return out;
}

Result<ElfSectionTable> ReadElfSections(ElfReader& r, const ElfHeader& h, const ElfLimits& limits) {
  HS_ASSIGN_OR_RETURN(ElfSectionHeaders headers, ReadElfSectionHeaders(r, h, limits));
  return ReadElfSectionNames(r, std::move(headers), limits);
}

Result<std::optional<ElfSection>> FindElfSection(ElfReader& r, std::string_view name, const ElfLimits& limits) {
  HS_ASSIGN_OR_RETURN(std::string_view first, r.ReadAt(0, std::min<uint64_t>(r.size(), kElf64HeaderBytes)));
  HS_ASSIGN_OR_RETURN(std::optional<ElfHeader> header, ParseElfHeader(first));
  if (!header || header->shoff == 0) return std::nullopt;
  HS_ASSIGN_OR_RETURN(const ElfSectionTable table, ReadElfSections(r, *header, limits));
  const ElfSection* s = table.Find(name);
  if (s == nullptr) return std::nullopt;
  return *s;
}

Status CheckElfSectionInFile(const ElfSection& s, std::string_view name, uint64_t file_size) {
  if (s.type == kShtNobits) return Corrupt("section " + std::string(name) + " has no bytes in the file");
  if (s.offset > file_size || s.size > file_size - s.offset) {
    return Corrupt("section " + std::string(name) + " (" + std::to_string(s.size) + " bytes at offset " +
                   std::to_string(s.offset) + ") lies past the end of the file (" + std::to_string(file_size) +
                   " bytes)");
  }
  return OkStatus();
}

Result<std::string_view> ReadElfSection(ElfReader& r, const ElfSection& s, std::string_view name, uint64_t max_bytes) {
  HS_RETURN_IF_ERROR(CheckElfSectionInFile(s, name, r.size()));
  if (s.size > max_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "read " + std::string(name) + ": section of " + std::to_string(s.size) +
                                                    " bytes, larger than the limit of " + std::to_string(max_bytes));
  }
  return r.ReadAt(s.offset, s.size);
}

}  // namespace hullscan::extract::common
