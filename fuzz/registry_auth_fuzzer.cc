// Fuzz target for what registries and users hand the auth code: WWW-Authenticate challenges,
// token responses, docker config.json and credential-helper output, base64. Invariants: parsed
// challenges have a lowercase scheme and at most 32 parameters; base64 round-trips.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "registry/auth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan::registry;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ch = ParseChallenge(text);
  if (ch) {
    if (ch->scheme.empty() || ch->params.size() > 32) std::abort();
    for (char c : ch->scheme) {
      if (std::isupper(static_cast<unsigned char>(c))) std::abort();
    }
  }
  (void)ParseTokenResponse(text);
  (void)LookupDockerConfig(text, "docker.io", "config.json");
  (void)LookupDockerConfig(text, "127.0.0.1:5000", "config.json");
  (void)ParseHelperOutput(text, "fuzz");
  auto decoded = Base64Decode(text);
  if (decoded) {
    auto back = Base64Decode(Base64Encode(*decoded));
    if (!back || *back != *decoded) std::abort();
  }
  return 0;
}
