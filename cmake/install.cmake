# cmake --install: the genlab launcher (bin) and the full program it runs (libexec/genlab), libgenlab (shared; LibTorch stays a private dependency), the
# public headers, a CMake package (find_package(genlab) -> genlab::genlab) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS genlab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS genlab-torch RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/genlab)
install(TARGETS genlab
        EXPORT genlabTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES src/genlab/genlab.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/genlab)
install(FILES src/genlab/core/error.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/genlab/core)
install(FILES src/genlab/image/image.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/genlab/image)

install(EXPORT genlabTargets NAMESPACE genlab:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/genlab)
configure_package_config_file(cmake/genlabConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/genlabConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/genlab)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/genlabConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/genlabConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/genlabConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/genlab)

# The .pc file finds the prefix relative to itself, so the install tree can be moved.
file(RELATIVE_PATH GENLAB_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(cmake/genlab.pc.in ${CMAKE_CURRENT_BINARY_DIR}/genlab.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/genlab.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
