// A small HTTP/1.1 client on libcurl (loaded with dlopen, registry/curl_api.h) for the registry
// client: one request per call, redirects NOT followed (the caller decides where credentials
// go), and the response body read as a pull-style ByteSource. The body is never held whole:
// curl's multi interface is driven from Read(), and when more than kMaxBufferedBytes wait
// unread the transfer is paused (CURL_WRITEFUNC_PAUSE, https://curl.se/libcurl/c/curl_easy_pause.html),
// so a multi-gigabyte layer flows through a bounded buffer into the one-pass layer pipeline.
//
// Timeouts: connect, stall (less than kStallMinBytesPerSecond for stall_timeout_ms while the
// transfer is not paused by us) and an optional total. TLS uses the system CAs plus
// ca_cert_path; verify_tls = false only for registries the user named insecure.
// Thread-safety: an HttpResponse is used by one thread at a time; HttpOpen may be called from
// several threads (each response owns its curl handles).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/byte_io.h"
#include "base/status.h"

namespace hullscan::registry {

struct HttpOptions {
  int64_t connect_timeout_ms = 15000;
  /// Abort when fewer than kStallMinBytesPerSecond arrive for this long.
  int64_t stall_timeout_ms = 30000;
  /// Whole request including the body; 0 = no limit (blobs: the stall timeout bounds them).
  int64_t total_timeout_ms = 0;
  /// Extra CA bundle (PEM) trusted besides the system CAs; "" = none.
  std::string ca_cert_path;
  /// false only for a registry named with --insecure-registry.
  bool verify_tls = true;
  std::string user_agent = "hullscan";
};

inline constexpr uint64_t kMaxBufferedBytes = 1 << 20;
inline constexpr int64_t kStallMinBytesPerSecond = 256;
/// Response headers larger than this abort the request.
inline constexpr uint64_t kMaxHeaderBytes = 64 * 1024;

struct HttpRequest {
  std::string method = "GET";         ///< "GET" or "HEAD"
  std::string url;                    ///< http:// or https:// only
  std::vector<std::string> headers;   ///< "Name: value" lines; may hold credentials: never logged
};

/// An HTTP response whose status and headers have arrived; the body is read with Read().
class HttpResponse final : public ByteSource {
 public:
  ~HttpResponse() override;
  HttpResponse(const HttpResponse&) = delete;
  HttpResponse& operator=(const HttpResponse&) = delete;

  int64_t status() const;
  /// The last value of header `name` (case-insensitive), "" when absent.
  std::string Header(std::string_view name) const;
  /// Every value of header `name`, in order.
  std::vector<std::string> Headers(std::string_view name) const;
  /// The URL asked for (without credentials: none are ever put in URLs).
  const std::string& url() const;
  /// Body bytes. Errors: kNetwork (connection dropped, stalled, timed out: the message says
  /// which; retryable() tells whether a Range resume may help). Sticky.
  Result<size_t> Read(std::span<std::byte> out) override;
  /// Whether the last failure was a dropped connection after which a Range request may
  /// succeed (not a stall or timeout: a server that stalls once is not asked again).
  bool retryable() const;

  struct State;
  explicit HttpResponse(std::unique_ptr<State> s);

 private:
  std::unique_ptr<State> s_;
};

/// Sends `req` and waits for the response headers (any status: 4xx/5xx are not errors here).
/// Errors: kUnsupported (no libcurl), kInvalidArgument (a URL that is not http(s)),
/// kNetwork ("GET URL: why" for DNS, connect, TLS, timeouts, oversized headers).
Result<std::unique_ptr<HttpResponse>> HttpOpen(const HttpRequest& req, const HttpOptions& opts);

/// Parts of an absolute http(s) URL.
struct UrlParts {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< lowercase, IPv6 with brackets
  std::string port;    ///< explicit port or the scheme's default ("80"/"443")
  std::string path_and_query;  ///< starts with '/'
  /// scheme://host:port, the unit credentials are bound to.
  std::string Origin() const { return scheme + "://" + host + ":" + port; }
};

/// Splits an absolute http(s) URL. kInvalidArgument for other schemes, userinfo, or junk.
Result<UrlParts> ParseUrl(std::string_view url);

/// Resolves a Location header against the URL it answered (absolute, scheme-relative
/// "//host/p", absolute-path "/p" or relative "p").
Result<std::string> ResolveLocation(std::string_view base, std::string_view location);

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters pass).
std::string UrlEncode(std::string_view s);

}  // namespace hullscan::registry
