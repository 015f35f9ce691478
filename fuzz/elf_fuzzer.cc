// Fuzz target for the shared ELF reader (extract/common/elf.h), in memory: the bytes are an ELF
// file whose header, program headers and section table are read with random access, every
// section's name taken and a few sections read; then the section table is read again through a
// forward-only reader. Invariants: no crash, no unbounded allocation; errors are kCorrupt or
// kLimitExceeded (kUnsupported only from the forward-only reader); a section found by name
// carries that name; a section read gives exactly its size in bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "extract/common/elf.h"

using namespace hullscan;
using namespace hullscan::extract::common;

namespace {

void CheckError(const Error& e, bool forward) {
  if (e.code() == ErrorCode::kCorrupt || e.code() == ErrorCode::kLimitExceeded) return;
  if (forward && e.code() == ErrorCode::kUnsupported) return;
  std::abort();
}

void ReadAll(ElfReader& r, bool forward) {
  auto first = r.ReadAt(0, r.size() < kElf64HeaderBytes ? r.size() : kElf64HeaderBytes);
  if (!first) return CheckError(first.error(), forward);
  auto header = ParseElfHeader(*first);
  if (!header) return CheckError(header.error(), forward);
  if (!*header) return;
  auto segments = ReadElfSegments(r, **header);
  if (!segments) CheckError(segments.error(), forward);
  ElfLimits limits;
  limits.max_section_headers = 4096;
  limits.max_name_table_bytes = 1 << 20;
  auto table = ReadElfSections(r, **header, limits);
  if (!table) return CheckError(table.error(), forward);
  uint64_t name_bytes = 0;
  for (const ElfSection& s : table->sections()) name_bytes += table->NameOf(s).size();
  (void)name_bytes;
  for (std::string_view name : {".text", ".go.buildinfo", ".dep-v0", ".shstrtab", ""}) {
    const ElfSection* s = table->Find(name);
    if (s == nullptr) continue;
    if (table->NameOf(*s) != name) std::abort();
    if (forward) continue;
    auto bytes = ReadElfSection(r, *s, name, 1 << 20);
    if (!bytes) {
      CheckError(bytes.error(), forward);
    } else if (bytes->size() != s->size) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  MemoryElfReader memory(bytes);
  ReadAll(memory, false);
  auto found = FindElfSection(memory, ".dep-v0");
  if (!found) CheckError(found.error(), false);
  const size_t head = size < 64 ? size : 64;
  MemorySource rest(bytes.substr(head));
  ForwardElfReader forward(std::string(bytes.substr(0, head)), rest, size);
  ReadAll(forward, true);
  return 0;
}
