# Every third-party dependency, found once. All come from Debian packages (scripts/setup.sh).
find_package(Torch REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PNG REQUIRED)
find_package(GIF REQUIRED)  # giflib: Debian ships no pkg-config file for it
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)  # tests read rendered WAVs back

# LibTorch as one imported target with SYSTEM includes and its required flags (Debian's Torch
# targets say C++14; we use 17, set above).
add_library(genlab_torch INTERFACE)
target_link_libraries(genlab_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(genlab_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
separate_arguments(_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
target_compile_options(genlab_torch INTERFACE ${_torch_flags})
