# Helpers shared by every module's CMakeLists.txt.
#
#   hs_module(NAME SOURCES a.cc b.cc DEPS hullscan_base ...)   -> library hullscan_NAME
#   hs_test(NAME SOURCES x_test.cc DEPS hullscan_x [LABELS unit])  -> gtest binary + ctest entries
#   hs_fuzzer(NAME SOURCE x_fuzzer.cc DEPS hullscan_x)          -> fuzz target NAME_fuzzer
#
# DEPS state the dependency rule of DESIGN.md 1.2: a module links exactly what it may use.

function(hs_module name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_library(hullscan_${name} STATIC ${A_SOURCES})
  target_include_directories(hullscan_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(hullscan_${name} PUBLIC ${A_DEPS})
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
  add_test(NAME fuzz_replay_${name}
    COMMAND ${name}_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name} ${PROJECT_SOURCE_DIR}/fuzz/crashers/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS "fuzz-regress")
endfunction()
