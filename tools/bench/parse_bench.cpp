// Front-end throughput: lexes and parses a generated program of realistic
// Inko (objects, methods, closures, sends with every argument form,
// strings, try, match) and prints lines per second for one core.
//   parse_bench [LINES] [RUNS]     defaults: 250000 lines, 5 runs
// The best run counts: it is the least disturbed by other load.
#include "diagnostics/diagnostics.h"
#include "lex/lexer.h"
#include "parse/parser.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// One unit of the program: 40 lines, names made unique by `n`.
void append_unit(std::string& out, int n) {
  std::string id = std::to_string(n);
  out += "import std::collection" + id + "::(self, Map as M" + id + ")\n";
  out += "# A comment before object number " + id + ".\n";
  out += "object Person" + id + "!(T: ToString + Equal) {\n";
  out += "  @name: String\n";
  out += "  @values: Array!(?T)\n";
  out += "\n";
  out += "  def init(name: String, *values: ?T) {\n";
  out += "    @name = name\n";
  out += "    @values = values\n";
  out += "  }\n";
  out += "\n";
  out += "  def name -> String { @name }\n";
  out += "\n";
  out += "  def total(start = 0, mut step: Integer) !! Error -> Integer where T: Hash {\n";
  out += "    let mut sum = start\n";
  out += "    @values.each_with_index do (value, index) {\n";
  out += "      sum += index * step + 0x1f - 1_000\n";
  out += "      value.if_true { return sum }\n";
  out += "    }\n";
  out += "    try compute(sum, limit: 10) else (error) throw error\n";
  out += "  }\n";
  out += "}\n";
  out += "\n";
  out += "impl ToString for Person" + id + " {\n";
  out += "  def to_string -> String {\n";
  out += "    `{@name} has {@values.length} values and \\{escaped\\}`\n";
  out += "  }\n";
  out += "}\n";
  out += "\n";
  out += "def describe" + id + "(value: Any) -> String {\n";
  out += "  match(let v = value) {\n";
  out += "    1, 2 -> { 'small' }\n";
  out += "    as String when v.empty? -> { \"empty\\n\" }\n";
  out += "    else -> { (v as ToString).to_string + ' ' + 1.5e3.to_string }\n";
  out += "  }\n";
  out += "}\n";
  out += "\n";
  out +=
      "let person" + id + " = Person" + id + ".new(name: 'Alice', values: Array.new!(Integer))\n";
  out += "stdout.print person" + id + ".to_string, lambda (x: Integer) -> Integer { x[0] }\n";
  out += "{ counter < 10 }.while_true { counter += 1 }\n";
}

constexpr int kUnitLines = 40;

} // namespace

int main(int argc, char** argv) {
  long lines = argc > 1 ? std::atol(argv[1]) : 250000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::string text;
  for (int n = 0; static_cast<long>(n) * kUnitLines < lines; ++n)
    append_unit(text, n);
  long actual_lines = static_cast<long>(std::count(text.begin(), text.end(), '\n'));

  double best = 1e30;
  size_t tokens = 0;
  size_t nodes = 0;
  for (int run = 0; run < std::max(runs, 1); ++run) {
    inko::SourceManager sources;
    inko::FileId file = sources.add("bench.inko", text);
    inko::DiagnosticEngine diagnostics(sources);
    auto start = std::chrono::steady_clock::now();
    inko::lex::TokenizedBuffer buffer = inko::lex::tokenize(sources, file, diagnostics);
    inko::parse::Tree tree = inko::parse::parse(buffer, diagnostics);
    auto end = std::chrono::steady_clock::now();
    if (diagnostics.has_errors()) {
      std::fprintf(stderr, "the generated program has syntax errors\n");
      return 1;
    }
    best = std::min(best, std::chrono::duration<double>(end - start).count());
    tokens = buffer.tokens.size();
    nodes = tree.nodes.size();
  }
  std::printf("%ld lines, %.1f MB, %zu tokens, %zu nodes\n", actual_lines,
              static_cast<double>(text.size()) / 1e6, tokens, nodes);
  std::printf("lex + parse: %.3f s, %.0f lines/s\n", best,
              static_cast<double>(actual_lines) / best);
  return 0;
}
