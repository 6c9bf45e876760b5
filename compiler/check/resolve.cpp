// Name lookup: type annotations (L24, L86), constants and type parameters
// (L72) and the methods a type responds to.
#include "check/checker_impl.h"

namespace inko::check {

const Symbol* Checker::find_global(std::string_view name) const {
  const auto& globals = modules_[module_].globals;
  auto found = globals.find(std::string(name));
  return found == globals.end() ? nullptr : &found->second;
}

// Innermost first: block/method parameters, then the object's or trait's.
TypeParamId Checker::find_type_param(std::string_view name) const {
  for (size_t i = type_scope_.size(); i-- > 0;) {
    if (program_.type_params[type_scope_[i]].name == name)
      return type_scope_[i];
  }
  return kNone;
}

TypeId Checker::resolve_type(NodeId node, bool allow_bare_generic) {
  const parse::Tree& t = tree();
  switch (t.kind(node)) {
  case NodeKind::TypeName:
    return resolve_type_name(node, allow_bare_generic);
  case NodeKind::OptionalType:
    return optional(resolve_type(t.child(node, 0)));
  case NodeKind::BlockType: {
    BlockKind kind = t.text(node) == "lambda" ? BlockKind::Lambda : BlockKind::Closure;
    std::vector<TypeId> params;
    NodeId params_node = t.child(node, 0);
    if (!t.is_empty(params_node)) {
      for (uint32_t i = 0; i < t.child_count(params_node); ++i)
        params.push_back(resolve_type(t.child(params_node, i)));
    }
    NodeId throw_node = t.child(node, 1);
    NodeId return_node = t.child(node, 2);
    TypeId throw_type = t.is_empty(throw_node) ? kNoType : resolve_type(throw_node);
    TypeId return_type = t.is_empty(return_node) ? kNoType : resolve_type(return_node);
    return block_type(kind, params, false, throw_type, return_type);
  }
  default:
    return error_;
  }
}

TypeId Checker::resolve_type_name(NodeId node, bool allow_bare_generic) {
  const parse::Tree& t = tree();
  std::string_view name = t.text(node);
  uint32_t arg_count = t.child_count(node);
  std::vector<TypeId> args;
  for (uint32_t i = 0; i < arg_count; ++i)
    args.push_back(resolve_type(t.child(node, i)));
  auto no_args = [&](TypeId type) {
    if (arg_count > 0)
      error(DiagnosticKind::WrongTypeArgumentCount, t.token_range(node),
            {name, "0", std::to_string(arg_count)});
    return type;
  };
  if (name == "Self")
    return no_args(self_);
  if (name == "Never")
    return no_args(never_);
  if (name == "Any")
    return no_args(any_);
  if (name == "Nil")
    return no_args(nil_);
  if (name == "ThisModule")
    return no_args(program_.modules[module_].type);
  if (TypeParamId param = find_type_param(name); param != kNone)
    return no_args(param_type(param));
  const Symbol* symbol = find_global(name);
  if (symbol == nullptr) {
    if (error(DiagnosticKind::UndefinedConstant, t.token_range(node), {name}))
      hint_constant(name);
    return error_;
  }
  const std::vector<TypeParamId>* params = nullptr;
  switch (symbol->kind) {
  case SymbolKind::Object:
    params = &program_.objects[symbol->id].type_params;
    break;
  case SymbolKind::Trait:
    params = &program_.traits[symbol->id].type_params;
    break;
  case SymbolKind::Module:
    return no_args(program_.modules[symbol->id].type);
  case SymbolKind::True:
  case SymbolKind::False:
    return no_args(boolean_);
  case SymbolKind::Nil:
    return no_args(nil_);
  case SymbolKind::Constant: {
    // A constant holding an object or trait is usable as that type.
    TypeId type = resolve(program_.constants[symbol->id].type);
    if (ty(type).kind == TypeKind::Meta) {
      return ty(type).is_trait ? trait_type(ty(type).id) : object_type(ty(type).id);
    }
    error(DiagnosticKind::NotAType, t.token_range(node), {name});
    return error_;
  }
  }
  if (args.size() != params->size()) {
    bool reported = !(args.empty() && allow_bare_generic);
    if (reported) {
      error(DiagnosticKind::WrongTypeArgumentCount, t.token_range(node),
            {name, std::to_string(params->size()), std::to_string(args.size())});
    }
    // After the error, unknown arguments: uses of the type raise no more.
    args.clear();
    for (TypeParamId param : *params)
      args.push_back(reported ? error_ : param_type(param));
  } else {
    for (size_t i = 0; i < args.size(); ++i) {
      if (!satisfies_bounds(args[i], (*params)[i])) {
        for (TypeId bound : program_.type_params[(*params)[i]].bounds) {
          if (!implements(args[i], bound)) {
            error(DiagnosticKind::BoundNotSatisfied,
                  t.range(t.child(node, static_cast<uint32_t>(i))),
                  {name_of(args[i]), name_of(bound), program_.type_params[(*params)[i]].name});
            annotation_bound_errors_.emplace_back(args[i], (*params)[i]);
            break;
          }
        }
      }
    }
  }
  return symbol->kind == SymbolKind::Object ? object_type(symbol->id, args)
                                            : trait_type(symbol->id, args);
}

MethodId Checker::find_in_trait(TraitId trait, std::string_view name) {
  const MethodTable& table = trait_methods_[trait];
  if (auto found = table.find(std::string(name)); found != table.end())
    return found->second;
  for (TypeId required : program_.traits[trait].requirements) {
    MethodId method = find_in_trait(ty(required).id, name);
    if (method != kNoMethod)
      return method;
  }
  return kNoMethod;
}

MethodId Checker::find_in_object(ObjectId object, std::string_view name, bool meta) {
  std::string key(name);
  ObjectId root = program_.builtins.object;
  if (meta) {
    if (auto found = object_static_[object].find(key); found != object_static_[object].end())
      return found->second;
    if (auto found = object_static_[root].find(key); found != object_static_[root].end())
      return found->second;
    // A prototype is an object too: it responds to Object's instance methods.
    object = root;
  }
  if (auto found = object_methods_[object].find(key); found != object_methods_[object].end())
    return found->second;
  if (auto found = object_methods_[root].find(key); found != object_methods_[root].end())
    return found->second;
  return kNoMethod;
}

MethodId Checker::find_method(TypeId receiver, std::string_view name, bool* is_static_receiver) {
  receiver = resolve(receiver);
  const Type type = ty(receiver);
  if (is_static_receiver != nullptr)
    *is_static_receiver = false;
  switch (type.kind) {
  case TypeKind::Object:
    return find_in_object(type.id, name, false);
  case TypeKind::Meta:
    if (type.is_trait) {
      const MethodTable& table = trait_static_[type.id];
      if (auto found = table.find(std::string(name)); found != table.end())
        return found->second;
      return find_in_object(program_.builtins.object, name, false);
    }
    if (is_static_receiver != nullptr)
      *is_static_receiver = true;
    return find_in_object(type.id, name, true);
  case TypeKind::Trait: {
    MethodId method = find_in_trait(type.id, name);
    return method != kNoMethod ? method : find_in_object(program_.builtins.object, name, false);
  }
  case TypeKind::TypeParam: {
    for (TypeId bound : program_.type_params[type.id].bounds) {
      MethodId method = find_in_trait(ty(bound).id, name);
      if (method != kNoMethod)
        return method;
    }
    // A where clause of the current method adds bounds (L86).
    if (frame_ != nullptr) {
      Frame* home = method_frame();
      if (home != nullptr) {
        for (const WhereBound& where : program_.methods[home->method].where) {
          if (where.param != type.id)
            continue;
          for (TypeId bound : where.bounds) {
            MethodId method = find_in_trait(ty(bound).id, name);
            if (method != kNoMethod)
              return method;
          }
        }
      }
    }
    return find_in_object(program_.builtins.object, name, false);
  }
  case TypeKind::Module: {
    const MethodTable& table = modules_[type.id].methods;
    if (auto found = table.find(std::string(name)); found != table.end())
      return found->second;
    return find_in_object(program_.builtins.module, name, false);
  }
  case TypeKind::Block:
    return find_in_object(program_.builtins.block, name, false);
  case TypeKind::SelfType:
    if (frame_ != nullptr && frame_->self_type != receiver)
      return find_method(frame_->self_type, name, is_static_receiver);
    return kNoMethod;
  default:
    return kNoMethod;
  }
}

} // namespace inko::check
