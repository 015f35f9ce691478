// Downloading feed files over HTTP(S) with libcurl: streamed to a file in our temp dir, never held in
// memory; conditional GET with the ETag of the previous download (304 = unchanged); bounded size,
// redirects and time. Feeds are public: no credentials are ever sent. Thread-safety: one call per
// thread (each uses its own curl handle).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace hullscan::feed {

struct HttpOptions {
  uint64_t max_bytes = 4ull << 30;      ///< a feed larger than this is refused
  int64_t connect_timeout_s = 15;
  int64_t stall_timeout_s = 60;         ///< abort when under 1 KiB/s for this long
  int64_t total_timeout_s = 3600;
  int64_t max_redirects = 5;
};

struct HttpResult {
  bool not_modified = false;  ///< 304 for the ETag sent
  std::string etag;           ///< the server's ETag ("" when none)
  uint64_t bytes = 0;
};

/// GETs `url` into `dest` (created/truncated). Sends If-None-Match when `etag` is not empty.
/// Errors: kNetwork "GET URL: why" (DNS, connect, timeout, HTTP status >= 400, too big).
Result<HttpResult> HttpGetToFile(const std::string& url, const std::string& dest, const std::string& etag,
                                 const HttpOptions& options = {});

}  // namespace hullscan::feed
