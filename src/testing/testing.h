// Test helpers shared by every test binary: where the shared fixtures and the built test
// images are, and a skip that names what is missing (DESIGN.md 1.5).
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace hullscan::testing {

/// The shared data directory: $HULLSCAN_SHARED_DIR, else <source>/../shared.
std::string SharedDir();
/// A path under the shared dir ("fixtures/dpkg/..."), or "" when it does not exist.
std::string SharedPath(const std::string& rel);
/// The directory of images built by build-images.sh: $HULLSCAN_TEST_IMAGES, or "".
std::string ImagesDir();
/// The source tree: $HULLSCAN_SOURCE_DIR.
std::string SourceDir();
/// Reads a whole file; fails the test when it cannot.
std::string ReadTestFile(const std::string& path);

}  // namespace hullscan::testing

/// Skips the test, naming the missing path, when `path` is empty or does not exist.
#define HS_REQUIRE_PATH(path)                                                       \
  do {                                                                              \
    std::string hs_p_ = (path);                                                     \
    if (hs_p_.empty() || !::hullscan::testing::Exists(hs_p_))                       \
      GTEST_SKIP() << "SKIPPED: missing test data: " << (hs_p_.empty() ? #path : hs_p_); \
  } while (0)

namespace hullscan::testing {
bool Exists(const std::string& path);
}
