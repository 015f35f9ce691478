#include "version/version_table.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include "testing/testing.h"

namespace hullscan::version::testing {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string OrderingName(std::strong_ordering o) { return o < 0 ? "<" : o > 0 ? ">" : "="; }

std::vector<TableLine> ReadTable(const std::string& path) {
  std::vector<TableLine> out;
  std::istringstream in(::hullscan::testing::ReadTestFile(path));
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    std::string line = raw.substr(0, raw.find('#'));
    line = Trim(line);
    if (line.empty()) continue;
    TableLine t;
    t.line = n;
    if (line[0] == '!') {
      t.op = '!';
      t.a = Trim(line.substr(1));
      out.push_back(t);
      continue;
    }
    std::istringstream fields(line);
    std::string op;
    std::string extra;
    fields >> t.a >> op >> t.b;
    if (op.size() != 1 || std::string("<=>").find(op[0]) == std::string::npos || t.b.empty() || (fields >> extra)) {
      ADD_FAILURE() << path << ":" << n << ": malformed table line: " << raw;
      continue;
    }
    t.op = op[0];
    out.push_back(t);
  }
  return out;
}

size_t CheckTable(const VersionScheme& scheme, const std::vector<TableLine>& lines) {
  size_t checked = 0;
  for (const TableLine& t : lines) {
    ++checked;
    auto a = scheme.Parse(t.a);
    if (t.op == '!') {
      EXPECT_FALSE(a.has_value()) << "line " << t.line << ": '" << t.a << "' parsed but must be rejected";
      if (!a) {
        EXPECT_EQ(a.error().code(), ErrorCode::kInvalidArgument) << "line " << t.line;
      }
      continue;
    }
    auto b = scheme.Parse(t.b);
    if (!a || !b) {
      ADD_FAILURE() << "line " << t.line << ": " << (!a ? a.error().message() : b.error().message());
      continue;
    }
    std::string want(1, t.op);
    EXPECT_EQ(OrderingName(scheme.Compare(**a, **b)), want) << "line " << t.line << ": " << t.a << " ? " << t.b;
    std::string reverse = t.op == '<' ? ">" : t.op == '>' ? "<" : "=";
    EXPECT_EQ(OrderingName(scheme.Compare(**b, **a)), reverse) << "line " << t.line << ": " << t.b << " ? " << t.a;
    EXPECT_EQ(OrderingName(scheme.Compare(**a, **a)), "=") << "line " << t.line << ": " << t.a;
  }
  return checked;
}

bool CommandSucceeds(const std::string& command) {
  std::string quiet = command + " >/dev/null 2>&1";
  return std::system(quiet.c_str()) == 0;
}

std::vector<std::string> RunShellScript(const std::string& script) {
  auto dir = TempDir::Create();
  if (!dir) {
    ADD_FAILURE() << dir.error().message();
    return {};
  }
  std::string path = (*dir)->path() + "/script.sh";
  {
    std::ofstream out(path, std::ios::binary);
    out << script;
    if (!out) {
      ADD_FAILURE() << "cannot write " << path;
      return {};
    }
  }
  std::string command = "/bin/sh " + path;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return {};
  }
  std::vector<std::string> lines;
  std::string current;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        lines.push_back(current);
        current.clear();
      } else {
        current += buf[i];
      }
    }
  }
  int status = pclose(pipe);
  if (status != 0) {
    ADD_FAILURE() << command << " exited with status " << status;
    return {};
  }
  if (!current.empty()) lines.push_back(current);
  return lines;
}

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace hullscan::version::testing
