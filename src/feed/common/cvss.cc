#include "feed/common/cvss.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>


namespace hullscan::feed {
namespace {

struct MetricDef {
  std::string_view name;
  std::vector<std::string_view> values;
  bool mandatory;
};

// Metric names and values per version (v2 guide table 1-3, v3.1 spec section 6 table 15,
// v4.0 spec section 7 table 23).
const std::vector<MetricDef>& V2Metrics() {
  static const std::vector<MetricDef> kDefs = {
      {"AV", {"L", "A", "N"}, true},       {"AC", {"H", "M", "L"}, true},
      {"Au", {"M", "S", "N"}, true},       {"C", {"N", "P", "C"}, true},
      {"I", {"N", "P", "C"}, true},        {"A", {"N", "P", "C"}, true},
      {"E", {"U", "POC", "F", "H", "ND"}, false}, {"RL", {"OF", "TF", "W", "U", "ND"}, false},
      {"RC", {"UC", "UR", "C", "ND"}, false},     {"CDP", {"N", "L", "LM", "MH", "H", "ND"}, false},
      {"TD", {"N", "L", "M", "H", "ND"}, false},  {"CR", {"L", "M", "H", "ND"}, false},
      {"IR", {"L", "M", "H", "ND"}, false},       {"AR", {"L", "M", "H", "ND"}, false},
  };
  return kDefs;
}

const std::vector<MetricDef>& V3Metrics() {
  static const std::vector<MetricDef> kDefs = {
      {"AV", {"N", "A", "L", "P"}, true},  {"AC", {"L", "H"}, true},
      {"PR", {"N", "L", "H"}, true},       {"UI", {"N", "R"}, true},
      {"S", {"U", "C"}, true},             {"C", {"H", "L", "N"}, true},
      {"I", {"H", "L", "N"}, true},        {"A", {"H", "L", "N"}, true},
      {"E", {"X", "U", "P", "F", "H"}, false},   {"RL", {"X", "O", "T", "W", "U"}, false},
      {"RC", {"X", "U", "R", "C"}, false},       {"CR", {"X", "L", "M", "H"}, false},
      {"IR", {"X", "L", "M", "H"}, false},       {"AR", {"X", "L", "M", "H"}, false},
      {"MAV", {"X", "N", "A", "L", "P"}, false}, {"MAC", {"X", "L", "H"}, false},
      {"MPR", {"X", "N", "L", "H"}, false},      {"MUI", {"X", "N", "R"}, false},
      {"MS", {"X", "U", "C"}, false},            {"MC", {"X", "H", "L", "N"}, false},
      {"MI", {"X", "H", "L", "N"}, false},       {"MA", {"X", "H", "L", "N"}, false},
  };
  return kDefs;
}

const std::vector<MetricDef>& V4Metrics() {
  static const std::vector<MetricDef> kDefs = {
      {"AV", {"N", "A", "L", "P"}, true},   {"AC", {"L", "H"}, true},
      {"AT", {"N", "P"}, true},             {"PR", {"N", "L", "H"}, true},
      {"UI", {"N", "P", "A"}, true},        {"VC", {"H", "L", "N"}, true},
      {"VI", {"H", "L", "N"}, true},        {"VA", {"H", "L", "N"}, true},
      {"SC", {"H", "L", "N"}, true},        {"SI", {"H", "L", "N"}, true},
      {"SA", {"H", "L", "N"}, true},        {"E", {"X", "A", "P", "U"}, false},
      {"CR", {"X", "H", "M", "L"}, false},  {"IR", {"X", "H", "M", "L"}, false},
      {"AR", {"X", "H", "M", "L"}, false},  {"MAV", {"X", "N", "A", "L", "P"}, false},
      {"MAC", {"X", "L", "H"}, false},      {"MAT", {"X", "N", "P"}, false},
      {"MPR", {"X", "N", "L", "H"}, false}, {"MUI", {"X", "N", "P", "A"}, false},
      {"MVC", {"X", "H", "L", "N"}, false}, {"MVI", {"X", "H", "L", "N"}, false},
      {"MVA", {"X", "H", "L", "N"}, false}, {"MSC", {"X", "H", "L", "N"}, false},
      {"MSI", {"X", "S", "H", "L", "N"}, false}, {"MSA", {"X", "S", "H", "L", "N"}, false},
      {"S", {"X", "N", "P"}, false},        {"AU", {"X", "N", "Y"}, false},
      {"R", {"X", "A", "U", "I"}, false},   {"V", {"X", "D", "C"}, false},
      {"RE", {"X", "L", "M", "H"}, false},  {"U", {"X", "Clear", "Green", "Amber", "Red"}, false},
  };
  return kDefs;
}

tl::unexpected<Error> Invalid(std::string_view vector, std::string_view why) {
  std::string shown(vector.substr(0, 200));
  return MakeError(ErrorCode::kInvalidArgument, "cvss vector '" + shown + "': " + std::string(why));
}

// Splits "K:V/K:V..." and checks every metric against `defs`. values[i] is the value of defs[i]
// ("" when absent).
Result<std::vector<std::string_view>> ParseMetrics(std::string_view full, std::string_view body,
                                                   const std::vector<MetricDef>& defs) {
  std::vector<std::string_view> values(defs.size());
  if (body.empty()) return Invalid(full, "no metrics");
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t slash = body.find('/', pos);
    if (slash == std::string_view::npos) slash = body.size();
    std::string_view part = body.substr(pos, slash - pos);
    size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      return Invalid(full, "malformed metric '" + std::string(part.substr(0, 40)) + "'");
    }
    std::string_view key = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    size_t i = 0;
    while (i < defs.size() && defs[i].name != key) ++i;
    if (i == defs.size()) return Invalid(full, "unknown metric '" + std::string(key.substr(0, 40)) + "'");
    if (!values[i].empty()) return Invalid(full, "metric '" + std::string(key) + "' given twice");
    bool known = false;
    for (std::string_view v : defs[i].values) known = known || v == value;
    if (!known) {
      return Invalid(full, "metric '" + std::string(key) + "' has unknown value '" + std::string(value.substr(0, 40)) + "'");
    }
    values[i] = value;
    pos = slash + 1;
  }
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].mandatory && values[i].empty()) {
      return Invalid(full, "mandatory metric '" + std::string(defs[i].name) + "' missing");
    }
  }
  return values;
}

// v3.1 Appendix A: Roundup avoiding floating-point artefacts.
double RoundupV31(double x) {
  int64_t i = static_cast<int64_t>(std::llround(x * 100000.0));
  if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
  return static_cast<double>(i / 10000 + 1) / 10.0;
}

// v3.0 section 8.1: "the smallest number, specified to one decimal place, that is equal to or
// higher than its input".
double RoundupV30(double x) { return std::ceil(x * 10.0) / 10.0; }

double V3Score(const std::vector<std::string_view>& v, bool v31) {
  auto pick = [](std::string_view val, std::initializer_list<std::pair<std::string_view, double>> t) {
    for (const auto& [k, w] : t) {
      if (k == val) return w;
    }
    return 0.0;
  };
  bool changed = v[4] == "C";
  double av = pick(v[0], {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}});
  double ac = pick(v[1], {{"L", 0.77}, {"H", 0.44}});
  double pr = changed ? pick(v[2], {{"N", 0.85}, {"L", 0.68}, {"H", 0.5}})
                      : pick(v[2], {{"N", 0.85}, {"L", 0.62}, {"H", 0.27}});
  double ui = pick(v[3], {{"N", 0.85}, {"R", 0.62}});
  double c = pick(v[5], {{"H", 0.56}, {"L", 0.22}, {"N", 0}});
  double i = pick(v[6], {{"H", 0.56}, {"L", 0.22}, {"N", 0}});
  double a = pick(v[7], {{"H", 0.56}, {"L", 0.22}, {"N", 0}});
  double iss = 1 - ((1 - c) * (1 - i) * (1 - a));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  double raw = changed ? std::min(1.08 * (impact + exploitability), 10.0) : std::min(impact + exploitability, 10.0);
  return v31 ? RoundupV31(raw) : RoundupV30(raw);
}

double V2Score(const std::vector<std::string_view>& v) {
  auto pick = [](std::string_view val, std::initializer_list<std::pair<std::string_view, double>> t) {
    for (const auto& [k, w] : t) {
      if (k == val) return w;
    }
    return 0.0;
  };
  double av = pick(v[0], {{"L", 0.395}, {"A", 0.646}, {"N", 1.0}});
  double ac = pick(v[1], {{"H", 0.35}, {"M", 0.61}, {"L", 0.71}});
  double au = pick(v[2], {{"M", 0.45}, {"S", 0.56}, {"N", 0.704}});
  double c = pick(v[3], {{"N", 0}, {"P", 0.275}, {"C", 0.660}});
  double i = pick(v[4], {{"N", 0}, {"P", 0.275}, {"C", 0.660}});
  double a = pick(v[5], {{"N", 0}, {"P", 0.275}, {"C", 0.660}});
  double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  double exploitability = 20 * av * ac * au;
  double f = impact == 0 ? 0 : 1.176;
  double raw = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
  // round_to_1_decimal; the small offset keeps x.x5 computed as x.x4999... rounding up.
  return std::round(raw * 10.0 + 1e-9) / 10.0;
}

// ---- CVSS v4.0 (spec section 8 "CVSS v4.0 Scoring": MacroVector lookup and interpolation). The
// MacroVector scores and the highest-severity vectors per equivalence class are the data FIRST
// publishes with its reference calculator (github.com/FIRSTdotorg/cvss-v4-calculator,
// cvss_lookup.js / max_composed.js / max_severity.js); the steps follow the spec's section 8.
// Only the base score (CVSS-B) is computed: threat and environmental metrics are taken as Not
// Defined, i.e. E=A and CR=IR=AR=H, no modified metrics.

// Index eq1*108 + eq2*54 + eq3*18 + eq4*6 + eq5*2 + eq6; -1 where no MacroVector exists (eq3=2, eq6=0).
constexpr double kV4MacroScores[324] = {
    10.0, 9.9, 9.8, 9.5, 9.5, 9.2, 10.0, 9.6, 9.3, 8.7, 9.1, 8.1, 9.3, 9.0, 8.9, 8.0, 8.1, 6.8,
    9.8, 9.5, 9.5, 9.2, 9.0, 8.4, 9.3, 9.2, 8.9, 8.1, 8.1, 6.5, 8.8, 8.0, 7.8, 7.0, 6.9, 4.8,
    -1, 9.2, -1, 8.2, -1, 7.2, -1, 7.9, -1, 6.9, -1, 5.0, -1, 6.9, -1, 5.5, -1, 2.7,
    9.9, 9.7, 9.5, 9.2, 9.2, 8.5, 9.5, 9.1, 9.0, 8.3, 8.4, 7.1, 9.2, 8.1, 8.2, 7.1, 7.2, 5.3,
    9.5, 9.3, 9.2, 8.5, 8.5, 7.3, 9.2, 8.2, 8.0, 7.2, 7.0, 5.9, 8.4, 7.0, 7.1, 5.2, 5.0, 3.0,
    -1, 8.6, -1, 7.5, -1, 5.2, -1, 7.1, -1, 5.2, -1, 2.9, -1, 6.3, -1, 2.9, -1, 1.7,
    9.8, 9.5, 9.4, 8.7, 9.1, 8.1, 9.4, 8.9, 8.6, 7.4, 7.7, 6.4, 8.7, 7.5, 7.4, 6.3, 6.3, 4.9,
    9.4, 8.9, 8.8, 7.7, 7.6, 6.7, 8.6, 7.6, 7.4, 5.8, 5.9, 5.0, 7.2, 5.7, 5.7, 5.2, 5.2, 2.5,
    -1, 8.3, -1, 7.0, -1, 5.4, -1, 6.5, -1, 5.8, -1, 2.6, -1, 5.3, -1, 2.1, -1, 1.3,
    9.5, 9.0, 8.8, 7.6, 7.6, 7.0, 9.0, 7.7, 7.5, 6.2, 6.1, 5.3, 7.7, 6.6, 6.8, 5.9, 5.2, 3.0,
    8.9, 7.8, 7.6, 6.7, 6.2, 5.8, 7.4, 5.9, 5.7, 5.7, 4.7, 2.3, 6.1, 5.2, 5.7, 2.9, 2.4, 1.6,
    -1, 7.1, -1, 5.9, -1, 3.0, -1, 5.8, -1, 2.6, -1, 1.5, -1, 2.3, -1, 1.3, -1, 0.6,
    9.3, 8.7, 8.6, 7.2, 7.5, 5.8, 8.6, 7.4, 7.4, 6.1, 5.6, 3.4, 7.0, 5.4, 5.2, 4.0, 4.0, 2.2,
    8.5, 7.5, 7.4, 5.5, 6.2, 5.1, 7.2, 5.7, 5.5, 4.1, 4.6, 1.9, 5.3, 3.6, 3.4, 1.9, 1.9, 0.8,
    -1, 6.4, -1, 5.1, -1, 2.0, -1, 4.7, -1, 2.1, -1, 1.1, -1, 2.4, -1, 0.9, -1, 0.4,
    8.8, 7.5, 7.3, 5.3, 6.0, 5.0, 7.3, 5.5, 5.9, 4.0, 4.1, 2.0, 5.4, 4.3, 4.5, 2.2, 2.0, 1.1,
    7.5, 5.5, 5.8, 4.5, 4.0, 2.1, 6.1, 5.1, 4.8, 1.8, 2.0, 0.9, 4.6, 1.8, 1.7, 0.7, 0.8, 0.2,
    -1, 5.3, -1, 2.4, -1, 1.4, -1, 2.4, -1, 1.2, -1, 0.5, -1, 1.0, -1, 0.3, -1, 0.1,
};

double V4Macro(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e1 < 0 || e1 > 2 || e2 < 0 || e2 > 1 || e3 < 0 || e3 > 2 || e4 < 0 || e4 > 2 || e5 < 0 || e5 > 2 || e6 < 0 ||
      e6 > 1) {
    return -1;
  }
  return kV4MacroScores[e1 * 108 + e2 * 54 + e3 * 18 + e4 * 6 + e5 * 2 + e6];
}

// Severity levels of metric values (distance steps of 0.1), in the order the distances are used.
enum V4Metric { kAV, kPR, kUI, kAC, kAT, kVC, kVI, kVA, kSC, kSI, kSA, kCR, kIR, kAR, kV4Count };

double V4Level(int metric, char value) {
  switch (metric) {
    case kAV: return value == 'N' ? 0.0 : value == 'A' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    case kPR: return value == 'N' ? 0.0 : value == 'L' ? 0.1 : 0.2;
    case kUI: return value == 'N' ? 0.0 : value == 'P' ? 0.1 : 0.2;
    case kAC: return value == 'L' ? 0.0 : 0.1;
    case kAT: return value == 'N' ? 0.0 : 0.1;
    case kVC: case kVI: case kVA: return value == 'H' ? 0.0 : value == 'L' ? 0.1 : 0.2;
    case kSC: return value == 'H' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    case kSI: case kSA: return value == 'S' ? 0.0 : value == 'H' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    default: return value == 'H' ? 0.0 : value == 'M' ? 0.1 : 0.2;  // CR IR AR
  }
}

// Highest-severity vectors of each equivalence class, as strings of metric values in V4Metric
// order for the metrics of that class.
// EQ1: AV PR UI
const std::vector<std::vector<std::string_view>> kV4MaxEq1 = {{"NNN"}, {"ANN", "NLN", "NNP"}, {"PNN", "ALP"}};
// EQ2: AC AT
const std::vector<std::vector<std::string_view>> kV4MaxEq2 = {{"LN"}, {"HN", "LP"}};
// EQ3+EQ6: VC VI VA CR IR AR, indexed [eq3][eq6]
const std::vector<std::vector<std::vector<std::string_view>>> kV4MaxEq3Eq6 = {
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{}, {"LLLHHH"}},
};
// EQ4: SC SI SA
const std::vector<std::vector<std::string_view>> kV4MaxEq4 = {{"HSS"}, {"HHH"}, {"LLL"}};
// Depth of each MacroVector (max severity distance + 1) in steps.
constexpr int kV4DepthEq1[3] = {1, 4, 5};
constexpr int kV4DepthEq2[2] = {1, 2};
constexpr int kV4DepthEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kV4DepthEq4[3] = {6, 5, 4};

double CvssV4BaseScore(const std::array<std::string_view, 11>& base) {
  // base: AV AC AT PR UI VC VI VA SC SI SA (validated values).
  char m[kV4Count];
  m[kAV] = base[0][0]; m[kAC] = base[1][0]; m[kAT] = base[2][0]; m[kPR] = base[3][0]; m[kUI] = base[4][0];
  m[kVC] = base[5][0]; m[kVI] = base[6][0]; m[kVA] = base[7][0];
  m[kSC] = base[8][0]; m[kSI] = base[9][0]; m[kSA] = base[10][0];
  m[kCR] = m[kIR] = m[kAR] = 'H';
  if (m[kVC] == 'N' && m[kVI] == 'N' && m[kVA] == 'N' && m[kSC] == 'N' && m[kSI] == 'N' && m[kSA] == 'N') return 0.0;

  int eq1 = (m[kAV] == 'N' && m[kPR] == 'N' && m[kUI] == 'N') ? 0
            : ((m[kAV] == 'N' || m[kPR] == 'N' || m[kUI] == 'N') && m[kAV] != 'P') ? 1 : 2;
  int eq2 = (m[kAC] == 'L' && m[kAT] == 'N') ? 0 : 1;
  int eq3 = (m[kVC] == 'H' && m[kVI] == 'H') ? 0 : (m[kVC] == 'H' || m[kVI] == 'H' || m[kVA] == 'H') ? 1 : 2;
  int eq4 = (m[kSC] == 'H' || m[kSI] == 'H' || m[kSA] == 'H') ? 1 : 2;  // MSI/MSA=S impossible in base
  int eq5 = 0;                                                          // E=A
  int eq6 = ((m[kCR] == 'H' && m[kVC] == 'H') || (m[kIR] == 'H' && m[kVI] == 'H') || (m[kAR] == 'H' && m[kVA] == 'H')) ? 0 : 1;

  double value = V4Macro(eq1, eq2, eq3, eq4, eq5, eq6);
  if (value < 0) return -1;

  double lower_eq1 = V4Macro(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  double lower_eq2 = V4Macro(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  double lower_eq3eq6;
  if (eq3 == 1 && eq6 == 1) {
    lower_eq3eq6 = V4Macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  } else if (eq3 == 0 && eq6 == 1) {
    lower_eq3eq6 = V4Macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  } else if (eq3 == 1 && eq6 == 0) {
    lower_eq3eq6 = V4Macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  } else if (eq3 == 0 && eq6 == 0) {
    lower_eq3eq6 = std::max(V4Macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1), V4Macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
  } else {
    lower_eq3eq6 = V4Macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1);
  }
  double lower_eq4 = V4Macro(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  double lower_eq5 = V4Macro(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  // The first highest-severity vector (in calculator order) that is at least as severe as the
  // scored vector in every metric.
  double dist[kV4Count] = {};
  bool found = false;
  for (std::string_view e1 : kV4MaxEq1[eq1]) {
    for (std::string_view e2 : kV4MaxEq2[eq2]) {
      for (std::string_view e3 : kV4MaxEq3Eq6[eq3][eq6]) {
        for (std::string_view e4 : kV4MaxEq4[eq4]) {
          if (found) break;
          char mx[kV4Count];
          mx[kAV] = e1[0]; mx[kPR] = e1[1]; mx[kUI] = e1[2];
          mx[kAC] = e2[0]; mx[kAT] = e2[1];
          mx[kVC] = e3[0]; mx[kVI] = e3[1]; mx[kVA] = e3[2]; mx[kCR] = e3[3]; mx[kIR] = e3[4]; mx[kAR] = e3[5];
          mx[kSC] = e4[0]; mx[kSI] = e4[1]; mx[kSA] = e4[2];
          bool ok = true;
          for (int k = 0; k < kV4Count; ++k) {
            dist[k] = V4Level(k, m[k]) - V4Level(k, mx[k]);
            ok = ok && dist[k] >= 0;
          }
          found = ok;
        }
      }
    }
  }
  double d_eq1 = dist[kAV] + dist[kPR] + dist[kUI];
  double d_eq2 = dist[kAC] + dist[kAT];
  double d_eq3eq6 = dist[kVC] + dist[kVI] + dist[kVA] + dist[kCR] + dist[kIR] + dist[kAR];
  double d_eq4 = dist[kSC] + dist[kSI] + dist[kSA];

  constexpr double kStep = 0.1;
  int n_lower = 0;
  double sum = 0;
  if (lower_eq1 >= 0) {
    ++n_lower;
    sum += (value - lower_eq1) * (d_eq1 / (kV4DepthEq1[eq1] * kStep));
  }
  if (lower_eq2 >= 0) {
    ++n_lower;
    sum += (value - lower_eq2) * (d_eq2 / (kV4DepthEq2[eq2] * kStep));
  }
  if (lower_eq3eq6 >= 0) {
    ++n_lower;
    sum += (value - lower_eq3eq6) * (d_eq3eq6 / (kV4DepthEq3Eq6[eq3][eq6] * kStep));
  }
  if (lower_eq4 >= 0) {
    ++n_lower;
    sum += (value - lower_eq4) * (d_eq4 / (kV4DepthEq4[eq4] * kStep));
  }
  if (lower_eq5 >= 0) ++n_lower;  // EQ5 distance is always 0
  double mean = n_lower == 0 ? 0 : sum / n_lower;
  double score = std::max(0.0, std::min(10.0, value - mean));
  return std::floor(score * 10 + 0.5) / 10;
}


std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

Result<CvssResult> ScoreCvss(std::string_view vector) {
  CvssResult r;
  if (vector.size() > 1024) return Invalid(vector, "longer than 1024 bytes");
  if (vector.starts_with("CVSS:3.1/") || vector.starts_with("CVSS:3.0/")) {
    bool v31 = vector[7] == '1';
    HS_ASSIGN_OR_RETURN(auto values, ParseMetrics(vector, vector.substr(9), V3Metrics()));
    r.version = v31 ? CvssVersion::kV31 : CvssVersion::kV30;
    r.score = V3Score(values, v31);
    r.label = std::string(CvssLabel(r.score));
    return r;
  }
  if (vector.starts_with("CVSS:4.0/")) {
    HS_ASSIGN_OR_RETURN(auto values, ParseMetrics(vector, vector.substr(9), V4Metrics()));
    r.version = CvssVersion::kV40;
    std::array<std::string_view, 11> base{};
    for (size_t i = 0; i < base.size(); ++i) base[i] = values[i];
    r.score = CvssV4BaseScore(base);
    r.label = std::string(CvssLabel(r.score));
    return r;
  }
  if (vector.starts_with("CVSS:")) return Invalid(vector, "unknown cvss version");
  HS_ASSIGN_OR_RETURN(auto values, ParseMetrics(vector, vector, V2Metrics()));
  r.version = CvssVersion::kV2;
  r.score = V2Score(values);
  r.label = std::string(CvssV2Label(r.score));
  return r;
}

std::string_view CvssTypeName(CvssVersion v) {
  switch (v) {
    case CvssVersion::kV2:
      return "CVSS_V2";
    case CvssVersion::kV30:
    case CvssVersion::kV31:
      return "CVSS_V3";
    case CvssVersion::kV40:
      return "CVSS_V4";
  }
  return "";
}

std::string_view CvssLabel(double score) {
  if (score < 0) return "UNKNOWN";
  if (score == 0) return "NONE";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  if (score < 9.0) return "HIGH";
  return "CRITICAL";
}

std::string_view CvssV2Label(double score) {
  if (score < 0) return "UNKNOWN";
  if (score < 4.0) return "LOW";
  if (score < 7.0) return "MEDIUM";
  return "HIGH";
}

std::string NormalizeSeverityLabel(std::string_view word) {
  std::string w = Upper(word);
  if (w == "CRITICAL") return "CRITICAL";
  if (w == "HIGH" || w == "IMPORTANT") return "HIGH";
  if (w == "MEDIUM" || w == "MODERATE") return "MEDIUM";
  if (w == "LOW" || w == "NEGLIGIBLE" || w == "UNIMPORTANT") return "LOW";
  if (w == "NONE") return "NONE";
  return "UNKNOWN";
}

model::SeverityScore CvssSeverity(std::string_view vector, std::string_view source, std::string_view type_hint,
                                  double given_score) {
  model::SeverityScore s;
  s.vector = std::string(vector);
  s.source = std::string(source);
  s.type = std::string(type_hint);
  auto r = ScoreCvss(vector);
  if (r) {
    s.type = std::string(CvssTypeName(r->version));
    s.score = r->score;
    s.label = r->label;
  } else {
    s.label = "UNKNOWN";
  }
  if (given_score >= 0 && given_score <= 10) {
    s.score = given_score;
    s.label = std::string(r && r->version == CvssVersion::kV2 ? CvssV2Label(given_score) : CvssLabel(given_score));
  }
  return s;
}

}  // namespace hullscan::feed
