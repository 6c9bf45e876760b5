// Hints after an error: a close name for a misspelt one ("did you mean"),
// the import a standard-library name needs, the signature a call did not
// fit. Each is a note without a location, shown right after its error.
#include "check/checker_impl.h"
#include "diagnostics/suggest.h"

#include <algorithm>
#include <cctype>

namespace inko::check {
namespace {

void add_keys(std::vector<std::string>& names, const MethodTable& table) {
  for (const auto& [name, method] : table)
    names.push_back(name);
}

// Hash tables iterate in no useful order; sorted, a tie between two equally
// close names always goes the same way.
void sort_unique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

bool is_operator(std::string_view name) {
  return name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
}

} // namespace

std::vector<std::string> Checker::messages_of(TypeId receiver) {
  std::vector<std::string> names;
  const Type type = ty(resolve(receiver));
  ObjectId root = program_.builtins.object;
  switch (type.kind) {
  case TypeKind::Object:
    add_keys(names, object_methods_[type.id]);
    add_keys(names, object_methods_[root]);
    break;
  case TypeKind::Meta:
    if (type.is_trait) {
      add_keys(names, trait_static_[type.id]);
    } else {
      add_keys(names, object_static_[type.id]);
      add_keys(names, object_static_[root]);
    }
    add_keys(names, object_methods_[root]);
    break;
  case TypeKind::Trait:
    add_keys(names, trait_methods_[type.id]);
    add_keys(names, object_methods_[root]);
    break;
  case TypeKind::Module:
    add_keys(names, modules_[type.id].methods);
    add_keys(names, object_methods_[program_.builtins.module]);
    break;
  case TypeKind::Block:
    add_keys(names, object_methods_[program_.builtins.block]);
    break;
  default:
    break;
  }
  std::erase_if(names, is_operator);
  sort_unique(names);
  return names;
}

// What a receiver-less identifier could have meant: a local (through the
// closures around it, L71), a method of self or of the module, or a global.
std::vector<std::string> Checker::names_in_scope() {
  std::vector<std::string> names;
  for (Frame* f = frame_; f != nullptr; f = f->parent) {
    for (const std::vector<LocalId>& scope : f->scopes) {
      for (LocalId local : scope)
        names.push_back(program_.locals[local].name);
    }
    if (f->kind != MethodKind::Closure)
      break;
  }
  if (frame_ != nullptr) {
    std::vector<std::string> own = messages_of(frame_->self_type);
    names.insert(names.end(), own.begin(), own.end());
  }
  add_keys(names, modules_[module_].methods);
  for (const auto& [name, symbol] : modules_[module_].globals) {
    if (!name.empty() && std::islower(static_cast<unsigned char>(name[0])))
      names.push_back(name);
  }
  std::erase_if(names, is_operator);
  sort_unique(names);
  return names;
}

void Checker::hint_message(TypeId receiver, std::string_view name) {
  if (receiver == kNoType) {
    if (std::string_view module = module_defining(name); !module.empty()) {
      diagnostics_.report_global(DiagnosticKind::ImportHint, {name, module});
      return;
    }
  }
  std::vector<std::string> names = receiver == kNoType ? names_in_scope() : messages_of(receiver);
  if (std::string close = closest_name(name, names); !close.empty())
    diagnostics_.report_global(DiagnosticKind::DidYouMean, {close});
}

void Checker::hint_constant(std::string_view name) {
  if (std::string_view module = module_defining(name); !module.empty()) {
    diagnostics_.report_global(DiagnosticKind::ImportHint, {name, module});
    return;
  }
  std::vector<std::string> names{"Self", "Never", "Any", "Nil", "ThisModule"};
  for (const auto& [global, symbol] : modules_[module_].globals) {
    if (!global.empty() && std::isupper(static_cast<unsigned char>(global[0])))
      names.push_back(global);
  }
  for (TypeParamId param : type_scope_)
    names.push_back(program_.type_params[param].name);
  sort_unique(names);
  if (std::string close = closest_name(name, names); !close.empty())
    diagnostics_.report_global(DiagnosticKind::DidYouMean, {close});
}

void Checker::hint_keyword(const Signature& signature, std::string_view name) {
  std::vector<std::string> names;
  for (std::string_view parameter : signature.names) {
    if (!parameter.empty())
      names.emplace_back(parameter);
  }
  if (std::string close = closest_name(name, names); !close.empty())
    diagnostics_.report_global(DiagnosticKind::DidYouMean, {close});
}

// `name(a: Integer, b: String = ..., *rest: T)`; blocks have no names.
void Checker::hint_signature(const Signature& signature, MethodId method) {
  if (method == kNoMethod)
    return;
  std::string text = program_.methods[method].name + "(";
  for (size_t i = 0; i < signature.types.size(); ++i) {
    if (i > 0)
      text += ", ";
    if (signature.rest && i + 1 == signature.types.size())
      text += "*";
    if (i < signature.names.size() && !signature.names[i].empty())
      text += std::string(signature.names[i]) + ": ";
    text += name_of(signature.types[i]);
    if (i < signature.has_default.size() && signature.has_default[i])
      text += " = ...";
  }
  text += ")";
  diagnostics_.report_global(DiagnosticKind::SignatureHint, {program_.methods[method].name, text});
}

} // namespace inko::check
