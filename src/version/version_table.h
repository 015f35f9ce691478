// Test support: reads a comparison table from src/version/testdata/<scheme>.txt and checks every
// line against a VersionScheme. Line forms (surrounding blanks ignored, '#' starts a comment):
//   A < B    A = B    A > B     a comparison; the reverse and A == A are checked too
//   ! TEXT                      TEXT must not parse (the rest of the line, trimmed)
// Used by the *_version_test.cc table tests; not part of the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "version/version_scheme.h"

namespace hullscan::version::testing {

struct TableLine {
  int line = 0;
  std::string a;
  char op = 0;  // '<', '=', '>' or '!' (invalid: `a` must not parse)
  std::string b;
};

/// Parses the table at `path`; fails the current test on a malformed line.
std::vector<TableLine> ReadTable(const std::string& path);

/// Checks every line with `scheme`, reporting each mismatch with its line number. Returns the
/// number of lines checked.
size_t CheckTable(const VersionScheme& scheme, const std::vector<TableLine>& lines);

/// "<", "=" or ">".
std::string OrderingName(std::strong_ordering o);

/// True when `command` runs and exits 0 (output discarded): is a reference tool installed?
bool CommandSucceeds(const std::string& command);

/// Writes `script` to a temporary file, runs it with /bin/sh and returns its stdout lines. Fails
/// the current test (and returns {}) when the script cannot be run or exits non-zero.
std::vector<std::string> RunShellScript(const std::string& script);

/// A deterministic generator for differential tests (splitmix64: the same stream everywhere,
/// unlike std:: distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  /// Uniform-enough in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  /// One byte of `alphabet`.
  char Pick(std::string_view alphabet) { return alphabet[Below(alphabet.size())]; }

 private:
  uint64_t state_;
};

}  // namespace hullscan::version::testing
