// registry::Client: an OCI Distribution client for one repository
// (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md): manifests by tag
// or digest, small blobs read whole, and layer blobs streamed with their digest verified at the
// end and resumed with a Range request after a dropped connection.
//
// Authentication (https://distribution.github.io/distribution/spec/auth/token/): the /v2/ ping
// tells whether the registry is open, wants HTTP Basic, or a Bearer token from a realm; tokens
// are cached per scope ("repository:REPO:pull") and fetched again once on a 401. Credentials
// (and tokens) are sent only to the registry's own origin (scheme, host, port): a redirect to
// any other origin (a CDN, another port) is followed without an Authorization header. Secrets
// never appear in errors or logs.
//
// Robustness: at most max_redirects redirects per request, retries with exponential backoff on
// 429/5xx and transport errors honouring Retry-After (capped at max_retry_wait_ms), manifests
// limited to max_manifest_bytes and manifest_timeout_ms, blobs bounded by the stall timeout.
// Thread-safety: after Create(), every method may be called from several threads (the auth
// state is guarded by a mutex; each stream owns its own connection).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/byte_io.h"
#include "base/digest.h"
#include "base/status.h"
#include "registry/auth.h"
#include "registry/http_client.h"
#include "registry/reference.h"

namespace hullscan::registry {

struct ClientOptions {
  /// From --username/--password(-stdin) or HULLSCAN_REGISTRY_USERNAME/PASSWORD; used for the
  /// registry being pulled from. Empty: docker_config_path is consulted.
  Credentials credentials;
  /// ~/.docker/config.json (or $DOCKER_CONFIG/config.json); "" or a missing file = none.
  std::string docker_config_path;
  /// Extra PEM CA bundle (--ca-cert).
  std::string ca_cert_path;
  /// "host[:port]" entries named with --insecure-registry: https without verification, or
  /// plain http when https does not answer.
  std::vector<std::string> insecure_registries;
  int64_t connect_timeout_ms = 15000;
  int64_t stall_timeout_ms = 30000;
  /// One manifest, config or token request, start to end.
  int64_t manifest_timeout_ms = 60000;
  uint64_t max_manifest_bytes = 4ull << 20;
  int max_redirects = 5;
  int max_retries = 4;
  int64_t initial_backoff_ms = 250;
  int64_t max_retry_wait_ms = 10000;
  /// Range resumes of one blob after dropped connections.
  int max_resumes = 5;
  /// Where image::RegistrySource keeps reference -> manifest + config (manifest_cache.h);
  /// "" = no metadata cache (every open asks the registry).
  std::string cache_dir;
  /// Catalog and tag listings (List): at most this many pages and bytes in all.
  uint64_t max_list_pages = 1000;
  uint64_t max_list_bytes = 64ull << 20;
};

/// The manifest media types we accept, for the Accept header.
inline constexpr const char* kManifestAccept =
    "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

class Client {
 public:
  /// Pings https://HOST/v2/ (http:// when the registry is named insecure and https fails),
  /// resolves credentials and, for a Bearer registry, fetches the pull token.
  /// Errors: kNetwork (unreachable, not a registry), kAuth (token refused, no credentials
  /// where required, credential helper failed), kInvalidArgument (bad config.json).
  static Result<std::unique_ptr<Client>> Create(const Reference& ref, const ClientOptions& opts);

  /// A client for registry-wide requests (the catalog): `registry` is "host[:port]" or
  /// "docker.io"; no repository. Same errors as Create.
  static Result<std::unique_ptr<Client>> CreateForRegistry(const std::string& registry, const ClientOptions& opts);

  struct Manifest {
    std::string body;
    std::string media_type;  ///< Content-Type as served (parameters dropped); may be ""
    std::string digest;      ///< sha256 of body, checked against the digest asked for
  };

  /// GETs manifests/<tag or digest>. With a digest the body must hash to it; with a tag a
  /// Docker-Content-Digest header, when sent, must match the body.
  /// Errors: kNetwork (404 "manifest unknown", transport), kAuth (401/403),
  /// kLimitExceeded (over max_manifest_bytes), kCorrupt (digest mismatch).
  Result<Manifest> GetManifest(const std::string& reference);

  /// HEADs manifests/<reference> (same Accept header as GetManifest) and returns the
  /// Docker-Content-Digest the registry sends ("" when it sends none or an unparsable one).
  /// Errors: as GetManifest.
  Result<std::string> HeadManifest(const std::string& reference);

  /// A paginated name list: GETs `path` ("/v2/_catalog" or "/v2/REPO/tags/list", with ?n=),
  /// collects the strings under `field` ("repositories" or "tags") and follows
  /// Link: <...>; rel="next" on the same origin. Errors: kLimitExceeded after max_list_pages
  /// pages or max_list_bytes bytes ("a listing that never ends"), kNetwork (a next link to
  /// another origin or back to a page already read, HTTP errors), kCorrupt (bad JSON).
  Result<std::vector<std::string>> List(const std::string& path, const std::string& field, const std::string& what);

  /// Reads a small blob (a config) whole, size and digest checked.
  Result<std::string> ReadBlob(const Digest& digest, int64_t size_bytes, uint64_t max_bytes);

  /// Streams a blob (REQUIRES: the Client outlives the stream): kCorrupt at end of stream when the bytes do not hash to `digest` or their
  /// count differs from size_bytes (when >= 0); a dropped connection is resumed with Range.
  Result<std::unique_ptr<ByteSource>> OpenBlob(const Digest& digest, int64_t size_bytes);

  const Reference& reference() const { return ref_; }
  /// "https://host:port" in use.
  const std::string& base_url() const { return base_; }

  /// Sends one request to `path` (under base_url) with auth, redirects and retries; the
  /// response may have any status. `what` names the request in errors ("manifest 'tag'").
  Result<std::unique_ptr<HttpResponse>> Send(const std::string& method, const std::string& path,
                                             const std::vector<std::string>& extra_headers, const std::string& what,
                                             int64_t total_timeout_ms, bool retry_transport = true);

  /// An error for a non-2xx response: names the registry, the repository and `what`; reads at
  /// most 16 KiB of the body for the registry's error code. kAuth for 401/403, else kNetwork.
  Error StatusError(HttpResponse& resp, const std::string& what);

 private:
  Client(Reference ref, ClientOptions opts) : ref_(std::move(ref)), opts_(std::move(opts)) {}
  HttpOptions HttpFor(const std::string& url, int64_t total_timeout_ms) const;
  bool IsInsecure(const std::string& host_port) const;
  Status Ping();
  /// Handles a challenge: fetches a Bearer token or arms Basic. `fresh` skips the token cache.
  Status Authenticate(const std::string& www_authenticate, bool fresh);
  std::string AuthHeader() const;
  Status ResolveCredentials();
  /// "registry R: repository 'X'" (or "registry R" without a repository), for messages.
  std::string Where() const;

  Reference ref_;
  ClientOptions opts_;
  std::string base_;    ///< scheme://host[:port]
  std::string origin_;  ///< UrlParts::Origin() of base_
  std::mutex creds_mu_;
  Credentials creds_;            ///< guarded by creds_mu_
  bool creds_resolved_ = false;  ///< guarded by creds_mu_

  mutable std::mutex mu_;
  std::string auth_header_;                        ///< guarded by mu_
  std::map<std::string, std::string> token_cache_; ///< realm|service|scope -> token; guarded by mu_
};

}  // namespace hullscan::registry
