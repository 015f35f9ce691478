#include "registry/client.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "base/json.h"
#include "registry/listing.h"

namespace hullscan::registry {

namespace {

constexpr uint64_t kMaxErrorBodyBytes = 16 * 1024;
constexpr uint64_t kMaxTokenResponseBytes = 256 * 1024;

bool IsRedirect(int64_t st) { return st == 301 || st == 302 || st == 303 || st == 307 || st == 308; }
bool IsRetryableStatus(int64_t st) { return st == 429 || st == 500 || st == 502 || st == 503 || st == 504; }

// Printable, bounded text from a server, for messages.
std::string Printable(std::string_view s, size_t max = 200) {
  std::string out;
  for (char c : s.substr(0, max)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (s.size() > max) out += "...";
  return out;
}

// A URL for messages: scheme://host:port/path, without the query (presigned URLs carry
// signatures there).
std::string ForMessage(const std::string& url) {
  auto p = ParseUrl(url);
  if (!p) return "(bad URL)";
  return p->scheme + "://" + p->host + ":" + p->port + Printable(p->path_and_query.substr(0, p->path_and_query.find('?')));
}

std::string OriginOf(const std::string& url) {
  auto p = ParseUrl(url);
  return p ? p->Origin() : std::string();
}

void SleepMs(int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Reads at most `max` bytes of a body (for error details); errors end the read.
std::string ReadPrefix(ByteSource& src, uint64_t max) {
  std::string out;
  std::byte buf[4096];
  while (out.size() < max) {
    auto n = src.Read(std::span<std::byte>(buf, std::min<uint64_t>(sizeof(buf), max - out.size())));
    if (!n || *n == 0) break;
    out.append(reinterpret_cast<const char*>(buf), *n);
  }
  return out;
}

// Reads a whole body of at most `max` bytes: kLimitExceeded naming `what` beyond.
Result<std::string> ReadBody(HttpResponse& resp, uint64_t max, const std::string& what) {
  std::string cl = resp.Header("content-length");
  if (!cl.empty() && cl.size() < 20 && cl.find_first_not_of("0123456789") == std::string::npos &&
      std::stoull(cl) > max) {
    return MakeError(ErrorCode::kLimitExceeded, what + ": " + cl + " bytes is over the limit of " + std::to_string(max));
  }
  std::string out;
  std::byte buf[16384];
  for (;;) {
    HS_ASSIGN_OR_RETURN(size_t n, resp.Read(buf));
    if (n == 0) break;
    if (out.size() + n > max) {
      return MakeError(ErrorCode::kLimitExceeded, what + ": more than the limit of " + std::to_string(max) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(buf), n);
  }
  return out;
}

Result<std::string> HashOf(std::string_view data, std::string_view algorithm) {
  if (algorithm != "sha256" && algorithm != "sha512") {
    return MakeError(ErrorCode::kUnsupported, "digest algorithm " + std::string(algorithm) + " is not supported");
  }
  Hasher h(algorithm);
  h.Update(data.data(), data.size());
  return h.Finish();
}

// A blob stream that counts bytes and resumes with Range after a dropped connection.
class BlobStream final : public ByteSource {
 public:
  BlobStream(Client& client, std::string path, std::string what, int64_t size, std::unique_ptr<HttpResponse> resp,
             int max_resumes)
      : client_(client), path_(std::move(path)), what_(std::move(what)), size_(size), resp_(std::move(resp)),
        max_resumes_(max_resumes) {}

  Result<size_t> Read(std::span<std::byte> out) override {
    if (error_) return MakeError(*error_);
    for (;;) {
      auto r = resp_->Read(out);
      if (r && *r == 0 && size_ >= 0 && got_ < static_cast<uint64_t>(size_)) {
        if (resumes_ >= max_resumes_) {
          return Fail(Error(ErrorCode::kNetwork, what_ + ": blob ended after " + std::to_string(got_) + " of " +
                                                     std::to_string(size_) + " bytes"));
        }
        if (Status st = Resume(); !st) return Fail(st.error());
        continue;
      }
      if (r) {
        got_ += *r;
        if (size_ >= 0 && got_ > static_cast<uint64_t>(size_)) {
          return Fail(Error(ErrorCode::kCorrupt, what_ + ": blob is longer than the manifest's size of " +
                                                     std::to_string(size_) + " bytes"));
        }
        return r;
      }
      if (resp_->retryable() && resumes_ < max_resumes_ && (size_ < 0 || got_ < static_cast<uint64_t>(size_))) {
        if (Status st = Resume(); !st) return Fail(st.error());
        continue;
      }
      return Fail(r.error().WithContext(what_));
    }
  }

 private:
  tl::unexpected<Error> Fail(Error e) {
    error_ = e;
    return MakeError(std::move(e));
  }

  Status Resume() {
    ++resumes_;
    HS_ASSIGN_OR_RETURN(auto resp, client_.Send("GET", path_, {"Range: bytes=" + std::to_string(got_) + "-"},
                                                what_ + " (resuming at byte " + std::to_string(got_) + ")", 0));
    int64_t st = resp->status();
    if (st == 206) {
      // Content-Range: bytes START-END/TOTAL (RFC 9110 section 14.4).
      std::string cr = resp->Header("content-range");
      std::string want = "bytes " + std::to_string(got_) + "-";
      if (!cr.starts_with(want)) {
        return MakeError(ErrorCode::kNetwork, what_ + ": resume answered with Content-Range '" + Printable(cr) +
                                                  "', expected '" + want + "...'");
      }
      resp_ = std::move(resp);
      return OkStatus();
    }
    if (st == 200) {
      // The server ignores Range: skip what we already have.
      uint64_t skip = got_;
      std::byte buf[16384];
      while (skip > 0) {
        HS_ASSIGN_OR_RETURN(size_t n, resp->Read(std::span<std::byte>(buf, std::min<uint64_t>(sizeof(buf), skip))));
        if (n == 0) return MakeError(ErrorCode::kNetwork, what_ + ": blob shorter on the resumed request");
        skip -= n;
      }
      resp_ = std::move(resp);
      return OkStatus();
    }
    return MakeError(client_.StatusError(*resp, what_));
  }

  Client& client_;
  std::string path_;
  std::string what_;
  int64_t size_;
  std::unique_ptr<HttpResponse> resp_;
  int max_resumes_;
  int resumes_ = 0;
  uint64_t got_ = 0;
  std::optional<Error> error_;
};

// Owns the stream it verifies.
class VerifiedBlob final : public ByteSource {
 public:
  VerifiedBlob(std::unique_ptr<ByteSource> inner, std::string expected, std::string what)
      : inner_(std::move(inner)), digesting_(*inner_, std::move(expected), std::move(what)) {}
  Result<size_t> Read(std::span<std::byte> out) override { return digesting_.Read(out); }

 private:
  std::unique_ptr<ByteSource> inner_;
  DigestingSource digesting_;
};

}  // namespace

std::string Client::Where() const {
  if (ref_.repository.empty()) return "registry " + ref_.registry;
  return "registry " + ref_.registry + ": repository '" + ref_.repository + "'";
}

bool Client::IsInsecure(const std::string& host_port) const {
  std::string host = host_port;
  if (host.front() != '[') {
    size_t colon = host.rfind(':');
    if (colon != std::string::npos) host = host.substr(0, colon);
  } else {
    host = host.substr(0, host.find(']') + 1);
  }
  for (const std::string& e : opts_.insecure_registries) {
    if (e == host_port || e == host) return true;
  }
  return false;
}

HttpOptions Client::HttpFor(const std::string& url, int64_t total_timeout_ms) const {
  HttpOptions h;
  h.connect_timeout_ms = opts_.connect_timeout_ms;
  h.stall_timeout_ms = opts_.stall_timeout_ms;
  h.total_timeout_ms = total_timeout_ms;
  h.ca_cert_path = opts_.ca_cert_path;
  auto p = ParseUrl(url);
  if (p) {
    std::string default_port = p->scheme == "https" ? "443" : "80";
    h.verify_tls = !(IsInsecure(p->host + ":" + p->port) || (p->port == default_port && IsInsecure(p->host)));
  }
  return h;
}

std::string Client::AuthHeader() const {
  std::lock_guard<std::mutex> lock(mu_);
  return auth_header_;
}

Status Client::ResolveCredentials() {
  std::lock_guard<std::mutex> lock(creds_mu_);
  if (creds_resolved_) return OkStatus();
  creds_resolved_ = true;
  creds_ = opts_.credentials;
  if (!creds_.empty() || opts_.docker_config_path.empty()) return OkStatus();
  auto text = ReadFile(opts_.docker_config_path, 4ull << 20);
  if (!text) {
    if (text.error().code() == ErrorCode::kNotFound) return OkStatus();
    return MakeError(ErrorCode::kInvalidArgument, "read " + opts_.docker_config_path + ": " + text.error().message());
  }
  HS_ASSIGN_OR_RETURN(DockerConfigEntry entry, LookupDockerConfig(*text, ref_.registry, opts_.docker_config_path));
  if (!entry.helper.empty()) {
    HS_ASSIGN_OR_RETURN(Credentials c, RunCredentialHelper(entry.helper, DockerConfigKey(ref_.registry)));
    if (!c.empty()) {
      creds_ = std::move(c);
      return OkStatus();
    }
  }
  creds_ = std::move(entry.credentials);
  return OkStatus();
}

Status Client::Authenticate(const std::string& www_authenticate, bool fresh) {
  const std::string where = Where();
  auto parsed = ParseChallenge(www_authenticate);
  if (!parsed) return MakeError(parsed.error().WithContext(where));
  const Challenge& ch = *parsed;
  HS_RETURN_IF_ERROR(ResolveCredentials());
  Credentials creds;
  {
    std::lock_guard<std::mutex> lock(creds_mu_);
    creds = creds_;
  }
  const std::string basic = creds.empty() ? "" : "Authorization: Basic " + Base64Encode(creds.username + ":" + creds.password);
  if (ch.scheme == "basic") {
    if (creds.empty()) {
      return MakeError(ErrorCode::kAuth, where + ": the registry requires a user name and password and none was given "
                                                 "(--username with --password or --password-stdin, "
                                                 "HULLSCAN_REGISTRY_USERNAME/PASSWORD, or docker login)");
    }
    std::lock_guard<std::mutex> lock(mu_);
    auth_header_ = basic;
    return OkStatus();
  }
  if (ch.scheme != "bearer") {
    return MakeError(ErrorCode::kAuth, where + ": unsupported authentication scheme '" + Printable(ch.scheme, 40) + "'");
  }
  auto realm_it = ch.params.find("realm");
  if (realm_it == ch.params.end() || realm_it->second.empty()) {
    return MakeError(ErrorCode::kAuth, where + ": Bearer challenge without a realm");
  }
  const std::string& realm = realm_it->second;
  auto realm_parts = ParseUrl(realm);
  if (!realm_parts) return MakeError(ErrorCode::kAuth, where + ": token realm: " + realm_parts.error().message());
  if (realm_parts->path_and_query.find('#') != std::string::npos) {
    return MakeError(ErrorCode::kAuth, where + ": bad token realm");
  }
  auto service_it = ch.params.find("service");
  std::string service = service_it == ch.params.end() ? "" : service_it->second;
  auto scope_it = ch.params.find("scope");
  // Without a scope in the challenge: pull on our repository, or the catalog for a
  // registry-wide client (https://distribution.github.io/distribution/spec/auth/scope/).
  std::string scope = scope_it != ch.params.end() && !scope_it->second.empty() ? scope_it->second
                      : ref_.repository.empty()                                 ? "registry:catalog:*"
                                                                                : "repository:" + ref_.repository + ":pull";
  const std::string key = realm + "|" + service + "|" + scope;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = token_cache_.find(key);
    if (it != token_cache_.end()) {
      std::string header = "Authorization: Bearer " + it->second;
      if (!fresh || header != auth_header_) {
        auth_header_ = header;
        return OkStatus();
      }
    }
  }
  std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&");
  if (!service.empty()) url += "service=" + UrlEncode(service) + "&";
  url += "scope=" + UrlEncode(scope);
  const std::string realm_origin = realm_parts->Origin();
  std::unique_ptr<HttpResponse> resp;
  for (int redirects = 0;; ++redirects) {
    HttpRequest req;
    req.url = url;
    // Credentials go to the token server the registry named, never to where it redirects.
    if (!basic.empty() && OriginOf(url) == realm_origin) req.headers.push_back(basic);
    auto r = HttpOpen(req, HttpFor(url, opts_.manifest_timeout_ms));
    if (!r) return MakeError(ErrorCode::kNetwork, where + ": token request: " + r.error().message());
    resp = std::move(*r);
    if (!IsRedirect(resp->status())) break;
    if (redirects + 1 > opts_.max_redirects) {
      return MakeError(ErrorCode::kNetwork, where + ": token request: more than " + std::to_string(opts_.max_redirects) + " redirects");
    }
    HS_ASSIGN_OR_RETURN(url, ResolveLocation(url, resp->Header("location")));
  }
  int64_t st = resp->status();
  if (st == 401 || st == 403) {
    return MakeError(ErrorCode::kAuth, where + ": the token server " + ForMessage(realm) + " refused " +
                                           (creds.empty() ? "anonymous access (no credentials were given)"
                                                          : "the credentials of user '" + Printable(creds.username, 80) + "'") +
                                           " (HTTP " + std::to_string(st) + ")");
  }
  if (st != 200) {
    return MakeError(ErrorCode::kNetwork, where + ": token request to " + ForMessage(realm) + ": HTTP " + std::to_string(st));
  }
  auto body = ReadBody(*resp, kMaxTokenResponseBytes, where + ": token response");
  if (!body) return MakeError(body.error());
  auto token = ParseTokenResponse(*body);
  if (!token) return MakeError(token.error().WithContext(where));
  std::lock_guard<std::mutex> lock(mu_);
  token_cache_[key] = *token;
  auth_header_ = "Authorization: Bearer " + *token;
  return OkStatus();
}

Result<std::unique_ptr<HttpResponse>> Client::Send(const std::string& method, const std::string& path,
                                                   const std::vector<std::string>& extra_headers,
                                                   const std::string& what, int64_t total_timeout_ms,
                                                   bool retry_transport) {
  const std::string where = Where() + ": " + what;
  bool reauthenticated = false;
  int attempt = 0;
  for (;;) {
    std::string url = base_ + path;
    std::unique_ptr<HttpResponse> resp;
    std::optional<Error> transport;
    for (int redirects = 0;; ++redirects) {
      HttpRequest req;
      req.method = method;
      req.url = url;
      req.headers = extra_headers;
      // Credentials only for the registry's own origin (scheme, host and port).
      if (OriginOf(url) == origin_) {
        std::string auth = AuthHeader();
        if (!auth.empty()) req.headers.push_back(std::move(auth));
      }
      auto r = HttpOpen(req, HttpFor(url, total_timeout_ms));
      if (!r) {
        if (r.error().code() != ErrorCode::kNetwork) return MakeError(r.error().WithContext(where));
        transport = r.error();
        break;
      }
      resp = std::move(*r);
      if (!IsRedirect(resp->status())) break;
      if (redirects + 1 > opts_.max_redirects) {
        return MakeError(ErrorCode::kNetwork, where + ": more than " + std::to_string(opts_.max_redirects) +
                                                  " redirects (the last to " + ForMessage(url) + ")");
      }
      auto next = ResolveLocation(url, resp->Header("location"));
      if (!next) return MakeError(ErrorCode::kNetwork, where + ": " + next.error().message());
      url = *next;
    }
    if (transport) {
      if (retry_transport && attempt < opts_.max_retries) {
        SleepMs(std::min(opts_.max_retry_wait_ms, opts_.initial_backoff_ms << attempt));
        ++attempt;
        continue;
      }
      return MakeError(transport->WithContext(where));
    }
    int64_t st = resp->status();
    if (st == 401 && !reauthenticated && OriginOf(resp->url()) == origin_) {
      std::string challenge = resp->Header("www-authenticate");
      if (!challenge.empty()) {
        HS_RETURN_IF_ERROR(Authenticate(challenge, true));
        reauthenticated = true;
        continue;
      }
    }
    if (IsRetryableStatus(st) && attempt < opts_.max_retries) {
      int64_t wait = std::min(opts_.max_retry_wait_ms, opts_.initial_backoff_ms << attempt);
      std::string ra = resp->Header("retry-after");
      if (!ra.empty() && ra.size() < 9 && ra.find_first_not_of("0123456789") == std::string::npos) {
        wait = std::min<int64_t>(opts_.max_retry_wait_ms, std::stoll(ra) * 1000);
      }
      SleepMs(wait);
      ++attempt;
      continue;
    }
    return resp;
  }
}

Error Client::StatusError(HttpResponse& resp, const std::string& what) {
  const int64_t st = resp.status();
  std::string body = ReadPrefix(resp, kMaxErrorBodyBytes);
  // {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown",...}]} (spec "Error Codes").
  std::string detail;
  if (auto j = ParseJson(body, "error body"); j && j->is_object()) {
    auto errs = j->find("errors");
    if (errs != j->end() && errs->is_array() && !errs->empty() && (*errs)[0].is_object()) {
      const Json& e = (*errs)[0];
      auto code = e.find("code");
      auto msg = e.find("message");
      if (code != e.end() && code->is_string()) detail += Printable(code->get<std::string>(), 60);
      if (msg != e.end() && msg->is_string()) detail += (detail.empty() ? "" : ": ") + Printable(msg->get<std::string>());
    }
  }
  std::string http = "HTTP " + std::to_string(st) + (detail.empty() ? "" : " " + detail);
  const std::string where = Where() + ": " + what;
  if (st == 401) {
    bool none;
    {
      std::lock_guard<std::mutex> lock(creds_mu_);
      none = creds_.empty();
    }
    return Error(ErrorCode::kAuth, where + ": authentication failed (" + http + ")" +
                                       (none ? "; no credentials were given (--username with --password or "
                                               "--password-stdin, HULLSCAN_REGISTRY_USERNAME/PASSWORD, or docker login)"
                                             : "; check the user name and password"));
  }
  if (st == 403) return Error(ErrorCode::kAuth, where + ": access denied (" + http + ")");
  if (st == 404) return Error(ErrorCode::kNetwork, where + ": not found (" + http + ")");
  return Error(ErrorCode::kNetwork, where + ": unexpected answer (" + http + ")");
}

Status Client::Ping() {
  std::vector<std::string> schemes = {"https"};
  if (IsInsecure(ref_.ApiHost())) schemes.push_back("http");
  std::optional<Error> last;
  for (size_t i = 0; i < schemes.size(); ++i) {
    base_ = schemes[i] + "://" + ref_.ApiHost();
    HS_ASSIGN_OR_RETURN(UrlParts parts, ParseUrl(base_));
    origin_ = parts.Origin();
    const bool last_scheme = i + 1 == schemes.size();
    auto resp = Send("GET", "/v2/", {}, "API check (GET /v2/)", opts_.manifest_timeout_ms, last_scheme);
    if (!resp) {
      if (resp.error().code() == ErrorCode::kNetwork && !last_scheme) {
        last = resp.error();
        continue;
      }
      return MakeError(resp.error());
    }
    int64_t st = (*resp)->status();
    if (st == 200 || st == 401) return OkStatus();  // 401 after a fresh token: later requests say more
    if (st == 404) {
      return MakeError(ErrorCode::kNetwork, "registry " + ref_.registry + ": " + ForMessage(base_ + "/v2/") +
                                                " answered 404: not an OCI distribution registry");
    }
    return MakeError(StatusError(**resp, "API check (GET /v2/)"));
  }
  return MakeError(*last);
}

Result<std::unique_ptr<Client>> Client::Create(const Reference& ref, const ClientOptions& opts) {
  std::unique_ptr<Client> c(new Client(ref, opts));
  HS_RETURN_IF_ERROR(c->Ping());
  return c;
}

Result<std::unique_ptr<Client>> Client::CreateForRegistry(const std::string& registry, const ClientOptions& opts) {
  Reference ref;
  ref.registry = registry;
  std::unique_ptr<Client> c(new Client(std::move(ref), opts));
  HS_RETURN_IF_ERROR(c->Ping());
  return c;
}

Result<std::string> Client::HeadManifest(const std::string& reference) {
  std::string what = "manifest '" + Printable(reference, 140) + "' (HEAD)";
  HS_ASSIGN_OR_RETURN(auto resp, Send("HEAD", "/v2/" + ref_.repository + "/manifests/" + reference, {kManifestAccept},
                                      what, opts_.manifest_timeout_ms));
  if (resp->status() != 200) return MakeError(StatusError(*resp, what));
  auto d = Digest::Parse(resp->Header("docker-content-digest"));
  return d ? d->str() : std::string();
}

Result<std::vector<std::string>> Client::List(const std::string& path, const std::string& field, const std::string& what) {
  std::vector<std::string> names;
  std::vector<std::string> seen;
  std::string next = path;
  uint64_t bytes = 0;
  for (uint64_t page = 0; !next.empty(); ++page) {
    if (page >= opts_.max_list_pages) {
      return MakeError(ErrorCode::kLimitExceeded, Where() + ": " + what + ": more than " +
                                                      std::to_string(opts_.max_list_pages) +
                                                      " pages (the registry keeps sending Link rel=\"next\")");
    }
    for (const std::string& s : seen) {
      if (s == next) {
        return MakeError(ErrorCode::kNetwork, Where() + ": " + what + ": the Link rel=\"next\" of page " +
                                                  std::to_string(page) + " points back to an earlier page");
      }
    }
    seen.push_back(next);
    const std::string page_what = what + " page " + std::to_string(page + 1);
    HS_ASSIGN_OR_RETURN(auto resp, Send("GET", next, {"Accept: application/json"}, page_what, opts_.manifest_timeout_ms));
    if (resp->status() != 200) return MakeError(StatusError(*resp, page_what));
    if (bytes >= opts_.max_list_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, Where() + ": " + what + ": more than " +
                                                      std::to_string(opts_.max_list_bytes) + " bytes in all");
    }
    auto body = ReadBody(*resp, opts_.max_list_bytes - bytes, Where() + ": " + page_what);
    if (!body) {
      if (body.error().code() == ErrorCode::kLimitExceeded) {
        return MakeError(ErrorCode::kLimitExceeded, Where() + ": " + what + ": more than " +
                                                        std::to_string(opts_.max_list_bytes) + " bytes in all");
      }
      return MakeError(body.error());
    }
    bytes += body->size();
    HS_ASSIGN_OR_RETURN(std::vector<std::string> got, ParseNameList(*body, field, Where() + ": " + page_what));
    names.insert(names.end(), got.begin(), got.end());
    std::string link = resp->Header("link");
    next.clear();
    if (link.empty()) break;
    auto target = ParseLinkNext(link);
    if (!target) return MakeError(target.error().WithContext(Where() + ": " + page_what));
    if (target->empty()) break;
    HS_ASSIGN_OR_RETURN(std::string url, ResolveLocation(base_ + seen.back(), *target));
    HS_ASSIGN_OR_RETURN(UrlParts parts, ParseUrl(url));
    if (parts.Origin() != origin_) {
      return MakeError(ErrorCode::kNetwork, Where() + ": " + page_what + ": the next page is on another origin (" +
                                                ForMessage(url) + "); not followed");
    }
    next = parts.path_and_query;
  }
  return names;
}

Result<Client::Manifest> Client::GetManifest(const std::string& reference) {
  const bool by_digest = reference.find(':') != std::string::npos;
  std::string what = "manifest '" + Printable(reference, 140) + "'";
  HS_ASSIGN_OR_RETURN(auto resp, Send("GET", "/v2/" + ref_.repository + "/manifests/" + reference, {kManifestAccept},
                                      what, opts_.manifest_timeout_ms));
  if (resp->status() != 200) return MakeError(StatusError(*resp, what));
  HS_ASSIGN_OR_RETURN(std::string body, ReadBody(*resp, opts_.max_manifest_bytes,
                                                 Where() + ": " + what));
  Manifest m;
  m.media_type = resp->Header("content-type");
  m.media_type = m.media_type.substr(0, m.media_type.find(';'));
  while (!m.media_type.empty() && m.media_type.back() == ' ') m.media_type.pop_back();
  std::string expected;
  if (by_digest) {
    HS_ASSIGN_OR_RETURN(Digest d, Digest::Parse(reference));
    expected = d.str();
  } else if (std::string dcd = resp->Header("docker-content-digest"); !dcd.empty()) {
    auto d = Digest::Parse(dcd);
    if (d) expected = d->str();
  }
  std::string algorithm = expected.empty() ? "sha256" : expected.substr(0, expected.find(':'));
  HS_ASSIGN_OR_RETURN(m.digest, HashOf(body, algorithm));
  if (!expected.empty() && m.digest != expected) {
    return MakeError(ErrorCode::kCorrupt, Where() + ": " + what +
                                              ": digest mismatch: content hashes to " + m.digest + ", expected " + expected);
  }
  if (algorithm != "sha256") {
    HS_ASSIGN_OR_RETURN(m.digest, HashOf(body, "sha256"));
  }
  if (by_digest) m.digest = expected;
  m.body = std::move(body);
  return m;
}

Result<std::string> Client::ReadBlob(const Digest& digest, int64_t size_bytes, uint64_t max_bytes) {
  std::string what = "blob " + digest.str();
  const std::string where = Where() + ": " + what;
  if (size_bytes >= 0 && static_cast<uint64_t>(size_bytes) > max_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, where + ": " + std::to_string(size_bytes) + " bytes is over the limit of " +
                                                    std::to_string(max_bytes));
  }
  HS_ASSIGN_OR_RETURN(auto resp, Send("GET", "/v2/" + ref_.repository + "/blobs/" + digest.str(), {}, what,
                                      opts_.manifest_timeout_ms));
  if (resp->status() != 200) return MakeError(StatusError(*resp, what));
  HS_ASSIGN_OR_RETURN(std::string body, ReadBody(*resp, max_bytes, where));
  if (size_bytes >= 0 && body.size() != static_cast<uint64_t>(size_bytes)) {
    return MakeError(ErrorCode::kCorrupt, where + ": size " + std::to_string(body.size()) + " differs from the manifest's " +
                                              std::to_string(size_bytes));
  }
  HS_ASSIGN_OR_RETURN(std::string got, HashOf(body, digest.algorithm));
  if (got != digest.str()) {
    return MakeError(ErrorCode::kCorrupt, where + ": digest mismatch: content hashes to " + got);
  }
  return body;
}

Result<std::unique_ptr<ByteSource>> Client::OpenBlob(const Digest& digest, int64_t size_bytes) {
  std::string what = "blob " + digest.str();
  std::string path = "/v2/" + ref_.repository + "/blobs/" + digest.str();
  HS_ASSIGN_OR_RETURN(auto resp, Send("GET", path, {}, what, 0));
  if (resp->status() != 200) return MakeError(StatusError(*resp, what));
  auto stream = std::make_unique<BlobStream>(*this, path, "registry " + ref_.registry + ": " + what, size_bytes,
                                             std::move(resp), opts_.max_resumes);
  return std::unique_ptr<ByteSource>(std::make_unique<VerifiedBlob>(std::move(stream), digest.str(),
                                                                    "registry " + ref_.registry + ": " + what));
}

}  // namespace hullscan::registry
