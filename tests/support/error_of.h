// The message of the genlab::Error a callable throws, or "(no error)": for tests that pin exact
// one-line error messages.
#pragma once

#include <functional>
#include <string>

#include "genlab/core/error.h"

namespace genlab::testing {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace genlab::testing
