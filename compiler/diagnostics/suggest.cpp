#include "diagnostics/suggest.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace inko {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of adjacent characters each cost one.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

size_t allowed_edits(std::string_view name) {
  return name.size() <= 4 ? 1 : name.size() <= 8 ? 2 : 3;
}

} // namespace

std::string closest_name(std::string_view name, std::span<const std::string> candidates) {
  std::string best;
  size_t best_distance = allowed_edits(name) + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name)
      return {};
    // A length difference alone is a lower bound; skip the table.
    size_t difference = candidate.size() > name.size() ? candidate.size() - name.size()
                                                       : name.size() - candidate.size();
    if (difference >= best_distance)
      continue;
    size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string_view module_defining(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"stdout", "std::stdio::stdout"},
      {"stderr", "std::stdio::stderr"},
      {"stdin", "std::stdio::stdin"},
      {"env", "std::env"},
      {"vm", "std::vm"},
      {"process", "std::process"},
      {"file", "std::fs::file"},
      {"dir", "std::fs::dir"},
      {"random", "std::random"},
      {"time", "std::time"},
      {"test", "std::test"},
      {"assert", "std::test::assert"},
      {"Set", "std::set::Set"},
      {"Path", "std::fs::path::Path"},
      {"Duration", "std::time::Duration"},
      {"StringBuffer", "std::string_buffer::StringBuffer"},
      {"Instant", "std::time::Instant"},
      {"SystemTime", "std::time::SystemTime"},
  };
  for (const auto& [known_name, module] : known) {
    if (known_name == name)
      return module;
  }
  return {};
}

} // namespace inko
