// Registry authentication pieces that parse untrusted or user-supplied text: the
// WWW-Authenticate challenge (RFC 7235 section 4.1, with the Bearer parameters of the
// distribution token spec, https://distribution.github.io/distribution/spec/auth/token/),
// the token endpoint's JSON answer, Docker's ~/.docker/config.json and the JSON a
// docker-credential-NAME helper prints (https://github.com/docker/docker-credential-helpers).
// Secrets held in these structs never go into an Error message.
// Thread-safety: plain functions and values, except RunCredentialHelper which runs a process.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::registry {

struct Challenge {
  std::string scheme;                         ///< lowercase: "bearer", "basic"
  std::map<std::string, std::string> params;  ///< lowercase names: realm, service, scope, error
};

/// Parses the first challenge of a WWW-Authenticate value: `Scheme k=v, k="quoted \" v"`.
/// Errors: kNetwork "bad WWW-Authenticate header: why" (empty, unterminated quote, over 8 KiB).
Result<Challenge> ParseChallenge(std::string_view header);

/// The token from a token endpoint's JSON: "token", else "access_token".
/// Errors: kAuth (bad JSON, neither field a non-empty string).
Result<std::string> ParseTokenResponse(std::string_view json);

struct Credentials {
  std::string username;
  std::string password;
  bool empty() const { return username.empty() && password.empty(); }
};

/// The key docker uses for a registry in config.json and for credential helpers:
/// "https://index.docker.io/v1/" for Docker Hub, else the host[:port] itself.
std::string DockerConfigKey(std::string_view registry);

/// What config.json says for `registry`: a credential helper to run (credHelpers[registry],
/// else credsStore) and/or inline credentials from auths (base64 "auth" = "user:pass", or
/// "username"/"password"). Keys in auths are compared after dropping a scheme and path
/// ("https://host/v1/" matches host).
struct DockerConfigEntry {
  std::string helper;       ///< "" or NAME of docker-credential-NAME
  Credentials credentials;  ///< empty when auths has nothing usable
};

/// Errors: kInvalidArgument naming `path` (bad JSON, bad base64, "auth" without ':').
Result<DockerConfigEntry> LookupDockerConfig(std::string_view json, std::string_view registry, std::string_view path);

/// Parses a helper's `get` output {"ServerURL":..,"Username":..,"Secret":..}.
/// Errors: kAuth (bad JSON or fields).
Result<Credentials> ParseHelperOutput(std::string_view json, std::string_view helper);

/// Runs `docker-credential-NAME get` with `server` on stdin (at most 10 s, 64 KiB of output).
/// A helper that says the credentials are not found yields empty Credentials.
/// Errors: kAuth (helper missing, failing, timing out, bad output; never the output itself).
Result<Credentials> RunCredentialHelper(std::string_view helper, std::string_view server);

/// Base64 (RFC 4648 section 4, padding optional). kInvalidArgument on other characters.
Result<std::string> Base64Decode(std::string_view in);
std::string Base64Encode(std::string_view in);

}  // namespace hullscan::registry
