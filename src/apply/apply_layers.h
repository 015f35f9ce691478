// ApplyLayers: per-layer results -> the final Inventory (DESIGN.md 1.3), a pure function.
//
// Rules, after trivy's ApplyLayers, claircore's whiteout resolver and scalibr's trace:
//  - Layers apply in order. A layer's whiteouts and opaque dirs remove what the layers BELOW it
//    put under those paths (OCI image-spec layer.md: "Whiteout files MUST only be applied to
//    resources in lower/parent layers"); then the layer's own evidence applies.
//  - The newest copy of an evidence file (a package DB) wins: a layer that rewrote
//    /var/lib/dpkg/status replaces every package an older copy listed, even with none.
//  - A package's layer is the first layer from which it is present, at that version and path,
//    without a gap up to the top (scalibr's PopulateLayerDetails).
//  - Then language packages get their OS owner and npm projects are resolved
//    (language_packages.h).
//  - Per-layer changes (added / removed / changed version) compare the visible package sets
//    after consecutive layers.
// No I/O; thread-safe (pure).
#pragma once

#include <span>

#include "model/layer_result.h"

namespace hullscan::apply {

model::Inventory ApplyLayers(std::span<const model::LayerResult> layers);

}  // namespace hullscan::apply
