// Diagnostic: a partial-scan fact that belongs in the report (DESIGN.md 1.4): a file an
// extractor could not parse, an entry skipped for a limit, a path that tried to escape.
// The scan goes on; the table footer, JSON and SARIF show these.
#pragma once

#include <string>

namespace hullscan::model {

struct Diagnostic {
  std::string stage;      ///< "layer", "extract", "image", "apply"
  int layer_index = -1;   ///< -1 when not tied to a layer
  std::string path;       ///< path inside the image, if any
  std::string extractor;  ///< extractor name, if any
  std::string code;       ///< ErrorCodeName(): "corrupt", "limit_exceeded", ...
  std::string message;
  bool operator==(const Diagnostic&) const = default;
};

}  // namespace hullscan::model
