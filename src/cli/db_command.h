// `hullscan db import | update | status`: the advisory database from the command line. Flags are
// parsed by main.cc; these functions print to stdout/stderr and return the exit code.
#pragma once

#include <string>
#include <vector>

namespace hullscan::cli {

struct DbFlags {
  std::string db;          ///< resolved DB path
  std::vector<std::string> paths;
  std::string name;        ///< db import --name (one path only)
  std::string mirror;      ///< db update --mirror
  std::string format = "table";
  bool force = false;
  std::string imported_at; ///< RFC 3339 now
};

int DbImport(const DbFlags& f);
int DbUpdate(const DbFlags& f);
int DbStatus(const DbFlags& f);

}  // namespace hullscan::cli
