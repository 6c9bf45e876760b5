// What MIR construction knows about the whole program while it builds one
// function: the mapping from checked ids to MIR classes, strings and
// selectors, the captures of every closure (made transitive), and the
// functions that must act as homes of non-local returns.
#pragma once

#include "check/program.h"
#include "diagnostics/diagnostics.h"
#include "mir/mir.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace inko::mir {

class ProgramBuilderState {
public:
  ProgramBuilderState(const check::Program& checked, DiagnosticEngine& diagnostics,
                      Program& program);

  uint32_t string(const std::string& text);
  uint32_t selector(check::SelectorId id);
  uint32_t selector_named(const std::string& name);
  void unsupported(SourceRange at, std::string_view what);

  // Adds the classes of every object, prototype, trait and module, with
  // their dispatch tables. Run after every function exists.
  void build_classes();

  check::TypeId nil_type = check::kNoType;
  check::MethodId string_concat = check::kNoMethod;
  std::vector<uint32_t> object_classes;    // ObjectId -> class of its instances
  std::vector<uint32_t> prototype_classes; // ObjectId -> class of `Foo` itself
  std::vector<uint32_t> trait_classes;     // TraitId -> class of the trait value
  std::vector<uint32_t> module_classes;    // ModuleId -> class of the module
  // MethodId -> the locals a closure's block carries, in cell order: its own
  // captures plus those its nested closures need from further out.
  std::vector<std::vector<check::LocalId>> captures;

private:
  void compute_captures();
  void reserve_classes();
  void set_copy_rule(Class& klass, const check::Object& object) const;
  void fill_table(Class& klass, const std::vector<check::MethodId>& methods);
  // Attribute names and implemented traits of object classes (std::mirror).
  void describe_objects();

  const check::Program& checked_;
  DiagnosticEngine& diagnostics_;
  Program& program_;
  std::unordered_map<std::string, uint32_t> strings_;
  std::unordered_map<std::string, uint32_t> selectors_;
};

} // namespace inko::mir
