// Finding one named section in an ELF file, for the "lang/rust" extractor's `.dep-v0` lookup
// (the section cargo-auditable writes). Section headers live at the end of an ELF file, so the
// reader is random access: over bytes in memory (tests, fuzzers, small files) or over the first
// bytes of a file already read from its stream plus the rest spilled to a temp file.
//
// Format followed: the System V gABI, "ELF Header" and "Sections"
// (https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html,
//  https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.sheader.html): ELFCLASS32/64, either byte
// order, extended section numbering (e_shnum == 0, e_shstrndx == SHN_XINDEX).
// Every offset and count is checked against the file size and the named limits below.
// Place in the pipeline: used by rust_extractor.cc. Thread-safety: plain functions over the
// reader they are given; a reader belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::extract::rust {

/// Bounds on the section table of one executable.
inline constexpr uint64_t kMaxSectionHeaders = 65535;
inline constexpr uint64_t kMaxSectionNameTableBytes = 4ull << 20;

/// Reads bytes of one file by offset.
class RandomReader {
 public:
  virtual ~RandomReader() = default;
  virtual uint64_t size() const = 0;
  /// Exactly n bytes at `off` (view valid until the next call); kCorrupt past the end.
  virtual Result<std::string_view> ReadAt(uint64_t off, uint64_t n) = 0;
};

/// A reader over bytes in memory; `data` must outlive it.
class MemoryReader final : public RandomReader {
 public:
  explicit MemoryReader(std::string_view data) : data_(data) {}
  uint64_t size() const override { return data_.size(); }
  Result<std::string_view> ReadAt(uint64_t off, uint64_t n) override;

 private:
  std::string_view data_;
};

/// A file of `total_size` bytes whose first bytes (`head`) were already read from its stream,
/// and whose bytes are otherwise in the file at `spilled_path`: either the bytes after the head
/// (FileInput::Materialize() after a partial read of content()) or the whole file (an input
/// served from memory). Which one is decided from the spilled file's size; kCorrupt when
/// neither fits.
class SplicedReader final : public RandomReader {
 public:
  static Result<std::unique_ptr<SplicedReader>> Open(std::string head, const std::string& spilled_path,
                                                     uint64_t total_size);
  ~SplicedReader() override;
  SplicedReader(const SplicedReader&) = delete;
  SplicedReader& operator=(const SplicedReader&) = delete;
  uint64_t size() const override { return size_; }
  Result<std::string_view> ReadAt(uint64_t off, uint64_t n) override;

 private:
  SplicedReader(std::string head, int fd, uint64_t file_start, uint64_t size, std::string path)
      : head_(std::move(head)), fd_(fd), file_start_(file_start), size_(size), path_(std::move(path)) {}
  std::string head_;
  int fd_;
  uint64_t file_start_;  // file offset of the spilled file's first byte (head size, or 0)
  uint64_t size_;
  std::string path_;
  std::string buf_;
};

/// True when `head` starts with the ELF magic.
bool IsElf(std::string_view head);

/// What the ELF header says about the section header table.
struct ElfHeader {
  bool is64 = false;
  bool big_endian = false;
  uint64_t shoff = 0;      ///< 0: the file has no section header table
  uint64_t shentsize = 0;
  uint64_t shnum = 0;      ///< 0 with shoff != 0: extended numbering, count in section 0
  uint64_t shstrndx = 0;
};

/// Decodes the ELF header from the first bytes of a file. nullopt when not ELF (or of an
/// unknown class or byte order). kCorrupt when `head` is too short for the header of its class.
Result<std::optional<ElfHeader>> ParseElfHeader(std::string_view head);

/// Where a section's bytes lie in the file.
struct SectionRange {
  uint64_t offset = 0;
  uint64_t size = 0;
};

/// Finds the section called `name`. nullopt when the file is not ELF, has no section header
/// table, or has no such section. Errors: kCorrupt (tables or the section past the end of the
/// file, a section of type SHT_NOBITS), kLimitExceeded (more than kMaxSectionHeaders headers, a
/// name table above kMaxSectionNameTableBytes), and the reader's own errors.
Result<std::optional<SectionRange>> FindElfSection(RandomReader& r, std::string_view name);

}  // namespace hullscan::extract::rust
