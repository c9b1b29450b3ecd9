// Stop strings for streamed generation: text arrives as decoded pieces (one per token, any
// length); the matcher says what can be shown now, holds back a tail that might still become a
// stop string, and reports when one completed. Byte-wise: a stop string that is valid UTF-8 begins
// on a character boundary, so the emitted text never ends inside a character it did not receive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace genlab::sample {

class StopMatcher {
 public:
  struct Result {
    std::string text;      // safe to print now (everything before a stop string, never the stop)
    bool stopped = false;  // a stop string completed: generation should end
  };

  // Throws Error "stop strings: stop string <i> is empty" for an empty string. No strings: every
  // piece passes straight through.
  explicit StopMatcher(std::vector<std::string> stops);

  // Appends a piece. When the text seen so far contains a stop string, the earliest one wins: the
  // text before it is returned with stopped = true and every later call returns nothing. Otherwise
  // returns all but the longest tail that is a proper prefix of some stop string.
  Result feed(std::string_view piece);

  // At the end of generation (no stop string seen): the held-back tail, which is ordinary text.
  // Empty after a stop.
  std::string flush();

  bool stopped() const { return m_stopped; }

 private:
  std::vector<std::string> m_stops;
  std::string m_pending;  // held back: a suffix that could still be the start of a stop string
  bool m_stopped = false;
};

}  // namespace genlab::sample
