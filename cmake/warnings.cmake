# genlab_warnings: an interface target carrying the project's warning flags. LibTorch's include
# directories are SYSTEM (see dependencies.cmake), so its own warnings do not count.
add_library(genlab_warnings INTERFACE)
target_compile_options(genlab_warnings INTERFACE -Wall -Wextra)
if(GENLAB_WERROR)
  target_compile_options(genlab_warnings INTERFACE -Werror)
endif()

# genlab_torch_executable(target): a program built on libgenlab's internals that reuses its torch
# PCH. GCC only accepts a PCH built with the same -fPIC/-fPIE setting, so these objects are -fPIC
# like the shared library's (which also links fine into a PIE).
function(genlab_torch_executable target)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
  target_compile_options(${target} PRIVATE -fPIC)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE genlab genlab_torch genlab_warnings nlohmann_json::nlohmann_json fmt::fmt)
  target_precompile_headers(${target} REUSE_FROM genlab)
endfunction()
