// Fuzz target for registry::ParseReference and the URL helpers the registry client applies to
// server-sent Location headers. Invariants: a parsed reference has a registry, a repository of
// at most 255 bytes with the registry, a tag or digest, and its str() parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "registry/http_client.h"
#include "registry/reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan::registry;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ref = ParseReference(text);
  if (ref) {
    if (ref->registry.empty() || ref->repository.empty()) std::abort();
    if (ref->tag.empty() && ref->digest.empty()) std::abort();
    if (ref->registry.size() + 1 + ref->repository.size() > kMaxRepositoryBytes) std::abort();
    auto again = ParseReference(ref->str());
    if (!again || again->str() != ref->str()) std::abort();
  }
  auto url = ParseUrl(text);
  if (url && url->path_and_query.empty()) std::abort();
  auto loc = ResolveLocation("https://r.example:5000/v2/a/blobs/x", text);
  if (loc && !ParseUrl(*loc)) std::abort();
  return 0;
}
