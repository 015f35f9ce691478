#include "registry/auth.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>

#include "base/json.h"

extern char** environ;

namespace hullscan::registry {

namespace {

constexpr size_t kMaxChallengeBytes = 8192;
constexpr uint64_t kMaxHelperOutputBytes = 64 * 1024;
constexpr int64_t kHelperTimeoutMs = 10000;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "https://host:5000/v1/" -> "host:5000".
std::string HostOfKey(std::string_view key) {
  size_t sep = key.find("://");
  if (sep != std::string_view::npos) key = key.substr(sep + 3);
  size_t slash = key.find('/');
  if (slash != std::string_view::npos) key = key.substr(0, slash);
  return Lower(key);
}

}  // namespace

Result<Challenge> ParseChallenge(std::string_view header) {
  auto bad = [](std::string_view why) {
    return MakeError(ErrorCode::kNetwork, "bad WWW-Authenticate header: " + std::string(why));
  };
  if (header.size() > kMaxChallengeBytes) return bad("longer than 8 KiB");
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
  };
  skip_ws();
  size_t start = i;
  while (i < header.size() && IsTokenChar(header[i])) ++i;
  if (i == start) return bad("no scheme");
  Challenge ch;
  ch.scheme = Lower(header.substr(start, i - start));
  for (;;) {
    skip_ws();
    while (i < header.size() && header[i] == ',') {
      ++i;
      skip_ws();
    }
    if (i >= header.size()) break;
    size_t ns = i;
    while (i < header.size() && IsTokenChar(header[i])) ++i;
    if (i == ns) return bad("unexpected character at offset " + std::to_string(i));
    std::string name = Lower(header.substr(ns, i - ns));
    skip_ws();
    if (i >= header.size() || header[i] != '=') {
      // A token68 or the next challenge's scheme: the first challenge ends here.
      break;
    }
    ++i;
    skip_ws();
    std::string value;
    if (i < header.size() && header[i] == '"') {
      ++i;
      bool closed = false;
      while (i < header.size()) {
        char c = header[i++];
        if (c == '\\' && i < header.size()) {
          value += header[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) return bad("unterminated quoted string");
    } else {
      size_t vs = i;
      while (i < header.size() && header[i] != ',' && header[i] != ' ' && header[i] != '\t') ++i;
      value = std::string(header.substr(vs, i - vs));
    }
    if (ch.params.size() >= 32) return bad("more than 32 parameters");
    ch.params[name] = std::move(value);
  }
  return ch;
}

Result<std::string> ParseTokenResponse(std::string_view json) {
  auto parsed = ParseJson(json, "token response");
  if (!parsed) return MakeError(ErrorCode::kAuth, "token response: not JSON");
  if (!parsed->is_object()) return MakeError(ErrorCode::kAuth, "token response: not a JSON object");
  for (const char* key : {"token", "access_token"}) {
    auto it = parsed->find(key);
    if (it != parsed->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      const std::string& t = it->get_ref<const std::string&>();
      for (char c : t) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
          return MakeError(ErrorCode::kAuth, "token response: token holds a space or control character");
        }
      }
      if (t.size() > 64 * 1024) return MakeError(ErrorCode::kAuth, "token response: token longer than 64 KiB");
      return t;
    }
  }
  return MakeError(ErrorCode::kAuth, "token response: neither \"token\" nor \"access_token\" is a non-empty string");
}

std::string DockerConfigKey(std::string_view registry) {
  if (registry == "docker.io" || registry == "index.docker.io" || registry == "registry-1.docker.io") {
    return "https://index.docker.io/v1/";
  }
  return std::string(registry);
}

Result<std::string> Base64Decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) return MakeError(ErrorCode::kInvalidArgument, "bad base64");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits >= 6) return MakeError(ErrorCode::kInvalidArgument, "bad base64 length");
  return out;
}

std::string Base64Encode(std::string_view in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
    out += kChars[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kChars[v >> 18];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<DockerConfigEntry> LookupDockerConfig(std::string_view json, std::string_view registry, std::string_view path) {
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(path) + ": " + std::string(why));
  };
  auto parsed = ParseJson(json, path);
  if (!parsed) return bad("not valid JSON");  // the parser's excerpt could show a secret
  if (!parsed->is_object()) return bad("not a JSON object");
  const std::string key = DockerConfigKey(registry);
  const std::string want_host = HostOfKey(key);
  DockerConfigEntry entry;
  auto helpers = parsed->find("credHelpers");
  if (helpers != parsed->end() && helpers->is_object()) {
    for (auto it = helpers->begin(); it != helpers->end(); ++it) {
      if ((it.key() == key || HostOfKey(it.key()) == want_host) && it->is_string()) {
        entry.helper = it->get<std::string>();
      }
    }
  }
  if (entry.helper.empty()) {
    auto store = parsed->find("credsStore");
    if (store != parsed->end() && store->is_string()) entry.helper = store->get<std::string>();
  }
  for (char c : entry.helper) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return bad("credential helper name holds '" + std::string(1, c) + "'");
    }
  }
  auto auths = parsed->find("auths");
  if (auths != parsed->end() && auths->is_object()) {
    const nlohmann::json* found = nullptr;
    for (auto it = auths->begin(); it != auths->end(); ++it) {
      if (it.key() == key) {
        found = &*it;
        break;
      }
      if (found == nullptr && HostOfKey(it.key()) == want_host) found = &*it;
    }
    if (found != nullptr && found->is_object()) {
      auto a = found->find("auth");
      if (a != found->end() && a->is_string() && !a->get_ref<const std::string&>().empty()) {
        auto decoded = Base64Decode(a->get_ref<const std::string&>());
        if (!decoded) return bad("auths entry for " + want_host + ": \"auth\" is not base64");
        size_t colon = decoded->find(':');
        if (colon == std::string::npos) return bad("auths entry for " + want_host + ": \"auth\" lacks ':'");
        entry.credentials.username = decoded->substr(0, colon);
        entry.credentials.password = decoded->substr(colon + 1);
      } else {
        auto u = found->find("username");
        auto p = found->find("password");
        if (u != found->end() && u->is_string() && p != found->end() && p->is_string()) {
          entry.credentials.username = u->get<std::string>();
          entry.credentials.password = p->get<std::string>();
        }
      }
    }
  }
  return entry;
}

Result<Credentials> ParseHelperOutput(std::string_view json, std::string_view helper) {
  const std::string what = "docker-credential-" + std::string(helper);
  auto parsed = ParseJson(json, what);
  if (!parsed || !parsed->is_object()) return MakeError(ErrorCode::kAuth, what + ": output is not a JSON object");
  auto u = parsed->find("Username");
  auto s = parsed->find("Secret");
  if (u == parsed->end() || !u->is_string() || s == parsed->end() || !s->is_string()) {
    return MakeError(ErrorCode::kAuth, what + ": output lacks string \"Username\" and \"Secret\"");
  }
  return Credentials{u->get<std::string>(), s->get<std::string>()};
}

Result<Credentials> RunCredentialHelper(std::string_view helper, std::string_view server) {
  const std::string program = "docker-credential-" + std::string(helper);
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return MakeError(ErrorCode::kAuth, program + ": pipe: " + std::strerror(errno));
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return MakeError(ErrorCode::kAuth, program + ": pipe: " + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  char arg0[256];
  std::snprintf(arg0, sizeof(arg0), "%s", program.c_str());
  char arg1[] = "get";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return MakeError(ErrorCode::kAuth, "credential helper " + program + " cannot be run: " + std::strerror(rc));
  }
  // The server URL on stdin; a helper that exits early must not kill us with SIGPIPE.
  std::string input(server);
  input += "\n";
  {
    struct sigaction ign{};
    struct sigaction old{};
    ign.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ign, &old);
    (void)!::write(in_pipe[1], input.data(), input.size());
    ::sigaction(SIGPIPE, &old, nullptr);
  }
  ::close(in_pipe[1]);
  std::string out;
  bool too_big = false;
  bool timed_out = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kHelperTimeoutMs);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out_pipe[0], POLLIN, 0};
    int pr = ::poll(&p, 1, static_cast<int>(left));
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) {
      timed_out = pr == 0;
      break;
    }
    char buf[4096];
    ssize_t n = ::read(out_pipe[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxHelperOutputBytes) {
      too_big = true;
      break;
    }
  }
  ::close(out_pipe[0]);
  if (timed_out || too_big) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return MakeError(ErrorCode::kAuth, program + " get: no answer within 10 s");
  if (too_big) return MakeError(ErrorCode::kAuth, program + " get: output longer than 64 KiB");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // docker-credential-helpers print "credentials not found in native keychain" and exit 1.
    if (out.find("credentials not found") != std::string::npos) return Credentials{};
    return MakeError(ErrorCode::kAuth, program + " get failed (exit status " +
                                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
  return ParseHelperOutput(out, helper);
}

}  // namespace hullscan::registry
