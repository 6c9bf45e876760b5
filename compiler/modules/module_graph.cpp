#include "modules/module_graph.h"

#include "base/utf8.h"
#include "lex/lexer.h"
#include "parse/parser.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace inko::modules {
namespace {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::error_code code;
  if (fs::is_directory(path, code)) {
    error = "it is a directory";
    return false;
  }
  // Offsets into a file are 32-bit (SourceRange); a bigger file is refused
  // before it is read (a sparse 5 GiB file would otherwise be read whole).
  constexpr std::uintmax_t max_size = UINT32_MAX - 1;
  const char* too_big = "it is larger than 4 GiB, the most a source file may hold";
  if (auto size = fs::file_size(path, code); !code && size > max_size) {
    error = too_big;
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  if (out.size() > max_size) { // a pipe, whose size is known only now
    out.clear();
    error = too_big;
    return false;
  }
  return true;
}

// The name of the module an Import node refers to: its segments joined by
// "::" (the trailing symbols are not part of it).
std::string imported_module_name(const parse::Tree& tree, parse::NodeId import) {
  std::string name;
  for (uint32_t i = 0; i < tree.child_count(import); ++i) {
    parse::NodeId child = tree.child(import, i);
    if (tree.kind(child) != parse::NodeKind::ImportSegment)
      break;
    if (!name.empty())
      name += "::";
    name += tree.text(child);
  }
  return name;
}

class Loader {
public:
  Loader(const SearchPath& search_path, SourceManager& sources, DiagnosticEngine& diagnostics,
         const ModuleCache* cache)
      : search_path_(search_path), sources_(sources), diagnostics_(diagnostics), cache_(cache) {}

  ModuleGraph run(const std::string& entry_path) {
    auto main = parse_file(entry_path, "main", sources_, diagnostics_);
    if (!main)
      return std::move(graph_);
    graph_.main = add(std::move(main));
    visit(graph_.main);
    return std::move(graph_);
  }

private:
  enum class State : uint8_t { Unvisited, Visiting, Done };

  ModuleId add(std::unique_ptr<ParsedModule> module) {
    ModuleId id = static_cast<ModuleId>(graph_.modules.size());
    by_name_[module->name] = id;
    graph_.modules.push_back(std::move(module));
    states_.push_back(State::Unvisited);
    return id;
  }

  // Depth-first: a module is appended to the load order after its imports.
  void visit(ModuleId id) {
    states_[id] = State::Visiting;
    stack_.push_back(id);
    const parse::Tree& tree = graph_.modules[id]->tree;
    parse::NodeId root = tree.root;
    if (search_path_.implicit_prelude)
      visit_implicit(id);
    for (uint32_t i = 0; i < tree.child_count(root); ++i) {
      parse::NodeId item = tree.child(root, i);
      if (tree.kind(item) != parse::NodeKind::Import)
        continue;
      ModuleId target = resolve(tree, item);
      graph_.modules[id]->imports.push_back(target);
      if (target == kNoModule)
        continue;
      if (states_[target] == State::Visiting) {
        report_cycle(tree, item, target);
      } else if (states_[target] == State::Unvisited) {
        visit(target);
      }
    }
    stack_.pop_back();
    states_[id] = State::Done;
    graph_.load_order.push_back(id);
  }

  // L42: bootstrap, then the prelude (except in those two). A std module the
  // prelude loads imports the prelude while it is still loading: that one
  // cycle is allowed, and such a module simply does not see its names.
  void visit_implicit(ModuleId id) {
    const std::string name = graph_.modules[id]->name;
    if (name == "core::bootstrap")
      return;
    std::vector<std::string> implicit{"core::bootstrap"};
    if (name != "core::prelude")
      implicit.push_back("core::prelude");
    for (const std::string& target_name : implicit) {
      ModuleId target = resolve_name(target_name, {graph_.modules[id]->file, 0, 0});
      if (target == kNoModule)
        continue;
      graph_.modules[id]->implicit_imports.push_back(target);
      if (states_[target] == State::Unvisited)
        visit(target);
    }
  }

  ModuleId resolve(const parse::Tree& tree, parse::NodeId import) {
    return resolve_name(imported_module_name(tree, import), tree.range(import));
  }

  ModuleId resolve_name(const std::string& name, SourceRange range) {
    if (auto found = by_name_.find(name); found != by_name_.end())
      return found->second;
    std::string relative = module_relative_path(name);
    for (const std::string& directory : search_path_.directories) {
      // Normalised, so diagnostics name `lib/x.inko`, not `./lib/x.inko`.
      fs::path candidate = (fs::path(directory) / relative).lexically_normal();
      std::error_code code;
      if (fs::is_regular_file(candidate, code)) {
        if (auto cached = from_cache(candidate.string(), name))
          return add(std::move(cached));
        auto module = parse_file(candidate.string(), name, sources_, diagnostics_);
        if (!module)
          return kNoModule;
        return add(std::move(module));
      }
    }
    std::string looked_in;
    for (const std::string& directory : search_path_.directories) {
      if (!looked_in.empty())
        looked_in += ", ";
      looked_in += directory;
    }
    diagnostics_.report(DiagnosticKind::ModuleNotFound, range, {name, looked_in});
    by_name_[name] = kNoModule;
    return kNoModule;
  }

  // A copy of the cached parse of `path`, or nullptr. Imports are resolved
  // per load, so the copy starts without them.
  std::unique_ptr<ParsedModule> from_cache(const std::string& path, const std::string& name) {
    if (cache_ == nullptr)
      return nullptr;
    auto found = cache_->by_path.find(path);
    if (found == cache_->by_path.end() || found->second->name != name)
      return nullptr;
    const ParsedModule& original = *found->second;
    auto module = std::make_unique<ParsedModule>();
    module->name = original.name;
    module->file = original.file;
    module->tokens = original.tokens;
    module->tree = original.tree;
    module->tree.tokens = &module->tokens;
    return module;
  }

  void report_cycle(const parse::Tree& tree, parse::NodeId import, ModuleId target) {
    std::string path;
    bool in_cycle = false;
    for (ModuleId id : stack_) {
      if (id == target)
        in_cycle = true;
      if (in_cycle)
        path += graph_.modules[id]->name + " -> ";
    }
    path += graph_.modules[target]->name;
    diagnostics_.report(DiagnosticKind::ImportCycle, tree.range(import),
                        {graph_.modules[target]->name, path});
  }

  const SearchPath& search_path_;
  SourceManager& sources_;
  DiagnosticEngine& diagnostics_;
  const ModuleCache* cache_;
  ModuleGraph graph_;
  std::vector<State> states_;
  std::vector<ModuleId> stack_;
  std::unordered_map<std::string, ModuleId> by_name_;
};

} // namespace

std::string module_relative_path(const std::string& name) {
  std::string relative;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 2, "::") == 0) {
      relative += '/';
      ++i;
    } else {
      relative += name[i];
    }
  }
  return relative + ".inko";
}

std::unique_ptr<ParsedModule> parse_file(const std::string& path, const std::string& name,
                                         SourceManager& sources, DiagnosticEngine& diagnostics) {
  std::string text;
  std::string error;
  std::error_code code;
  if (!fs::exists(path, code)) {
    diagnostics.report_global(DiagnosticKind::FileNotFound, {path});
    return nullptr;
  }
  if (!read_file(path, text, error)) {
    diagnostics.report_global(DiagnosticKind::FileUnreadable, {path, error});
    return nullptr;
  }
  // Strings are valid UTF-8 (L102), so their source must be. The file is
  // still lexed and checked (with '?' for the bad bytes) for its other
  // errors; the build stops at this one.
  std::optional<uint32_t> invalid = first_invalid_utf8(text);
  char shown[8] = {};
  if (invalid) {
    std::snprintf(shown, sizeof shown, "0x%02X", static_cast<unsigned char>(text[*invalid]));
    replace_invalid_utf8(text);
  }
  auto module = std::make_unique<ParsedModule>();
  module->name = name;
  module->file = sources.add(path, std::move(text));
  if (invalid)
    diagnostics.report(DiagnosticKind::InvalidUtf8, {module->file, *invalid, *invalid + 1},
                       {shown});
  module->tokens = lex::tokenize(sources, module->file, diagnostics);
  module->tree = parse::parse(module->tokens, diagnostics);
  module->tree.tokens = &module->tokens;
  return module;
}

ModuleGraph load_program(const std::string& entry_path, const SearchPath& search_path,
                         SourceManager& sources, DiagnosticEngine& diagnostics,
                         const ModuleCache* cache) {
  return Loader(search_path, sources, diagnostics, cache).run(entry_path);
}

void cache_directory(const std::string& directory, ModuleCache& cache, SourceManager& sources) {
  std::error_code code;
  for (fs::recursive_directory_iterator it(directory, code), end; !code && it != end;
       it.increment(code)) {
    if (!it->is_regular_file(code) || it->path().extension() != ".inko")
      continue;
    // The path exactly as resolve_name builds it, and the module name back
    // from the relative path (L40).
    fs::path relative = it->path().lexically_relative(directory);
    std::string name = relative.replace_extension().generic_string();
    for (size_t at = name.find('/'); at != std::string::npos; at = name.find('/', at + 2))
      name.replace(at, 1, "::");
    std::string path = (fs::path(directory) / it->path().lexically_relative(directory))
                           .lexically_normal()
                           .string();
    DiagnosticEngine diagnostics(sources);
    auto module = parse_file(path, name, sources, diagnostics);
    if (module && diagnostics.diagnostics().empty())
      cache.by_path[path] = std::move(module);
  }
}

} // namespace inko::modules
