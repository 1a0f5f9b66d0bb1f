# `cmake --install` puts Kiln's libraries, headers, TableGen sources, tools
# and plugin under the prefix, with a CMake package so that another project
# can `find_package(Kiln)` and link Kiln::KilnInitAll (or any component).
include(CMakePackageConfigHelpers)

install(DIRECTORY include/kiln/ DESTINATION include/kiln
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY dialects/kiln/ DESTINATION include/kiln
  FILES_MATCHING PATTERN "*.td")

install(EXPORT KilnTargets NAMESPACE Kiln:: DESTINATION lib/cmake/Kiln)
configure_package_config_file(cmake/KilnConfig.cmake.in
  ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  INSTALL_DESTINATION lib/cmake/Kiln)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  DESTINATION lib/cmake/Kiln)
