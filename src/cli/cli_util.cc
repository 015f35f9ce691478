#include "cli/cli_util.h"

#include <cstdio>
#include <cstdlib>

#include "cli/exit_codes.h"

namespace hullscan::cli {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string DefaultCacheDir() {
  std::string xdg = Env("XDG_CACHE_HOME");
  if (!xdg.empty()) return xdg + "/hullscan";
  std::string home = Env("HOME");
  if (!home.empty()) return home + "/.cache/hullscan";
  return "";
}

std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

int Fail(const Error& e, int code) {
  std::fprintf(stderr, "hullscan: error: %s\n", Printable(e.message()).c_str());
  return code;
}

int Fail(const Error& e) { return Fail(e, ExitCodeFor(e)); }

}  // namespace hullscan::cli
