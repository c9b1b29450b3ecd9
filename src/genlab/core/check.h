// Throwing helpers for library code: fail() for user errors, GENLAB_CHECK for internal invariants
// (llm.c's checked wrappers, but throwing instead of exit()). Not public: uses fmt.
#pragma once

#include <fmt/format.h>

#include "genlab/core/error.h"

namespace genlab {

// Throws genlab::Error with a fmt-formatted one-line message.
template <class... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace genlab

// Throws genlab::InternalError("file:line: message") when cond is false.
#define GENLAB_CHECK(cond, ...)                                                         \
  do {                                                                                  \
    if (!(cond))                                                                        \
      throw ::genlab::InternalError(fmt::format("{}:{}: ", __FILE__, __LINE__) +         \
                                    fmt::format(__VA_ARGS__));                          \
  } while (0)
