// Fuzzes the layer pipeline: magic-byte decompression (gzip/zstd/none) and libarchive's tar
// parsing behind our callback, entry normalisation and whiteouts. Invariants: no crash, every
// returned path is absolute and normalised, and reading never exceeds the limits.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "layer/layer_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  MemorySource src(std::string_view(reinterpret_cast<const char*>(data), size));
  layer::LayerReaderOptions opts;
  opts.limits.max_layer_bytes = 64 << 20;
  opts.limits.bomb_min_bytes = 1 << 20;
  opts.limits.max_entries = 10000;
  auto reader = layer::LayerReader::Open(src, opts);
  if (!reader) return 0;
  std::byte buf[4096];
  while ((*reader)->Next()) {
    const auto& e = (*reader)->entry();
    if (e.path.empty() || e.path[0] != '/' || e.path.find("/../") != std::string::npos ||
        (e.path.size() > 1 && e.path.back() == '/')) {
      std::fprintf(stderr, "bad path: %s\n", e.path.c_str());
      std::abort();
    }
    for (int i = 0; i < 16; ++i) {
      auto n = (*reader)->body().Read(buf);
      if (!n || *n == 0) break;
    }
  }
  return 0;
}
