# The runtime for every other supported target, so that
# `inkoc build --target TRIPLE` finds lib/inko/runtime/<triple>/ in the build
# tree and after `cmake --install`. Each one is a second configure of
# runtime/ with the target's toolchain file (runtime/cmake/<triple>.cmake);
# only libinkort.a and link-flags.txt are built, never its tests (the
# runtime's own aarch64 test run is runtime/tools/test-aarch64).
#
# INKO_CROSS_TARGETS defaults to every supported target other than the host
# whose cross compiler is installed; set it to "" to build the host only.
include(ExternalProject)

set(INKO_SUPPORTED_TARGETS x86_64-linux-gnu aarch64-linux-gnu)
set(INKO_DEFAULT_CROSS_TARGETS "")
foreach(triple ${INKO_SUPPORTED_TARGETS})
  if(NOT triple STREQUAL INKO_HOST_TRIPLE AND EXISTS ${CMAKE_SOURCE_DIR}/runtime/cmake/${triple}.cmake)
    find_program(INKO_CROSS_CXX_${triple} ${triple}-g++)
    if(INKO_CROSS_CXX_${triple})
      list(APPEND INKO_DEFAULT_CROSS_TARGETS ${triple})
    else()
      message(STATUS "No ${triple}-g++: inkoc will not link programs for ${triple}")
    endif()
  endif()
endforeach()
set(INKO_CROSS_TARGETS "${INKO_DEFAULT_CROSS_TARGETS}" CACHE STRING
  "Targets other than the host to build the runtime for")

# Under make, the sub-build joins the parent's jobserver (-j applies to it).
if(CMAKE_GENERATOR MATCHES "Makefiles")
  set(INKO_CROSS_BUILD_COMMAND $(MAKE) inkort)
else()
  set(INKO_CROSS_BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target inkort)
endif()

foreach(triple ${INKO_CROSS_TARGETS})
  ExternalProject_Add(runtime-${triple}
    SOURCE_DIR ${CMAKE_SOURCE_DIR}/runtime
    BINARY_DIR ${CMAKE_BINARY_DIR}/runtime-${triple}
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/runtime/cmake/${triple}.cmake
      -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    BUILD_COMMAND ${INKO_CROSS_BUILD_COMMAND}
    # Copied beside the host's runtime only when changed, so that programs
    # cached against it (docs/cli.md) stay valid across no-op builds.
    INSTALL_COMMAND ${CMAKE_COMMAND} -E make_directory ${INKO_RUNTIME_DIR}/${triple}
      COMMAND ${CMAKE_COMMAND} -E copy_if_different
        <BINARY_DIR>/lib/inko/runtime/${triple}/libinkort.a
        <BINARY_DIR>/lib/inko/runtime/${triple}/link-flags.txt
        ${INKO_RUNTIME_DIR}/${triple}/
    # The sub-build tracks the runtime's sources itself; always ask it.
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${INKO_RUNTIME_DIR}/${triple}/libinkort.a)
  install(DIRECTORY ${INKO_RUNTIME_DIR}/${triple} DESTINATION lib/inko/runtime)
endforeach()
