// Java archives (.jar, .war, .ear, .par): the Maven artifacts a zip holds, nested archives
// included (Spring Boot BOOT-INF/lib/*.jar, WEB-INF/lib/*.jar, shaded jars).
//
// Identity, per archive (the rules of Trivy's jar parser, pkg/dependency/parser/java/jar, without
// its Maven Central look-ups):
//   1. every `pom.properties` member with groupId, artifactId and version is one package
//      "groupId:artifactId" (a shaded jar reports each one); its path is
//      "<archive path>!/<member>", e.g.
//      "/app/lib/app-all.jar!/BOOT-INF/lib/jackson-databind-2.14.0.jar!/META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties";
//   2. else META-INF/MANIFEST.MF (https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html):
//      Implementation-Vendor-Id + Implementation-Title + Implementation-Version give
//      "vendorId:title"; else Bundle-SymbolicName + Bundle-Version (OSGi) give the symbolic
//      name (group unknown: no ':'); path "<archive>!/META-INF/MANIFEST.MF";
//   3. else the file name "artifact-1.2.3.jar" split at the last '-' before a digit gives
//      "artifact" (group unknown) and "1.2.3"; path = the archive's own path.
// Nested archives are read into memory (bounded) and walked to a bounded depth.
// Limits (JarLimits): entries per archive, nesting depth, bytes of one nested archive and of a
// metadata member, total decompressed bytes and the ratio of decompressed to compressed bytes
// (zip bombs). A limit that is hit becomes a problem; what was found before it is kept.
// Place in the pipeline: used by java_extractor.h. Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/package.h"

namespace hullscan::extract::java {

struct JarLimits {
  uint64_t max_depth = 3;                          ///< nested archive levels below the file itself
  uint64_t max_entries = 100'000;                  ///< members of one archive
  uint64_t max_nested_bytes = 64 * 1024 * 1024;    ///< one nested archive held in memory
  uint64_t max_member_bytes = 1024 * 1024;         ///< one pom.properties or MANIFEST.MF
  uint64_t max_total_bytes = 512 * 1024 * 1024;    ///< decompressed over one top-level file
  uint64_t max_ratio = 100;                        ///< decompressed : compressed bytes of one archive
};

/// What one archive (with its nested archives) holds.
struct JarContents {
  /// In member order, nested archives where they occur; type kMaven, path set.
  std::vector<model::Package> packages;
  /// Members or nested archives skipped, and limits hit.
  std::vector<Error> problems;
};

/// True for the archive suffixes we read: .jar, .war, .ear, .par (case-insensitive).
bool IsJavaArchiveName(std::string_view path);

/// Reads the zip file at `file`; `display_path` is its path in the image.
/// Errors: kCorrupt (not a zip), kIo.
Result<JarContents> ReadJarFile(const std::string& file, std::string_view display_path, const JarLimits& limits = {});

/// The same for an archive in memory (tests, fuzzers).
Result<JarContents> ReadJarBytes(std::string_view bytes, std::string_view display_path, const JarLimits& limits = {});

/// Identity from a MANIFEST.MF main section; empty name when it names none.
model::Package PackageFromManifest(std::string_view manifest);

/// Identity from an archive's file name ("snakeyaml-1.33.jar"); empty name when it has no
/// version part.
model::Package PackageFromFileName(std::string_view path);

}  // namespace hullscan::extract::java
