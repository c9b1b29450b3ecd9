// Stop-string matching over streamed pieces. The pending buffer is at most the longest stop string
// plus one piece, so each feed costs O(pending * stops).
#include "genlab/sample/stop_matcher.h"

#include <algorithm>

#include "genlab/core/check.h"

namespace genlab::sample {

StopMatcher::StopMatcher(std::vector<std::string> stops) : m_stops(std::move(stops)) {
  for (size_t i = 0; i < m_stops.size(); ++i)
    if (m_stops[i].empty()) fail("stop strings: stop string {} is empty", i);
}

StopMatcher::Result StopMatcher::feed(std::string_view piece) {
  Result result;
  if (m_stopped) return result;
  m_pending += piece;

  size_t first = std::string::npos;
  for (const std::string& stop : m_stops) first = std::min(first, m_pending.find(stop));
  if (first != std::string::npos) {
    result.text = m_pending.substr(0, first);
    result.stopped = m_stopped = true;
    m_pending.clear();
    return result;
  }

  // Longest suffix of pending that is a proper prefix of a stop string (shorter than the stop, or
  // it would have matched above).
  size_t hold = 0;
  for (const std::string& stop : m_stops) {
    const size_t longest = std::min(stop.size() - 1, m_pending.size());
    for (size_t len = longest; len > hold; --len) {
      if (m_pending.compare(m_pending.size() - len, len, stop, 0, len) == 0) {
        hold = len;
        break;
      }
    }
  }
  result.text = m_pending.substr(0, m_pending.size() - hold);
  m_pending.erase(0, m_pending.size() - hold);
  return result;
}

std::string StopMatcher::flush() {
  std::string rest;
  rest.swap(m_pending);
  return rest;
}

}  // namespace genlab::sample
