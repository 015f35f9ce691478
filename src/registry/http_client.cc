#include "registry/http_client.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "registry/curl_api.h"

namespace hullscan::registry {

struct HttpResponse::State {
  const CurlApi* c = nullptr;
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  curl_slist* header_list = nullptr;
  std::string method;
  std::string url;
  char errbuf[CURL_ERROR_SIZE] = {0};

  // Response head.
  int64_t status = 0;
  bool head_done = false;
  uint64_t header_bytes = 0;
  bool headers_too_big = false;
  std::vector<std::pair<std::string, std::string>> headers;

  // Body buffer: [pos, buf.size()) unread.
  std::string buf;
  size_t pos = 0;
  bool paused = false;
  bool done = false;
  CURLcode result = CURLE_OK;
  bool failed = false;
  Error error{ErrorCode::kNetwork, ""};

  ~State() {
    if (multi != nullptr && easy != nullptr) c->multi_remove_handle(multi, easy);
    if (easy != nullptr) c->easy_cleanup(easy);
    if (multi != nullptr) c->multi_cleanup(multi);
    if (header_list != nullptr) c->slist_free_all(header_list);
  }

  std::string Why(CURLcode rc) const {
    if (headers_too_big) return "response headers larger than " + std::to_string(kMaxHeaderBytes) + " bytes";
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return std::string("timed out (") + (errbuf[0] != 0 ? errbuf : "no progress") + ")";
    }
    return errbuf[0] != 0 ? std::string(errbuf) : std::string(c->easy_strerror(rc));
  }

  // One step of the transfer: perform, collect completion, wait for sockets when idle.
  void Pump() {
    int running = 0;
    c->multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* m = c->multi_info_read(multi, &queued)) {
      if (m->msg == CURLMSG_DONE) {
        done = true;
        result = m->data.result;
      }
    }
    if (!done && pos >= buf.size() && !paused) c->multi_poll(multi, nullptr, 0, 200, nullptr);
  }
};

namespace {

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<HttpResponse::State*>(user);
  size_t len = size * n;
  s->header_bytes += len;
  if (s->header_bytes > kMaxHeaderBytes) {
    s->headers_too_big = true;
    return 0;
  }
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    // A new response head (after a 1xx): forget the previous one.
    s->headers.clear();
    s->head_done = false;
    size_t sp = line.find(' ');
    s->status = 0;
    if (sp != std::string_view::npos) {
      for (size_t i = sp + 1; i < line.size() && i < sp + 4; ++i) {
        if (line[i] < '0' || line[i] > '9') break;
        s->status = s->status * 10 + (line[i] - '0');
      }
    }
    return len;
  }
  if (line.empty()) {
    if (s->status >= 200) s->head_done = true;
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
  std::string_view v = line.substr(colon + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  s->headers.emplace_back(std::move(name), std::string(v));
  return len;
}

size_t OnWrite(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<HttpResponse::State*>(user);
  size_t len = size * n;
  if (s->buf.size() - s->pos >= kMaxBufferedBytes) {
    s->paused = true;
    return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and delivers them again on unpause
  }
  if (s->pos > 0 && s->pos == s->buf.size()) {
    s->buf.clear();
    s->pos = 0;
  } else if (s->pos > kMaxBufferedBytes) {
    s->buf.erase(0, s->pos);
    s->pos = 0;
  }
  s->buf.append(data, len);
  return len;
}

bool RetryableCode(CURLcode rc) {
  switch (rc) {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

}  // namespace

HttpResponse::HttpResponse(std::unique_ptr<State> s) : s_(std::move(s)) {}
HttpResponse::~HttpResponse() = default;

int64_t HttpResponse::status() const { return s_->status; }
const std::string& HttpResponse::url() const { return s_->url; }
bool HttpResponse::retryable() const { return s_->failed && RetryableCode(s_->result); }

std::string HttpResponse::Header(std::string_view name) const {
  std::string v;
  for (const auto& [k, val] : s_->headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) v = val;
  }
  return v;
}

std::vector<std::string> HttpResponse::Headers(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, val] : s_->headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) out.push_back(val);
  }
  return out;
}

Result<size_t> HttpResponse::Read(std::span<std::byte> out) {
  State& s = *s_;
  if (s.failed) return MakeError(s.error);
  for (;;) {
    if (s.pos < s.buf.size()) {
      size_t n = std::min(out.size(), s.buf.size() - s.pos);
      std::memcpy(out.data(), s.buf.data() + s.pos, n);
      s.pos += n;
      return n;
    }
    if (s.done) {
      if (s.result != CURLE_OK) {
        s.failed = true;
        s.error = Error(ErrorCode::kNetwork, s.method + " " + s.url + ": " + s.Why(s.result));
        return MakeError(s.error);
      }
      return size_t{0};
    }
    if (s.paused) {
      s.paused = false;
      s.c->easy_pause(s.easy, CURLPAUSE_CONT);
      continue;
    }
    s.Pump();
  }
}

Result<UrlParts> ParseUrl(std::string_view url) {
  UrlParts p;
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "bad URL '" + std::string(url.substr(0, 200)) + "': " + std::string(why));
  };
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("no scheme");
  p.scheme = std::string(url.substr(0, sep));
  std::transform(p.scheme.begin(), p.scheme.end(), p.scheme.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (p.scheme != "http" && p.scheme != "https") return bad("only http and https are allowed");
  std::string_view rest = url.substr(sep + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad("credentials in URLs are not accepted");
  if (authority.empty()) return bad("no host");
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after the IPv6 address");
      port = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
  }
  if (host.empty()) return bad("no host");
  for (char ch : host) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return bad("control character in host");
  }
  if (port.empty()) port = p.scheme == "https" ? "443" : "80";
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return bad("bad port");
  p.host = std::string(host);
  std::transform(p.host.begin(), p.host.end(), p.host.begin(), [](unsigned char ch) { return std::tolower(ch); });
  p.port = std::string(port);
  while (!p.port.empty() && p.port.size() > 1 && p.port.front() == '0') p.port.erase(0, 1);
  size_t hash = tail.find('#');
  if (hash != std::string_view::npos) tail = tail.substr(0, hash);
  p.path_and_query = tail.empty() ? "/" : (tail.front() == '?' ? "/" + std::string(tail) : std::string(tail));
  return p;
}

Result<std::string> ResolveLocation(std::string_view base, std::string_view location) {
  if (location.empty()) return MakeError(ErrorCode::kNetwork, "redirect without a Location");
  if (location.size() > 8192) return MakeError(ErrorCode::kNetwork, "redirect Location longer than 8192 bytes");
  for (char ch : location) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      return MakeError(ErrorCode::kNetwork, "redirect Location holds a control character");
    }
  }
  // Absolute when it starts with a scheme (RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" /
  // "-" / "." ) ":"); a "://" later on (in a query) does not make it one.
  size_t colon = location.find(':');
  bool absolute = colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(location[0]));
  for (size_t i = 0; absolute && i < colon; ++i) {
    unsigned char ch = static_cast<unsigned char>(location[i]);
    absolute = std::isalnum(ch) || ch == '+' || ch == '-' || ch == '.';
  }
  if (absolute) {
    HS_ASSIGN_OR_RETURN(UrlParts p, ParseUrl(location));
    (void)p;
    return std::string(location);
  }
  HS_ASSIGN_OR_RETURN(UrlParts b, ParseUrl(base));
  if (location.starts_with("//")) {
    // Scheme-relative: the result must be a URL we accept (a host, a numeric port).
    std::string url = b.scheme + ":" + std::string(location);
    HS_ASSIGN_OR_RETURN(UrlParts p, ParseUrl(url));
    (void)p;
    return url;
  }
  std::string prefix = b.scheme + "://" + b.host + ":" + b.port;
  if (location.front() == '/') return prefix + std::string(location);
  std::string dir = b.path_and_query.substr(0, b.path_and_query.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return prefix + dir + std::string(location);
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

Result<std::unique_ptr<HttpResponse>> HttpOpen(const HttpRequest& req, const HttpOptions& opts) {
  HS_ASSIGN_OR_RETURN(UrlParts parts, ParseUrl(req.url));
  (void)parts;
  const Result<CurlApi>& lib = LoadCurl();
  if (!lib) return MakeError(lib.error());
  auto s = std::make_unique<HttpResponse::State>();
  s->c = &*lib;
  s->method = req.method;
  s->url = req.url;
  const CurlApi& c = *lib;
  s->easy = c.easy_init();
  s->multi = c.multi_init();
  if (s->easy == nullptr || s->multi == nullptr) return MakeError(ErrorCode::kInternal, "curl: cannot create a handle");
  for (const std::string& h : req.headers) s->header_list = c.slist_append(s->header_list, h.c_str());
  CURL* e = s->easy;
  c.easy_setopt(e, CURLOPT_URL, req.url.c_str());
  c.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  if (req.method == "HEAD") c.easy_setopt(e, CURLOPT_NOBODY, 1L);
  c.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opts.connect_timeout_ms));
  if (opts.total_timeout_ms > 0) c.easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(opts.total_timeout_ms));
  c.easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(kStallMinBytesPerSecond));
  c.easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<int64_t>(1, opts.stall_timeout_ms / 1000)));
  c.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(e, CURLOPT_USERAGENT, opts.user_agent.c_str());
  c.easy_setopt(e, CURLOPT_HTTPHEADER, s->header_list);
  c.easy_setopt(e, CURLOPT_WRITEFUNCTION, OnWrite);
  c.easy_setopt(e, CURLOPT_WRITEDATA, s.get());
  c.easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  c.easy_setopt(e, CURLOPT_HEADERDATA, s.get());
  c.easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
  // No transparent decoding: digests are over the bytes as served.
  c.easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  if (!opts.ca_cert_path.empty()) c.easy_setopt(e, CURLOPT_CAINFO, opts.ca_cert_path.c_str());
  if (!opts.verify_tls) {
    c.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    c.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  c.multi_add_handle(s->multi, e);
  while (!s->head_done && !s->done) s->Pump();
  if (!s->head_done) {
    CURLcode rc = s->result != CURLE_OK ? s->result : CURLE_GOT_NOTHING;
    return MakeError(ErrorCode::kNetwork, req.method + " " + req.url + ": " + s->Why(rc));
  }
  return std::make_unique<HttpResponse>(std::move(s));
}

}  // namespace hullscan::registry
