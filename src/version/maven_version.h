// Maven versions, ordered as Maven 3.8's org.apache.maven.artifact.versioning.ComparableVersion
// orders them (maven-artifact 3.8.7, the version Debian 12 ships; spec:
// https://maven.apache.org/pom.html#version-order-specification, source:
// https://github.com/apache/maven/blob/maven-3.8.7/maven-artifact/src/main/java/org/apache/maven/artifact/versioning/ComparableVersion.java).
// Matchers compare installed Java packages (jar manifests, pom.properties) with advisory ranges
// through it (DESIGN.md 1.3).
//
// The text is lowercased (ASCII) and split into items at '.', at '-' (which also opens a nested
// list) and at digit/non-digit transitions (which open a nested list too); an empty item is 0.
// Numbers compare numerically at any length. Qualifiers order alpha (a1) < beta (b1) <
// milestone (m1) < rc = cr < snapshot < "" = ga = final = release < sp < any other qualifier,
// others lexically among themselves. Trailing null items (0, "", ga, final, release, empty lists)
// are trimmed, so 1 == 1.0 == 1-0 == 1.ga, and 1-1 == 1.0-1. A shorter list is padded with
// "null", which a number 0 or the release qualifier equals.
//
// Acceptance: Maven accepts any string. We reject the empty string, texts longer than
// kMaxVersionTextBytes, and whitespace or control bytes (never part of a real version). Bytes
// >= 0x80 are qualifier characters compared byte-wise: Java would lowercase non-ASCII letters
// and read non-ASCII digits (Character.isDigit) as numbers; we do not. Stateless singleton:
// thread-safe.
#pragma once

#include "version/version_scheme.h"

namespace hullscan::version {

/// The Maven scheme (SchemeId::kMaven).
const VersionScheme& MavenScheme();

}  // namespace hullscan::version
