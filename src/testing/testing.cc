#include "testing/testing.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hullscan::testing {

namespace {
std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

std::string SourceDir() {
  std::string s = Env("HULLSCAN_SOURCE_DIR");
  return s.empty() ? "." : s;
}

std::string SharedDir() {
  std::string s = Env("HULLSCAN_SHARED_DIR");
  if (!s.empty()) return s;
  return SourceDir() + "/../shared";
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string SharedPath(const std::string& rel) {
  std::string p = SharedDir() + "/" + rel;
  return Exists(p) ? p : "";
}

std::string ImagesDir() { return Env("HULLSCAN_TEST_IMAGES"); }

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hullscan::testing
