// Reading ELF files for the extractors that look inside executables: "lang/golang" (the
// `.go.buildinfo` blob, found through a section or a program header) and "lang/rust" (the
// `.dep-v0` section cargo-auditable writes). One reader of the ELF header, the program header
// table and the section header table; what is inside a section is the caller's business.
//
// Format followed: the System V gABI, "ELF Header", "Sections" and "Program Header"
// (https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html,
//  https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html,
//  https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html): ELFCLASS32 and ELFCLASS64,
// either byte order, extended section numbering (e_shnum == 0 and/or e_shstrndx == SHN_XINDEX,
// the real values in section 0's sh_size and sh_link).
// Every offset, size and count is checked against the file size and ElfLimits before anything
// is read or allocated; nothing here trusts a number from the file.
//
// Bytes come through an ElfReader: random access over memory (tests, fuzzers, small files) or
// over a stream's head plus the rest spilled to a temp file (SplicedElfReader), or forward-only
// over the layer stream itself (ForwardElfReader, for callers that only read forward).
// Error messages start with "elf: "; the caller adds the file's path.
// Place in the pipeline: a helper of the language extractors (extract/common is never a plugin).
// Thread-safety: plain functions over the reader they are given; a reader belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_io.h"
#include "base/status.h"

namespace hullscan::extract::common {

/// Bounds on the section header table of one file. The defaults are far above any real
/// executable (a large Go or Rust binary has 40-60 sections and a name table of a few KiB).
struct ElfLimits {
  uint64_t max_section_headers = 65535;
  uint64_t max_name_table_bytes = 4ull << 20;
};

inline constexpr uint64_t kElf32HeaderBytes = 52;
inline constexpr uint64_t kElf64HeaderBytes = 64;
inline constexpr uint64_t kElf32SectionHeaderBytes = 40;
inline constexpr uint64_t kElf64SectionHeaderBytes = 64;
inline constexpr uint64_t kElf32ProgramHeaderBytes = 32;
inline constexpr uint64_t kElf64ProgramHeaderBytes = 56;
/// Section types (sh_type) and program header types and flags (p_type, p_flags) callers test.
inline constexpr uint64_t kShtNobits = 8;
inline constexpr uint64_t kPtLoad = 1;
inline constexpr uint64_t kPtNote = 4;
inline constexpr uint64_t kPfX = 1;
inline constexpr uint64_t kPfW = 2;

/// Reads bytes of one file by offset.
class ElfReader {
 public:
  virtual ~ElfReader() = default;
  virtual uint64_t size() const = 0;
  /// False for a forward-only reader, which fails with kUnsupported when asked for bytes before
  /// the start of its previous read.
  virtual bool random_access() const = 0;
  /// Exactly n bytes at offset `off` (the view is valid until the next call); kCorrupt past
  /// the end of the file.
  virtual Result<std::string_view> ReadAt(uint64_t off, uint64_t n) = 0;
};

/// A random-access reader over bytes in memory; `data` must outlive it.
class MemoryElfReader final : public ElfReader {
 public:
  explicit MemoryElfReader(std::string_view data) : data_(data) {}
  uint64_t size() const override { return data_.size(); }
  bool random_access() const override { return true; }
  Result<std::string_view> ReadAt(uint64_t off, uint64_t n) override;

 private:
  std::string_view data_;
};

/// Random access over a file of `total_size` bytes whose first bytes (`head`) were already read
/// from its stream, and whose bytes are otherwise in the file at `spilled_path`: either the
/// bytes after the head (FileInput::Materialize() after a partial read of content()) or the
/// whole file (an input served from memory). Which one is decided from the spilled file's
/// size; kCorrupt when neither fits.
class SplicedElfReader final : public ElfReader {
 public:
  static Result<std::unique_ptr<SplicedElfReader>> Open(std::string head, const std::string& spilled_path,
                                                        uint64_t total_size);
  ~SplicedElfReader() override;
  SplicedElfReader(const SplicedElfReader&) = delete;
  SplicedElfReader& operator=(const SplicedElfReader&) = delete;
  uint64_t size() const override { return size_; }
  bool random_access() const override { return true; }
  Result<std::string_view> ReadAt(uint64_t off, uint64_t n) override;

 private:
  SplicedElfReader(std::string head, int fd, uint64_t file_start, uint64_t size, std::string path)
      : head_(std::move(head)), fd_(fd), file_start_(file_start), size_(size), path_(std::move(path)) {}
  std::string head_;
  int fd_;
  uint64_t file_start_;  // file offset of the spilled file's first byte (head size, or 0)
  uint64_t size_;
  std::string path_;
  std::string buf_;
};

/// Forward-only reading of a stream of `total_size` bytes whose first bytes (`head`) were
/// already read from it. Keeps only the bytes from the start of the last read on; skipped
/// bytes are discarded.
class ForwardElfReader final : public ElfReader {
 public:
  ForwardElfReader(std::string head, ByteSource& rest, uint64_t total_size)
      : buf_(std::move(head)), rest_(rest), size_(total_size) {}
  uint64_t size() const override { return size_; }
  bool random_access() const override { return false; }
  Result<std::string_view> ReadAt(uint64_t off, uint64_t n) override;

 private:
  std::string buf_;  // file bytes [buf_start_, buf_start_ + buf_.size())
  uint64_t buf_start_ = 0;
  ByteSource& rest_;
  uint64_t size_;
};

/// The first `max_bytes` bytes of `src` (fewer when the stream ends first): the head an
/// extractor decides from before reading, spilling or skipping the rest.
Result<std::string> ReadHead(ByteSource& src, uint64_t max_bytes);

/// True when `head` starts with the ELF magic.
bool IsElf(std::string_view head);

/// An unsigned integer of `width` (1 to 8) bytes at `off` of `b`, in the given byte order.
/// REQUIRES: off + width <= b.size().
uint64_t ElfUint(std::string_view b, uint64_t off, uint64_t width, bool big_endian);

/// What the ELF header says about the file's layout.
struct ElfHeader {
  bool is64 = false;
  bool big_endian = false;
  uint64_t phoff = 0;
  uint64_t phentsize = 0;
  uint64_t phnum = 0;
  uint64_t shoff = 0;  ///< 0: the file has no section header table
  uint64_t shentsize = 0;
  uint64_t shnum = 0;  ///< 0 with shoff != 0: extended numbering, the count is in section 0
  uint64_t shstrndx = 0;
};

/// Decodes the ELF header from the first bytes of a file. nullopt when not ELF (or of an
/// unknown class or byte order). kCorrupt when `head` is too short for the header of its class.
Result<std::optional<ElfHeader>> ParseElfHeader(std::string_view head);

/// One program header (gABI Figure 5-1): the fields callers use.
struct ElfSegment {
  uint64_t type = 0;
  uint64_t flags = 0;
  uint64_t offset = 0;
  uint64_t vaddr = 0;
  uint64_t filesz = 0;
};

/// The program header table. Empty when e_phnum is 0. kCorrupt when the entry size is too small
/// for the class or the table lies past the end of the file.
Result<std::vector<ElfSegment>> ReadElfSegments(ElfReader& r, const ElfHeader& h);

/// One section header (gABI Figure 4-8): the fields callers use.
struct ElfSection {
  uint64_t name_offset = 0;  ///< sh_name: where the name starts in the section name table
  uint64_t type = 0;
  uint64_t flags = 0;
  uint64_t addr = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t link = 0;
};

/// The section header table as read, before the names are looked up.
struct ElfSectionHeaders {
  std::vector<ElfSection> sections;
  uint64_t name_table_index = 0;  ///< e_shstrndx, or section 0's sh_link under SHN_XINDEX
};

/// Reads the section header table. Empty when the file has none (e_shoff == 0, or a count of
/// 0). Errors: kCorrupt (entry size too small for the class; the table past the end of the
/// file; a name table index out of range), kLimitExceeded (more than
/// limits.max_section_headers headers), and the reader's own errors.
Result<ElfSectionHeaders> ReadElfSectionHeaders(ElfReader& r, const ElfHeader& h, const ElfLimits& limits = {});

class ElfSectionTable;

/// Reads the section name table that `headers` name and resolves every section's name.
/// Errors: kCorrupt (the name table past the end of the file, or of type SHT_NOBITS),
/// kLimitExceeded (a name table above limits.max_name_table_bytes), the reader's own errors.
Result<ElfSectionTable> ReadElfSectionNames(ElfReader& r, ElfSectionHeaders headers, const ElfLimits& limits = {});

/// ReadElfSectionHeaders(), then ReadElfSectionNames(): the sections with their names.
Result<ElfSectionTable> ReadElfSections(ElfReader& r, const ElfHeader& h, const ElfLimits& limits = {});

/// The section header table with its name table. Names are views into the table, so that a
/// hostile file whose sections all name one long string costs the table once.
class ElfSectionTable {
 public:
  const std::vector<ElfSection>& sections() const { return sections_; }
  /// The NUL-terminated name of `s`; "" when sh_name lies outside the name table or the
  /// string is not terminated inside it. REQUIRES: `s` is one of sections().
  std::string_view NameOf(const ElfSection& s) const;
  /// The first section called `name` (exactly: a longer name with the same start is not it),
  /// or nullptr.
  const ElfSection* Find(std::string_view name) const;

 private:
  friend Result<ElfSectionTable> ReadElfSectionNames(ElfReader& r, ElfSectionHeaders headers,
                                                     const ElfLimits& limits);
  std::string names_;
  std::vector<ElfSection> sections_;
  std::vector<uint64_t> name_sizes_;  // per section; UINT64_MAX: no valid name
};

/// kCorrupt when the table as the header states it (at least entry 0) does not fit a file of
/// `file_size` bytes: lets a caller refuse a truncated file before reading or spilling it.
Status CheckElfSectionTableFits(const ElfHeader& h, uint64_t file_size);

/// Finds the section called `name` in the file `r` reads. nullopt when the file is not ELF, has
/// no section header table, or has no such section. Errors: those of ParseElfHeader and
/// ReadElfSections.
Result<std::optional<ElfSection>> FindElfSection(ElfReader& r, std::string_view name, const ElfLimits& limits = {});

/// kCorrupt when section `s` (called `name`, for the message) has no bytes in a file of
/// `file_size` bytes: of type SHT_NOBITS, or lying past the end of the file.
Status CheckElfSectionInFile(const ElfSection& s, std::string_view name, uint64_t file_size);

/// The bytes of section `s` (called `name`). Errors: those of CheckElfSectionInFile; then
/// kLimitExceeded "read NAME: section of N bytes, larger than the limit of M" when it is larger
/// than `max_bytes`; the reader's own errors. The view is valid until the reader's next read.
Result<std::string_view> ReadElfSection(ElfReader& r, const ElfSection& s, std::string_view name, uint64_t max_bytes);

}  // namespace hullscan::extract::common
