// Fuzz target for image::TarIndex: the headers of an outer tar archive (docker-archive,
// oci-archive), in memory. Invariants: every indexed member lies inside the input, names are
// normalised (no leading '/', no "." or ".." components), and Resolve() terminates.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image/tar_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  image::MemoryReaderAt reader(bytes);
  Limits limits;
  limits.max_archive_members = 10000;
  auto index = image::TarIndex::Build(reader, limits, "fuzz.tar");
  if (!index) return 0;
  for (const image::TarMember* m : index->Members()) {
    if (m->data_offset > size || m->size_bytes > size - m->data_offset) std::abort();
    if (m->name.empty() || m->name.front() == '/' || m->name.back() == '/') std::abort();
    if (m->name == ".." || m->name.rfind("../", 0) == 0 || m->name.find("/../") != std::string::npos ||
        m->name.find("/./") != std::string::npos || m->name.find("//") != std::string::npos) {
      std::abort();
    }
    if (index->Find(m->name) != m) std::abort();
    auto r = index->Resolve(m->name);
    if (r && (*r)->type == image::TarMemberType::kSymlink) std::abort();
  }
  return 0;
}
