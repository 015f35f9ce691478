// ResolveDistro: the one OS of an image, chosen from the DistroFacts that the "os/release"
// extractor recorded and ApplyLayers kept for the merged filesystem. Pure function, no I/O;
// called by the scan stage after ApplyLayers. Thread-safe (no shared state).
#pragma once

#include <vector>

#include "model/layer_result.h"
#include "model/package.h"

namespace hullscan::extract::os_release {

/// Picks the distro from the facts of the merged image, by path precedence:
///   /etc/os-release > /usr/lib/os-release > /etc/alpine-release > /etc/centos-release >
///   /etc/redhat-release > /etc/system-release > /etc/debian_version.
/// Facts with an empty id, or from other paths, are ignored; when one path has several facts
/// the last one counts (later layers come later). When the chosen distro is Debian and lacks
/// version_id or codename (Debian testing/sid has no VERSION_ID), they are filled from the
/// /etc/debian_version fact. Returns an empty Distro when no fact qualifies.
model::Distro ResolveDistro(const std::vector<model::DistroFact>& facts);

}  // namespace hullscan::extract::os_release
