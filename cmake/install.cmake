# Installation: the headers, the CMake package (find_package(oncehub_webhooks) gives
# oncehub::webhooks), a pkg-config file, and the tools (oncehub-webhook,
# oncehub-webhook-receiver) when they were built. Included by the top-level CMakeLists.txt.
#
# The library is header-only, so its package files go under share/ (architecture-
# independent), where both find_package and pkg-config look.

option(ONCEHUB_WEBHOOKS_INSTALL "Generate the install rules" ${PROJECT_IS_TOP_LEVEL})
if(NOT ONCEHUB_WEBHOOKS_INSTALL)
  return()
endif()

include(CMakePackageConfigHelpers)

set(ONCEHUB_WEBHOOKS_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/cmake/oncehub_webhooks)
set(ONCEHUB_WEBHOOKS_PKGCONFIG_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/pkgconfig)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/oncehub_webhooks)
install(TARGETS oncehub_webhooks EXPORT oncehub_webhooks-targets)
install(EXPORT oncehub_webhooks-targets
        NAMESPACE oncehub::
        FILE oncehub_webhooks-targets.cmake
        DESTINATION ${ONCEHUB_WEBHOOKS_CMAKE_INSTALL_DIR})

# The optional component `redis` (oncehub::webhooks_redis, for <oncehub/webhooks/redis_dedup.hpp>):
# its own export set, loaded by the package config only when hiredis is found there too.
if(TARGET oncehub_webhooks_redis)
  install(TARGETS oncehub_webhooks_redis EXPORT oncehub_webhooks-redis-targets)
  install(EXPORT oncehub_webhooks-redis-targets
          NAMESPACE oncehub::
          FILE oncehub_webhooks-redis-targets.cmake
          DESTINATION ${ONCEHUB_WEBHOOKS_CMAKE_INSTALL_DIR})
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/oncehub_webhooks-config.cmake.in
                              ${PROJECT_BINARY_DIR}/oncehub_webhooks-config.cmake
                              INSTALL_DESTINATION ${ONCEHUB_WEBHOOKS_CMAKE_INSTALL_DIR})
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/oncehub_webhooks-config-version.cmake
                                 COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/oncehub_webhooks-config.cmake
              ${PROJECT_BINARY_DIR}/oncehub_webhooks-config-version.cmake
        DESTINATION ${ONCEHUB_WEBHOOKS_CMAKE_INSTALL_DIR})

# pkg-config: libcrypto only when the signature header can be used.
if(ONCEHUB_WEBHOOKS_HAVE_OPENSSL)
  set(ONCEHUB_WEBHOOKS_PC_REQUIRES "simdjson, libcrypto >= 3.0")
else()
  set(ONCEHUB_WEBHOOKS_PC_REQUIRES "simdjson")
endif()
# Relocatable: the prefix is found from the .pc file's own place (${pcfiledir}), so that
# `cmake --install <build> --prefix <elsewhere>` and moved trees work.
file(RELATIVE_PATH ONCEHUB_WEBHOOKS_PC_TO_PREFIX /prefix/${ONCEHUB_WEBHOOKS_PKGCONFIG_INSTALL_DIR} /prefix)
string(REGEX REPLACE "/$" "" ONCEHUB_WEBHOOKS_PC_TO_PREFIX "${ONCEHUB_WEBHOOKS_PC_TO_PREFIX}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(ONCEHUB_WEBHOOKS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(ONCEHUB_WEBHOOKS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/oncehub_webhooks.pc.in ${PROJECT_BINARY_DIR}/oncehub_webhooks.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/oncehub_webhooks.pc DESTINATION ${ONCEHUB_WEBHOOKS_PKGCONFIG_INSTALL_DIR})

# The tools, when this build has them.
foreach(tool oncehub-webhook oncehub-webhook-receiver)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()
