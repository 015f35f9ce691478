#include "feed/http_fetch.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "registry/curl_api.h"

namespace hullscan::feed {

namespace {

// libcurl is loaded on first use (registry/curl_api.h): only `db update` over HTTP needs it.
using Curl = registry::CurlApi;
using registry::LoadCurl;

struct WriteState {
  FILE* file = nullptr;
  uint64_t bytes = 0;
  uint64_t max_bytes = 0;
  bool too_big = false;
};

size_t OnWrite(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<WriteState*>(user);
  size_t len = size * n;
  if (st->bytes + len > st->max_bytes) {
    st->too_big = true;
    return 0;  // aborts the transfer
  }
  if (std::fwrite(data, 1, len, st->file) != len) return 0;
  st->bytes += len;
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* etag = static_cast<std::string*>(user);
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "etag:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
    std::string_view v = line.substr(kName.size());
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
    *etag = std::string(v);
  }
  return size * n;
}

}  // namespace

Result<HttpResult> HttpGetToFile(const std::string& url, const std::string& dest, const std::string& etag,
                                 const HttpOptions& options) {
  const Result<Curl>& lib = LoadCurl();
  if (!lib) return MakeError(lib.error());
  const Curl& c = *lib;
  CURL* curl = c.easy_init();
  if (!curl) return MakeError(ErrorCode::kInternal, "curl: cannot create a handle");
  FILE* f = std::fopen(dest.c_str(), "wb");
  if (!f) {
    c.easy_cleanup(curl);
    return MakeError(ErrorCode::kIo, "open " + dest + ": " + std::strerror(errno));
  }
  WriteState ws{f, 0, options.max_bytes, false};
  HttpResult result;
  curl_slist* headers = nullptr;
  if (!etag.empty()) headers = c.slist_append(headers, ("If-None-Match: " + etag).c_str());
  char errbuf[CURL_ERROR_SIZE] = {0};
  c.easy_setopt(curl, CURLOPT_URL, url.c_str());
  c.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  c.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  c.easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
  c.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout_s));
  c.easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options.total_timeout_s));
  c.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  c.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout_s));
  c.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(curl, CURLOPT_USERAGENT, "hullscan");
  c.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  c.easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnWrite);
  c.easy_setopt(curl, CURLOPT_WRITEDATA, &ws);
  c.easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  c.easy_setopt(curl, CURLOPT_HEADERDATA, &result.etag);
  c.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = c.easy_perform(curl);
  long status = 0;
  c.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  c.slist_free_all(headers);
  c.easy_cleanup(curl);
  bool closed = std::fclose(f) == 0;
  if (ws.too_big) {
    return MakeError(ErrorCode::kNetwork, "GET " + url + ": larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    return MakeError(ErrorCode::kNetwork, "GET " + url + ": " + (errbuf[0] ? errbuf : c.easy_strerror(rc)));
  }
  if (status == 304) {
    result.not_modified = true;
    return result;
  }
  if (status >= 400 || status < 200) {
    return MakeError(ErrorCode::kNetwork, "GET " + url + ": HTTP " + std::to_string(status));
  }
  if (!closed) return MakeError(ErrorCode::kIo, "write " + dest + ": close failed");
  result.bytes = ws.bytes;
  return result;
}

}  // namespace hullscan::feed
