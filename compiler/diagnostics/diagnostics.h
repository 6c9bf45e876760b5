// Diagnostics: every error the compiler reports goes through a
// DiagnosticEngine, which collects them (phases keep going after an error)
// and renders them as text (`FILE:LINE:COL: error: MESSAGE` plus the source
// line and a caret) or as JSON lines for editors.
#pragma once

#include "base/source.h"

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace inko {

enum class Severity : uint8_t { Error, Warning, Note };

enum class DiagnosticKind : uint16_t {
#define DIAGNOSTIC(name, severity, format) name,
#include "diagnostics/kinds.def"
};

struct Diagnostic {
  DiagnosticKind kind;
  Severity severity;
  SourceRange range;
  bool has_location;
  std::string message;
};

enum class DiagnosticFormat { Text, Json };

// How many errors an engine keeps and shows; later ones are only counted.
inline constexpr size_t kMaxShownErrors = 1000;

std::string_view diagnostic_name(DiagnosticKind kind);

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(const SourceManager& sources) : sources_(sources) {}

  // Reports a diagnostic at `range`; `args` fill the {0}, {1}, ... of the
  // kind's message format.
  void report(DiagnosticKind kind, SourceRange range,
              std::initializer_list<std::string_view> args = {});
  // Reports a diagnostic that belongs to no source location.
  void report_global(DiagnosticKind kind, std::initializer_list<std::string_view> args = {});

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // Writes every collected diagnostic; `colour` adds ANSI colours.
  void render(std::ostream& out, DiagnosticFormat format, bool colour) const;

private:
  void add(DiagnosticKind kind, SourceRange range, bool has_location,
           std::initializer_list<std::string_view> args);
  void render_text(std::ostream& out, const Diagnostic& diagnostic, bool colour) const;
  void render_json(std::ostream& out, const Diagnostic& diagnostic) const;

  const SourceManager& sources_;
  std::vector<Diagnostic> diagnostics_;
  size_t error_count_ = 0;
  // Errors (and their notes) beyond kMaxShownErrors are counted, not kept:
  // a binary file given as source must not produce gigabytes of output.
  size_t hidden_ = 0;
};

// Whether diagnostics written to the given stream should be coloured: only on
// a terminal, and never when NO_COLOR is set (https://no-color.org).
bool should_colour(int file_descriptor);

} // namespace inko
