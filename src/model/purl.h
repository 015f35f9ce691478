// Package URLs (https://github.com/package-url/purl-spec) and OSV ecosystem names for packages.
// Pure functions of a Package and the image's Distro; the one place these strings are built.
#pragma once

#include <string>

#include "model/package.h"

namespace hullscan::model {

/// "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12". Qualifiers are sorted
/// by key, empty ones omitted; name and version are percent-encoded per the purl spec.
std::string Purl(const Package& p, const Distro& d);

/// OSV ecosystem name: "Debian:12", "Alpine:v3.20", "Rocky Linux:9", ...; "" when the distro
/// has no OSV ecosystem (or is unknown).
std::string OsvEcosystem(const Package& p, const Distro& d);

/// The purl namespace of an rpm distro ("redhat", "centos", "amazon", "opensuse", ...).
std::string RpmNamespace(const Distro& d);

/// Percent-encodes everything except A-Z a-z 0-9 . - _ ~
std::string PercentEncode(std::string_view s);

}  // namespace hullscan::model
