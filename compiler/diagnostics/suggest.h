// Hints for diagnostics: the closest known name to a misspelt one ("did you
// mean"), and the standard-library module that defines a name a beginner
// used without importing it.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace inko {

// The candidate closest to `name` by edit distance (an adjacent swap counts
// as one edit), when close enough to be a typo: at most one edit for names
// of up to four characters, two up to eight, three beyond. Ties go to the
// first candidate; empty when none is close or `name` itself is a candidate.
std::string closest_name(std::string_view name, std::span<const std::string> candidates);

// The module to import for a standard-library name that programs commonly
// use without importing it (`stdout` -> std::stdio::stdout, `Set` ->
// std::set), or empty.
std::string_view module_defining(std::string_view name);

} // namespace inko
