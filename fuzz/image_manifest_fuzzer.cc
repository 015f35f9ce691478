// Fuzz target for the image metadata parsers: OCI index and manifest (and Docker manifest
// list / schema 2), image config, and docker-archive manifest.json, all fed the same bytes.
// Invariants: a parsed config applied to an image with as many layers maps history entries to
// valid layer indices only.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image/docker_manifest.h"
#include "image/image_config.h"
#include "image/oci_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  (void)image::ParseOciIndex(json, "index");
  (void)image::SniffMediaType(json, "blob");
  auto m = image::ParseOciManifest(json, "manifest");
  if (m && !image::IsLayerMediaType(m->layers.empty() ? "application/vnd.oci.image.layer.v1.tar"
                                                      : m->layers.front().media_type)) {
    std::abort();
  }
  auto config = image::ParseImageConfig(json, "config");
  if (config) {
    model::ImageInfo info;
    info.layers.resize(config->diff_ids.size());
    if (!image::ApplyConfig(*config, &info)) std::abort();
    for (const model::HistoryEntry& h : info.history) {
      if (h.layer_index < -1 || h.layer_index >= static_cast<int>(info.layers.size())) std::abort();
    }
    for (const model::LayerInfo& l : info.layers) {
      if (l.history_index >= static_cast<int>(info.history.size())) std::abort();
    }
  }
  auto entries = image::ParseDockerManifest(json, "manifest.json");
  if (entries) {
    if (entries->empty()) std::abort();
    (void)image::SelectDockerManifestEntry(*entries, "", "archive");
    (void)image::SelectDockerManifestEntry(*entries, "x:latest", "archive");
    for (const auto& e : *entries) {
      for (const auto& t : e.repo_tags) (void)image::NormalizeDockerReference(t);
    }
  }
  (void)image::ParsePlatform(json);
  return 0;
}
