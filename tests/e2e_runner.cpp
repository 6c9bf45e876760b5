// The end-to-end test runner. Every tests/e2e/**/*.inko file is a test whose
// expected behaviour is written in `# CHECK:` comments at its end:
//
//   # CHECK:EXIT: 0              exit status of the compiled program
//   # CHECK:STDOUT: Hello        one line of its standard output
//   # CHECK:STDERR: ...          one line of its standard error
//   # CHECK:COMPILE: a.inko:1:5: error: ...
//                                a line the compiler printed; when present
//                                the program must be rejected and EXIT is
//                                the compiler's exit status
//
// The standard library's directory is written as $STDLIB, and the test's
// own directory as $DIR (stack traces name files by absolute path; see
// docs/panics.md), so expectations do not depend on the checkout's place.
//
// A first line `# TEST: parse` makes the test run `inkoc parse --dump-tree`
// instead, with its output as STDOUT lines (golden syntax trees).
// A first line `# TEST: check` runs `inkoc check` (with the prelude): its
// diagnostics become COMPILE lines and its status the EXIT line.
// A first line `# TEST: mir` records the MIR of the test's own module
// (`inkoc build --emit=mir`): golden tests of lowerings.

//
// `e2e_runner --inkoc PATH FILE...` checks the files; with `--update` it
// rewrites their CHECK lines from what actually happened (review the diff).
//
// The same expectations hold for every way of building a program. These
// options build and run the programs another way (tests/cross/README.md):
//   --build-flag FLAG    passed to `inkoc build` (repeatable), e.g.
//                        --target aarch64-linux-gnu or --static
//   --run-with COMMAND   runs the program as COMMAND... PROGRAM, the command
//                        split at spaces (qemu-aarch64 -L /usr/aarch64-linux-gnu)
//   --skip-list FILE     lines `tests/e2e/PATH  reason`: such a test is not
//                        run; the runner prints the reason and exits with 77
//                        (ctest's SKIP_RETURN_CODE)
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCheckPrefix = "# CHECK:";
constexpr int kTimeoutSeconds = 120;
constexpr int kSkippedStatus = 77;

// How a Run-mode test's program is built and started (see the options).
struct Variant {
  std::vector<std::string> build_flags;
  std::vector<std::string> wrapper;
};

struct Result {
  int status = 0;
  std::string out;
  std::string err;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs argv in `directory` with stdin from /dev/null, capturing stdout and
// stderr; kills it after the timeout.
Result run(const std::vector<std::string>& argv, const fs::path& directory,
           const fs::path& scratch) {
  Result result;
  fs::path out_path = scratch / "stdout";
  fs::path err_path = scratch / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  std::vector<char*> raw;
  for (const std::string& argument : argv)
    raw.push_back(const_cast<char*>(argument.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), environ) != 0) {
    result.status = -1;
    result.err = "could not start " + argv[0] + "\n";
    posix_spawn_file_actions_destroy(&actions);
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
      break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.err = "timed out after " + std::to_string(kTimeoutSeconds) + " seconds\n";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status))
    result.status = WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    result.status = 128 + WTERMSIG(status);
  result.out = read_all(out_path);
  result.err = read_all(err_path) + result.err;
  return result;
}

// Paths that differ between machines, replaced by a fixed name in CHECK lines.
std::vector<std::pair<std::string, std::string>> g_path_names;

std::string normalise_paths(std::string text) {
  for (const auto& [path, name] : g_path_names) {
    for (size_t at = text.find(path); at != std::string::npos; at = text.find(path, at)) {
      text.replace(at, path.size(), name);
      at += name.size();
    }
  }
  // How many frames a deep stack trace leaves out depends on frame sizes,
  // which change with the code generator: tests record "N".
  static const std::regex left_out("\\.\\.\\. [0-9]+ frames left out \\.\\.\\.");
  static const std::regex deep_frame("(^|\\n)  [0-9]{4,}: ");
  // Lines inside the standard library move whenever it is edited; a trace
  // test is about the program's own frames, so theirs are recorded as "N".
  static const std::regex stdlib_line("(\"\\$STDLIB/[^\"]*\" line )[0-9]+");
  text = std::regex_replace(text, left_out, "... N frames left out ...");
  text = std::regex_replace(text, stdlib_line, "$1N");
  return std::regex_replace(text, deep_frame, "$1  N: ");
}

void add_lines(std::vector<std::string>& checks, std::string_view label, const std::string& raw) {
  std::istringstream lines(normalise_paths(raw));
  std::string line;
  while (std::getline(lines, line)) {
    std::string check = std::string(kCheckPrefix) + std::string(label) + ":";
    if (!line.empty())
      check += " " + line;
    checks.push_back(check);
  }
}

// Runs one test and returns the CHECK lines describing what happened.
enum class Mode { Run, Parse, Check, Mir };

// The MIR of the test's own module: functions whose symbol starts with
// "main." and what they contain, without the standard library's.
std::string main_module_functions(const std::string& mir) {
  std::istringstream lines(mir);
  std::string line;
  std::string out;
  bool keep = false;
  while (std::getline(lines, line)) {
    if (line.starts_with("fn ") || line.starts_with("class "))
      keep = line.starts_with("fn \"main.");
    if (keep)
      out += line + "\n";
  }
  return out;
}

std::vector<std::string> observe(const fs::path& inkoc, const fs::path& test, Mode mode,
                                 const Variant& variant) {
  std::vector<std::string> checks;
  std::string scratch_pattern = (fs::temp_directory_path() / "inko-e2e-XXXXXX").string();
  if (mkdtemp(scratch_pattern.data()) == nullptr) {
    checks.push_back("# CHECK:EXIT: could not create a scratch directory");
    return checks;
  }
  fs::path scratch = scratch_pattern;
  fs::path directory = test.parent_path();
  std::string name = test.filename().string();

  if (mode == Mode::Mir) {
    Result built =
        run({inkoc.string(), "build", name, "--emit=mir", "-o", "-"}, directory, scratch);
    add_lines(checks, "STDOUT", main_module_functions(built.out));
    add_lines(checks, "COMPILE", built.err);
    checks.push_back(std::string(kCheckPrefix) + "EXIT: " + std::to_string(built.status));
  } else if (mode == Mode::Check) {
    Result checked = run({inkoc.string(), "check", name}, directory, scratch);
    add_lines(checks, "COMPILE", checked.err);
    checks.push_back(std::string(kCheckPrefix) + "EXIT: " + std::to_string(checked.status));
  } else if (mode == Mode::Parse) {
    Result parsed = run({inkoc.string(), "parse", "--dump-tree", name}, directory, scratch);
    add_lines(checks, "STDOUT", parsed.out);
    add_lines(checks, "COMPILE", parsed.err);
    checks.push_back(std::string(kCheckPrefix) + "EXIT: " + std::to_string(parsed.status));
  } else {
    fs::path program = scratch / "program";
    std::vector<std::string> build = {inkoc.string(), "build", name, "-o", program.string()};
    build.insert(build.end(), variant.build_flags.begin(), variant.build_flags.end());
    Result built = run(build, directory, scratch);
    if (built.status != 0) {
      add_lines(checks, "COMPILE", built.err);
      checks.push_back(std::string(kCheckPrefix) + "EXIT: " + std::to_string(built.status));
    } else {
      std::vector<std::string> command = variant.wrapper;
      command.push_back(program.string());
      Result ran = run(command, directory, scratch);
      add_lines(checks, "STDOUT", ran.out);
      add_lines(checks, "STDERR", ran.err);
      checks.push_back(std::string(kCheckPrefix) + "EXIT: " + std::to_string(ran.status));
    }
  }
  std::error_code code;
  fs::remove_all(scratch, code);
  return checks;
}

struct TestFile {
  std::vector<std::string> source; // every line that is not a CHECK line
  std::vector<std::string> checks;
  Mode mode = Mode::Run;
};

TestFile read_test(const fs::path& path) {
  TestFile file;
  std::istringstream lines(read_all(path));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(kCheckPrefix)) {
      file.checks.push_back(line);
    } else {
      file.source.push_back(line);
    }
  }
  if (!file.source.empty() && file.source[0] == "# TEST: parse")
    file.mode = Mode::Parse;
  if (!file.source.empty() && file.source[0] == "# TEST: check")
    file.mode = Mode::Check;
  if (!file.source.empty() && file.source[0] == "# TEST: mir")
    file.mode = Mode::Mir;
  return file;
}

void write_test(const fs::path& path, const TestFile& file,
                const std::vector<std::string>& checks) {
  std::vector<std::string> source = file.source;
  while (!source.empty() && source.back().empty())
    source.pop_back();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const std::string& line : source)
    out << line << '\n';
  out << '\n';
  for (const std::string& line : checks)
    out << line << '\n';
}

std::vector<std::string> split_at_spaces(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  std::string word;
  while (stream >> word)
    words.push_back(word);
  return words;
}

// The reason a skip list gives for not running `test`, or "" when it is not
// listed. Entries name tests relative to tests/ (e2e/dir/file.inko).
std::string skip_reason(const fs::path& skip_list, const fs::path& test) {
  std::istringstream lines(read_all(skip_list));
  std::string line;
  std::string test_path = test.generic_string();
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with("#"))
      continue;
    size_t end = line.find_first_of(" \t");
    std::string entry = line.substr(0, end);
    if (!test_path.ends_with("/" + entry))
      continue;
    size_t reason = end == std::string::npos ? end : line.find_first_not_of(" \t", end);
    return reason == std::string::npos ? "listed without a reason" : line.substr(reason);
  }
  return "";
}

} // namespace

int main(int argc, char** argv) {
  fs::path inkoc;
  bool update = false;
  Variant variant;
  fs::path skip_list;
  std::vector<fs::path> tests;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "--inkoc" && i + 1 < argc) {
      inkoc = fs::absolute(argv[++i]);
    } else if (argument == "--update") {
      update = true;
    } else if (argument == "--build-flag" && i + 1 < argc) {
      variant.build_flags.push_back(argv[++i]);
    } else if (argument == "--run-with" && i + 1 < argc) {
      variant.wrapper = split_at_spaces(argv[++i]);
    } else if (argument == "--skip-list" && i + 1 < argc) {
      skip_list = fs::absolute(argv[++i]);
    } else {
      tests.push_back(fs::absolute(argument));
    }
  }
  if (inkoc.empty() || tests.empty()) {
    std::cerr << "usage: e2e_runner --inkoc PATH [--update] [--build-flag FLAG]... "
                 "[--run-with COMMAND] [--skip-list FILE] FILE...\n";
    return 2;
  }
  g_path_names.emplace_back(
      (inkoc.parent_path() / ".." / "share" / "inko" / "stdlib").lexically_normal().string(),
      "$STDLIB");
  int failures = 0;
  int skipped = 0;
  for (const fs::path& test : tests) {
    std::string reason = skip_list.empty() ? "" : skip_reason(skip_list, test);
    if (!reason.empty()) {
      ++skipped;
      std::cout << "SKIP " << test.string() << ": " << reason << '\n';
      continue;
    }
    TestFile file = read_test(test);
    g_path_names.emplace_back(test.parent_path().lexically_normal().string(), "$DIR");
    std::vector<std::string> actual = observe(inkoc, test, file.mode, variant);
    g_path_names.pop_back();
    if (update) {
      if (actual != file.checks) {
        write_test(test, file, actual);
        std::cout << "updated " << test.string() << '\n';
      }
      continue;
    }
    if (actual == file.checks)
      continue;
    ++failures;
    std::cout << "FAIL " << test.string() << "\n--- expected\n";
    for (const std::string& line : file.checks)
      std::cout << line << '\n';
    std::cout << "--- actual\n";
    for (const std::string& line : actual)
      std::cout << line << '\n';
  }
  if (failures > 0)
    return 1;
  return skipped == static_cast<int>(tests.size()) ? kSkippedStatus : 0;
}
