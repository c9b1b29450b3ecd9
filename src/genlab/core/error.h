// genlab's two error kinds. Library code throws; only main() (and later the HTTP handler wrapper)
// decides how to exit or respond. This header is public and depends on nothing but the standard
// library, so an embedding program can catch genlab errors without fmt or LibTorch.
#pragma once

#include <stdexcept>
#include <string>

namespace genlab {

// A problem with the user's input, files or request. what() is one line of the form
// "<file or subject>: <problem>[; <what to do / valid choices>]". The CLI prints it and exits 1.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A broken invariant inside genlab (a bug). what() starts with "<source file>:<line>: ".
// The CLI prints it and exits 2.
class InternalError : public std::runtime_error {
 public:
  explicit InternalError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace genlab
