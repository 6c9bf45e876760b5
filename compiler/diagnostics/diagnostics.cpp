#include "diagnostics/diagnostics.h"

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <unistd.h>

namespace inko {
namespace {

struct KindInfo {
  std::string_view name;
  Severity severity;
  std::string_view format;
};

constexpr KindInfo kKinds[] = {
#define DIAGNOSTIC(name, severity, format) {#name, Severity::severity, format},
#include "diagnostics/kinds.def"
};

std::string format_message(std::string_view format, std::initializer_list<std::string_view> args) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 2 < format.size() && format[i + 2] == '}' && format[i + 1] >= '0' &&
        format[i + 1] <= '9') {
      size_t index = format[i + 1] - '0';
      if (index < args.size())
        out += *(args.begin() + index);
      i += 2;
    } else {
      out += format[i];
    }
  }
  return out;
}

std::string_view severity_label(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

void write_json_string(std::ostream& out, std::string_view text) {
  out << '"';
  for (unsigned char c : text) {
    switch (c) {
    case '"':
      out << "\\\"";
      break;
    case '\\':
      out << "\\\\";
      break;
    case '\n':
      out << "\\n";
      break;
    case '\t':
      out << "\\t";
      break;
    case '\r':
      out << "\\r";
      break;
    default:
      if (c < 0x20) {
        static const char* hex = "0123456789abcdef";
        out << "\\u00" << hex[c >> 4] << hex[c & 15];
      } else {
        out << c;
      }
    }
  }
  out << '"';
}

} // namespace

std::string_view diagnostic_name(DiagnosticKind kind) {
  return kKinds[static_cast<size_t>(kind)].name;
}

void DiagnosticEngine::report(DiagnosticKind kind, SourceRange range,
                              std::initializer_list<std::string_view> args) {
  add(kind, range, true, args);
}

void DiagnosticEngine::report_global(DiagnosticKind kind,
                                     std::initializer_list<std::string_view> args) {
  add(kind, {}, false, args);
}

void DiagnosticEngine::add(DiagnosticKind kind, SourceRange range, bool has_location,
                           std::initializer_list<std::string_view> args) {
  const KindInfo& info = kKinds[static_cast<size_t>(kind)];
  bool hide = error_count_ >= kMaxShownErrors;
  if (info.severity == Severity::Error)
    ++error_count_;
  if (hide) {
    hidden_ += info.severity == Severity::Error ? 1 : 0;
    return;
  }
  diagnostics_.push_back(
      {kind, info.severity, range, has_location, format_message(info.format, args)});
}

void DiagnosticEngine::render(std::ostream& out, DiagnosticFormat format, bool colour) const {
  // Phases report in their own order (all lexer errors before the parser's);
  // readers want them in source order. A note belongs to the diagnostic
  // reported just before it and is shown right after it, wherever it points.
  struct Group {
    const Diagnostic* head;
    std::vector<const Diagnostic*> notes;
  };
  std::vector<Group> groups;
  for (const Diagnostic& diagnostic : diagnostics_) {
    if (diagnostic.severity == Severity::Note && !groups.empty()) {
      groups.back().notes.push_back(&diagnostic);
    } else {
      groups.push_back({&diagnostic, {}});
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a_group, const Group& b_group) {
    const Diagnostic* a = a_group.head;
    const Diagnostic* b = b_group.head;
    if (a->has_location != b->has_location)
      return !a->has_location;
    if (a->range.file != b->range.file)
      return a->range.file < b->range.file;
    return a->range.begin < b->range.begin;
  });
  auto write = [&](const Diagnostic& diagnostic) {
    if (format == DiagnosticFormat::Json) {
      render_json(out, diagnostic);
    } else {
      render_text(out, diagnostic, colour);
    }
  };
  for (const Group& group : groups) {
    write(*group.head);
    for (const Diagnostic* note : group.notes)
      write(*note);
  }
  if (hidden_ > 0 && format == DiagnosticFormat::Text) {
    out << "error: " << hidden_ << " more error" << (hidden_ == 1 ? " was" : "s were")
        << " not shown\n";
  }
}

namespace {

bool is_continuation_byte(char byte) {
  return (static_cast<unsigned char>(byte) & 0xc0) == 0x80;
}

uint32_t characters_in(std::string_view text) {
  uint32_t count = 0;
  for (char byte : text)
    count += is_continuation_byte(byte) ? 0 : 1;
  return count;
}

// A source line as it may be shown on a terminal: control characters
// (other than tabs) become U+FFFD, so a stray escape sequence in a file
// neither hides nor recolours the output.
std::string printable(std::string_view line) {
  std::string shown;
  for (char byte : line) {
    auto value = static_cast<unsigned char>(byte);
    if ((value < 0x20 && byte != '\t') || value == 0x7f)
      shown += "\xEF\xBF\xBD";
    else
      shown += byte;
  }
  return shown;
}

} // namespace

void DiagnosticEngine::render_text(std::ostream& out, const Diagnostic& diagnostic,
                                   bool colour) const {
  const char* bold = colour ? "\x1b[1m" : "";
  const char* red = colour ? "\x1b[1;31m" : "";
  const char* yellow = colour ? "\x1b[1;33m" : "";
  const char* green = colour ? "\x1b[1;32m" : "";
  const char* reset = colour ? "\x1b[0m" : "";
  const char* cyan = colour ? "\x1b[1;36m" : "";
  const char* severity_colour = diagnostic.severity == Severity::Error     ? red
                                : diagnostic.severity == Severity::Warning ? yellow
                                                                           : cyan;

  if (!diagnostic.has_location) {
    out << severity_colour << severity_label(diagnostic.severity) << reset << ": " << bold
        << diagnostic.message << reset << '\n';
    return;
  }
  const SourceFile& file = sources_.file(diagnostic.range.file);
  LineColumn start = file.position(diagnostic.range.begin);
  out << bold << file.path() << ':' << start.line << ':' << start.column << ": " << reset
      << severity_colour << severity_label(diagnostic.severity) << reset << ": " << bold
      << diagnostic.message << reset << '\n';

  std::string_view line = file.line_text(start.line);
  out << "  " << printable(line) << '\n';
  // Underline the range on its first line: a caret, then tildes, one per
  // character (columns count bytes; a UTF-8 character is one column wide).
  std::string marker = "  ";
  for (uint32_t i = 1; i < start.column && i <= line.size(); ++i) {
    if (!is_continuation_byte(line[i - 1]))
      marker += line[i - 1] == '\t' ? '\t' : ' ';
  }
  LineColumn end = file.position(diagnostic.range.end);
  uint32_t width = 1;
  if (end.line == start.line && end.column > start.column) {
    std::string_view underlined =
        line.substr(std::min<size_t>(start.column - 1, line.size()), end.column - start.column);
    width = std::max<uint32_t>(1, characters_in(underlined));
  }
  out << marker << green << '^' << std::string(width - 1, '~') << reset << '\n';
}

void DiagnosticEngine::render_json(std::ostream& out, const Diagnostic& diagnostic) const {
  out << "{\"severity\":";
  write_json_string(out, severity_label(diagnostic.severity));
  out << ",\"kind\":";
  write_json_string(out, diagnostic_name(diagnostic.kind));
  out << ",\"message\":";
  write_json_string(out, diagnostic.message);
  if (diagnostic.has_location) {
    const SourceFile& file = sources_.file(diagnostic.range.file);
    LineColumn start = file.position(diagnostic.range.begin);
    LineColumn end = file.position(diagnostic.range.end);
    out << ",\"file\":";
    write_json_string(out, file.path());
    out << ",\"line\":" << start.line << ",\"column\":" << start.column
        << ",\"end_line\":" << end.line << ",\"end_column\":" << end.column;
  }
  out << "}\n";
}

bool should_colour(int file_descriptor) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0')
    return false;
  return isatty(file_descriptor) != 0;
}

} // namespace inko
