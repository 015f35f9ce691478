// Hand-made ELF files for the tests of extract/common/elf.h and of the extractors that read
// executables (test-only; not linked into the scanner). MakeTestElf() lays a file out the way
// linkers do: the ELF header, each section's bytes, the section name table, then the section
// header table at the end. Header-only. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hullscan::extract::common {

/// One section of a test file. SHT_NOBITS (type 8) sections get no bytes in the file.
struct TestElfSection {
  std::string name;
  std::string bytes;
  uint32_t type = 1;  ///< SHT_PROGBITS
  uint64_t flags = 0;
  uint64_t addr = 0;
};

/// Writes `v` as a `width`-byte integer at `off` of `b`, in the given byte order.
inline void PutElfUint(std::string& b, uint64_t off, uint64_t v, uint64_t width, bool big_endian) {
  for (uint64_t i = 0; i < width; ++i) {
    const uint64_t shift = big_endian ? 8 * (width - 1 - i) : 8 * i;
    b[off + i] = static_cast<char>((v >> shift) & 0xff);
  }
}

/// An ET_EXEC file holding `sections` (after the null section 0) and a final `.shstrtab`, which
/// e_shstrndx names. No program headers.
inline std::string MakeTestElf(const std::vector<TestElfSection>& sections, bool is64 = true, bool big = false) {
  const uint64_t ehsize = is64 ? 64 : 52;
  const uint64_t shentsize = is64 ? 64 : 40;
  std::string b(ehsize, '\0');
  b[0] = 0x7f;
  b[1] = 'E';
  b[2] = 'L';
  b[3] = 'F';
  b[4] = is64 ? 2 : 1;
  b[5] = big ? 2 : 1;
  b[6] = 1;
  std::string names(1, '\0');
  struct Placed {
    uint64_t name, type, flags, addr, offset, size;
  };
  std::vector<Placed> placed;
  for (const TestElfSection& s : sections) {
    placed.push_back({names.size(), s.type, s.flags, s.addr, b.size(), s.bytes.size()});
    names += s.name + '\0';
    if (s.type != 8) b += s.bytes;
  }
  placed.push_back({names.size(), 3, 0, 0, b.size(), 0});  // .shstrtab, SHT_STRTAB
  names += std::string(".shstrtab") + '\0';
  placed.back().size = names.size();
  b += names;
  const uint64_t shoff = b.size();
  const uint64_t shnum = placed.size() + 1;
  b.append(shnum * shentsize, '\0');
  const uint64_t word = is64 ? 8 : 4;
  for (uint64_t i = 0; i < placed.size(); ++i) {
    const uint64_t o = shoff + (i + 1) * shentsize;
    PutElfUint(b, o, placed[i].name, 4, big);
    PutElfUint(b, o + 4, placed[i].type, 4, big);
    PutElfUint(b, o + 8, placed[i].flags, word, big);
    PutElfUint(b, o + 8 + word, placed[i].addr, word, big);
    PutElfUint(b, o + 8 + 2 * word, placed[i].offset, word, big);
    PutElfUint(b, o + 8 + 3 * word, placed[i].size, word, big);
  }
  PutElfUint(b, 16, 2, 2, big);  // ET_EXEC
  if (is64) {
    PutElfUint(b, 40, shoff, 8, big);
    PutElfUint(b, 52, ehsize, 2, big);
    PutElfUint(b, 58, shentsize, 2, big);
    PutElfUint(b, 60, shnum, 2, big);
    PutElfUint(b, 62, shnum - 1, 2, big);
  } else {
    PutElfUint(b, 32, shoff, 4, big);
    PutElfUint(b, 40, ehsize, 2, big);
    PutElfUint(b, 46, shentsize, 2, big);
    PutElfUint(b, 48, shnum, 2, big);
    PutElfUint(b, 50, shnum - 1, 2, big);
  }
  return b;
}

}  // namespace hullscan::extract::common
