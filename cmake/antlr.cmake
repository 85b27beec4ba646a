# The parser is generated at build time from grammar/*.g4 with Debian's
# `antlr4` tool. Its output must match the 4.9 runtime headers: 4.7.2 output
# compiles against them, 4.10+ output does not (ATN format and API changed),
# so stop early with a clear message if the tool is too new.
find_program(ANTLR4_TOOL antlr4)
if(NOT ANTLR4_TOOL)
  message(FATAL_ERROR "The `antlr4` command was not found. Run scripts/setup.sh (installs Debian's antlr4).")
endif()
execute_process(COMMAND ${ANTLR4_TOOL} OUTPUT_VARIABLE _antlr_banner ERROR_VARIABLE _antlr_banner)
string(REGEX MATCH "Version ([0-9]+)\\.([0-9]+)(\\.[0-9]+)?" _antlr_match "${_antlr_banner}")
if(NOT _antlr_match)
  message(FATAL_ERROR "Could not read the version of ${ANTLR4_TOOL}; output was: ${_antlr_banner}")
endif()
set(ANTLR4_TOOL_VERSION "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}${CMAKE_MATCH_3}")
if(ANTLR4_TOOL_VERSION VERSION_GREATER_EQUAL 4.10)
  message(FATAL_ERROR "antlr4 ${ANTLR4_TOOL_VERSION} is too new: its generated code does not compile "
                      "against the 4.9 runtime (libantlr4-runtime-dev). Use Debian's antlr4 4.7.2.")
endif()
message(STATUS "antlr4 tool ${ANTLR4_TOOL_VERSION}: ${ANTLR4_TOOL}")

find_package(antlr4-runtime 4.9 CONFIG REQUIRED)
