#include "scan/scanner.h"

#include <chrono>
#include <mutex>
#include <optional>

#include "apply/apply_layers.h"
#include "base/log.h"
#include "base/temp_dir.h"
#include "base/thread_pool.h"
#include "extract/os/os_release/resolve_distro.h"
#include "extract/runner.h"
#include "layer/layer_reader.h"
#include "store/layer_cache.h"

namespace hullscan::scan {

namespace {

std::string ShortDigest(const std::string& d) {
  size_t colon = d.find(':');
  return colon == std::string::npos ? d : d.substr(0, std::min(d.size(), colon + 1 + 12));
}

Result<model::LayerResult> ReadLayer(image::ImageSource& source, size_t index, const InventoryOptions& opts,
                                     TempDir& temp) {
  const model::LayerInfo& info = source.info().layers[index];
  extract::ExtractorList extractors = extract::DefaultExtractors(opts.package_types);
  extract::RunOptions run;
  run.limits = opts.source.limits;
  run.temp_dir = &temp;
  run.layer_index = static_cast<int>(index);

  HS_ASSIGN_OR_RETURN(auto entries, source.OpenLayerEntries(index));
  if (entries) return extract::RunExtractors(*entries, extractors, run);

  HS_ASSIGN_OR_RETURN(auto blob, source.OpenLayer(index));
  layer::LayerReaderOptions lopts;
  lopts.expected_diff_id = info.diff_id;
  lopts.verified_blob_digest = info.digest;  // OpenLayer's stream verifies it (image_source.h)
  lopts.limits = opts.source.limits;
  HS_ASSIGN_OR_RETURN(auto reader, layer::LayerReader::Open(*blob, lopts));
  HS_ASSIGN_OR_RETURN(model::LayerResult result, extract::RunExtractors(*reader, extractors, run));
  result.tar_bytes = reader->tar_bytes();
  return result;
}

}  // namespace

Result<model::ScanReport> BuildInventory(const image::ImageRef& ref, const InventoryOptions& opts,
                                         InventoryStats* stats) {
  HS_RETURN_IF_ERROR(opts.source.limits.Validate());
  HS_ASSIGN_OR_RETURN(auto source, image::ImageSource::Open(ref, opts.source));
  const model::ImageInfo& info = source->info();
  const size_t n = info.layers.size();

  InventoryStats local;
  InventoryStats& st = stats ? *stats : local;
  st.layers_total = static_cast<int>(n);

  std::unique_ptr<store::LayerCache> cache;
  if (!opts.cache_dir.empty()) {
    auto c = store::LayerCache::Open(opts.cache_dir);
    if (c) {
      cache = std::move(*c);
    } else {
      st.cache_warning = c.error().message();
      HS_LOG(kWarn, "layer cache unavailable, scanning without it", {{"error", c.error().message()}});
    }
  }
  const std::string set_key = extract::ExtractorSetKey(extract::DefaultExtractors(opts.package_types));
  HS_ASSIGN_OR_RETURN(auto temp, TempDir::Create(opts.temp_parent));

  std::vector<std::optional<Result<model::LayerResult>>> results(n);
  std::vector<char> from_cache(n, 0);
  std::mutex mu;
  ParallelFor(n, std::max<size_t>(1, opts.parallelism), [&](size_t i) {
    const model::LayerInfo& li = info.layers[i];
    std::string key = li.diff_id.empty() ? "" : li.diff_id + "/" + set_key;
    if (cache && !key.empty()) {
      auto hit = cache->Get(key);
      if (hit && hit->has_value()) {
        model::LayerResult r = std::move(**hit);
        for (auto& d : r.diagnostics) d.layer_index = static_cast<int>(i);
        results[i].emplace(std::move(r));
        from_cache[i] = 1;
        HS_LOG(kInfo, "layer scan done", {{"layer", std::to_string(i)}, {"from_cache", "1"}});
        return;
      }
    }
    auto t0 = std::chrono::steady_clock::now();
    auto r = ReadLayer(*source, i, opts, *temp);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    HS_LOG(kInfo, "layer scan done", {{"layer", std::to_string(i)}, {"from_cache", "0"}, {"ms", std::to_string(ms)},
                                      {"ok", r ? "1" : "0"}});
    if (r) {
      r->diff_id = li.diff_id;
      r->cache_key = key;
      if (cache && !key.empty()) {
        auto put = cache->Put(key, *r);
        if (!put) HS_LOG(kWarn, "layer cache write failed", {{"error", put.error().message()}});
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    results[i].emplace(std::move(r));
  });

  std::vector<model::LayerResult> layers;
  layers.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto& r = *results[i];
    if (!r) {
      return MakeError(r.error().WithContext("layer " + std::to_string(i + 1) + "/" + std::to_string(n) + " " +
                                             ShortDigest(info.layers[i].digest)));
    }
    st.layers_from_cache += from_cache[i];
    layers.push_back(std::move(*r));
  }

  model::Inventory inv = apply::ApplyLayers(layers);
  model::ScanReport report;
  report.tool_version = opts.tool_version;
  report.timestamp = opts.now_unix_seconds;
  report.image = info;
  for (size_t i = 0; i < n; ++i) {
    model::LayerInfo& li = report.image.layers[i];
    li.size_bytes = layers[i].content_bytes;
    li.tar_bytes = layers[i].tar_bytes;
    li.file_count = layers[i].file_count;
    li.from_cache = from_cache[i] != 0;
    for (const auto& d : layers[i].diagnostics) report.diagnostics.push_back(d);
  }
  report.distro = extract::os_release::ResolveDistro(inv.distro_facts);
  report.packages = std::move(inv.packages);
  report.layer_changes = std::move(inv.layer_changes);
  return report;
}

}  // namespace hullscan::scan
