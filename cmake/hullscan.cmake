# Helpers shared by every module's CMakeLists.txt.
#
#   hs_module(NAME SOURCES a.cc b.cc DEPS hullscan_base ...)   -> library hullscan_NAME
#   hs_test(NAME SOURCES x_test.cc DEPS hullscan_x [LABELS unit])  -> gtest binary + ctest entries
#   hs_fuzzer(NAME SOURCE x_fuzzer.cc DEPS hullscan_x)          -> fuzz target NAME_fuzzer
#
# DEPS state the dependency rule of DESIGN.md 1.2: a module links exactly what it may use.

# Precompiled headers: the standard library, nlohmann/json and (for tests) GoogleTest are
# parsed once per build and reused by every target, which roughly halves a clean build. GCC
# falls back to the plain headers when a target's flags differ; clang refuses such a PCH, which
# is safe here because every target that reuses one is compiled with the same flags (the only
# target with its own definitions, the hullscan executable, does not use it).
set(HS_PCH_ON OFF)
if(HULLSCAN_PCH AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(HS_PCH_ON ON)
  set(HS_PCH_HEADERS <algorithm> <cstdint> <functional> <map> <memory> <optional> <set> <string>
                     <string_view> <tuple> <unordered_map> <utility> <vector> <nlohmann/json.hpp>)
  add_library(hullscan_pch_lib STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cc)
  target_link_libraries(hullscan_pch_lib PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(hullscan_pch_lib PRIVATE ${HS_PCH_HEADERS})
  if(HULLSCAN_TESTS)
    add_library(hullscan_pch_test STATIC ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cc)
    target_link_libraries(hullscan_pch_test PRIVATE nlohmann_json::nlohmann_json GTest::gtest)
    target_precompile_headers(hullscan_pch_test PRIVATE ${HS_PCH_HEADERS} <gtest/gtest.h>)
  endif()
endif()

function(hs_use_pch target kind)
  if(HS_PCH_ON)
    target_precompile_headers(${target} REUSE_FROM hullscan_pch_${kind})
  endif()
endfunction()

function(hs_module name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_library(hullscan_${name} STATIC ${A_SOURCES})
  target_include_directories(hullscan_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(hullscan_${name} PUBLIC ${A_DEPS})
  hs_use_pch(hullscan_${name} lib)
endfunction()

function(hs_test name)
  if(NOT HULLSCAN_TESTS)
    return()
  endif()
  cmake_parse_arguments(A "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT A_LABELS)
    set(A_LABELS unit)
  endif()
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} hullscan_testing GTest::gtest GTest::gtest_main)
  hs_use_pch(${name} test)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${A_LABELS}"
    ENVIRONMENT "HULLSCAN_SOURCE_DIR=${PROJECT_SOURCE_DIR};HULLSCAN_SHARED_DIR=${HULLSCAN_SHARED_DIR}")
endfunction()

# Every fuzz target is built twice: with libFuzzer when HULLSCAN_FUZZ is on (clang), and always
# as a plain replay binary (fuzz/replay_main.cc) that runs the corpus and crasher files once, so
# the ordinary build keeps the harnesses compiling and CTest replays the corpora.
function(hs_fuzzer name)
  cmake_parse_arguments(A "" "SOURCE" "DEPS" ${ARGN})
  if(HULLSCAN_FUZZ)
    add_executable(${name}_fuzzer ${A_SOURCE})
    target_compile_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name}_fuzzer PRIVATE ${A_DEPS})
  endif()
  add_executable(${name}_replay ${A_SOURCE} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
  target_link_libraries(${name}_replay PRIVATE ${A_DEPS})
  hs_use_pch(${name}_replay lib)
  add_test(NAME fuzz_replay_${name}
    COMMAND ${name}_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name} ${PROJECT_SOURCE_DIR}/fuzz/crashers/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS "fuzz-regress")
endfunction()
