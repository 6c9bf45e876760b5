// Sends (L70): receiver-less sends (L71), operators, indexing, method
// lookup and binding, argument matching (L64), type argument inference
// (L75, L85), `where` bounds (L86), optional receivers (L89), block calls
// (L68) and runtime intrinsics.
#include "check/checker_impl.h"

#include <algorithm>

namespace inko::check {

extern const IntrinsicInfo kIntrinsicTable[];

ExprId Checker::check_send(NodeId node, TypeId expected) {
  const parse::Tree& t = tree();
  NodeId receiver_node = t.child(node, 0);
  NodeId type_args = t.child(node, 1);
  std::vector<NodeId> arguments;
  for (uint32_t i = 2; i < t.child_count(node); ++i)
    arguments.push_back(t.child(node, i));
  if (t.kind(receiver_node) == NodeKind::Constant && text(receiver_node) == "_INKOC")
    return call_intrinsic(node, arguments);
  if (t.is_empty(receiver_node))
    return send_message(node, text(node), kNoExpr, arguments, type_args, expected, true);
  NodeId covered = cover_receiver(node, receiver_node);
  ExprId receiver = check_expr(receiver_node);
  tried_node_ = covered;
  return send_message(node, text(node), receiver, arguments, type_args, expected, false);
}

ExprId Checker::check_binary(NodeId node) {
  const parse::Tree& t = tree();
  NodeId covered = cover_receiver(node, t.child(node, 0));
  ExprId left = check_expr(t.child(node, 0));
  tried_node_ = covered;
  return send_message(node, text(node), left, std::array<NodeId, 1>{t.child(node, 1)}, kNone,
                      kNoType, false);
}

// L76: `a[i]` is `a.[](i)`, `a[i] = v` is `a.[]=(i, v)`.
ExprId Checker::check_index(NodeId node) {
  const parse::Tree& t = tree();
  NodeId covered = cover_receiver(node, t.child(node, 0));
  ExprId receiver = check_expr(t.child(node, 0));
  tried_node_ = covered;
  std::vector<NodeId> arguments;
  for (uint32_t i = 1; i < t.child_count(node); ++i)
    arguments.push_back(t.child(node, i));
  std::string_view name = t.kind(node) == NodeKind::IndexAssign ? "[]=" : "[]";
  return send_message(node, name, receiver, arguments, kNone, kNoType, false);
}

ExprId Checker::unknown_send(NodeId node, std::string_view name, ExprId receiver, TypeId result,
                             std::span<const NodeId> arguments, bool drop_keywords) {
  const parse::Tree& t = tree();
  std::vector<ExprId> operands{receiver};
  std::vector<ExprId> keywords;
  for (NodeId argument : arguments) {
    bool keyword = t.kind(argument) == NodeKind::KeywordArg;
    ExprId value = check_expr(keyword ? t.child(argument, 0) : argument);
    (keyword && drop_keywords ? keywords : operands).push_back(value);
  }
  ExprId id = add_expr(ExprKind::CallDynamic, result, range(node), selector(name), operands);
  program_.exprs[id].value2 = kNoMethod;
  if (keywords.empty())
    return id;
  // L59: unknown_message gets the positional arguments only; the keyword
  // values are still evaluated, before the send (docs/checker.md).
  keywords.push_back(id);
  return add_expr(ExprKind::Sequence, result, range(node), 0, keywords);
}

// A value typed as the object Block (`b: Block`, self in `impl Block`)
// has 0.8.1's `def call -> Any` (STDLIB std::block): it runs the block
// without arguments, as the closure type `do -> Any`.
bool Checker::is_plain_block(TypeId type) const {
  const Type& t = ty(resolve(type));
  return t.kind == TypeKind::Object && t.id == program_.builtins.block;
}

ExprId Checker::as_any_block(ExprId value) {
  TypeId untyped = block_type(BlockKind::Closure, {}, false, kNoType, any_, kNoMethod);
  return add_expr(ExprKind::Cast, untyped, program_.exprs[value].range, 0,
                  std::array<ExprId, 1>{value});
}

ExprId Checker::send_message(NodeId node, std::string_view name, ExprId receiver,
                             std::span<const NodeId> arguments, NodeId type_args, TypeId expected,
                             bool self_send) {
  (void)expected;
  SourceRange where = token_range(node);
  if (receiver == kNoExpr) {
    // L71: self if it responds, else the module, else a global.
    TypeId self_type = frame_->self_type;
    MethodId method = find_method(self_type, name);
    if (method != kNoMethod) {
      for (Frame* f = frame_; f != nullptr && f->kind == MethodKind::Closure; f = f->parent)
        program_.methods[f->method].captures_self = true;
      ExprId self = add_expr(ExprKind::SelfRef, self_type, where);
      return bind_send(node, name, self, self_type, method, arguments, type_args, false);
    }
    // `impl Block { def until_true(b: do) { call.if_false { ... } } }`: a
    // bare `call` runs self, as `self.call` would (STDLIB std::block).
    if (name == "call" && is_plain_block(self_type)) {
      for (Frame* f = frame_; f != nullptr && f->kind == MethodKind::Closure; f = f->parent)
        program_.methods[f->method].captures_self = true;
      ExprId self = add_expr(ExprKind::SelfRef, self_type, where);
      return call_block(node, as_any_block(self), arguments);
    }
    auto& module_methods = modules_[module_].methods;
    if (auto found = module_methods.find(std::string(name)); found != module_methods.end()) {
      ExprId module = add_expr(ExprKind::ModuleRef, program_.modules[module_].type, where, module_);
      return bind_send(node, name, module, program_.modules[module_].type, found->second, arguments,
                       type_args, false);
    }
    if (self_send && arguments.empty()) {
      if (const Symbol* symbol = find_global(name))
        return symbol_expr(*symbol, range(node));
    }
    if (error(DiagnosticKind::UndefinedMessage, where, {name_of(self_type), name}))
      hint_message(kNoType, name);
    for (NodeId argument : arguments)
      check_expr(tree().kind(argument) == NodeKind::KeywordArg ? tree().child(argument, 0)
                                                               : argument);
    return error_expr(range(node));
  }

  TypeId receiver_type = resolve(program_.exprs[receiver].type);
  const Type rt = ty(receiver_type);
  if (rt.kind == TypeKind::Error || rt.kind == TypeKind::Never)
    return unknown_send(node, name, receiver, error_, arguments);
  if (rt.kind == TypeKind::Block && name == "call")
    return call_block(node, receiver, arguments);
  if (name == "call" && is_plain_block(receiver_type))
    return call_block(node, as_any_block(receiver), arguments);
  if (rt.kind == TypeKind::Optional && ty(resolve(rt.inner)).kind == TypeKind::Block &&
      name == "call") {
    // L89: NilType has no `call`, so a Nil block answers Nil: `?R`.
    ExprId call = call_block(node, receiver, arguments, resolve(rt.inner));
    program_.exprs[call].flags |= kNilableReceiver;
    program_.exprs[call].type = optional(program_.exprs[call].type);
    return call;
  }
  if (rt.kind == TypeKind::Optional) {
    // L89: checked against T; Nil's own method, or the result becomes ?R.
    TypeId inner = rt.inner;
    MethodId method = find_method(inner, name);
    if (method == kNoMethod) {
      if (error(DiagnosticKind::UndefinedMessage, where, {name_of(receiver_type), name}))
        hint_message(inner, name);
      return unknown_send(node, name, receiver, error_, arguments);
    }
    MethodId nil_method = find_in_object(program_.builtins.nil, name, false);
    ExprId send = bind_send(node, name, receiver, inner, method, arguments, type_args, true);
    Expr& expr = program_.exprs[send];
    if (expr.kind != ExprKind::CallDynamic && expr.kind != ExprKind::CallMethod)
      return send;
    if (nil_method != kNoMethod) {
      // NilType's method stands in for T's: `Self` is T on both sides, so
      // Nil's `==(other: Self)` fits Integer's `==(other: Integer)`.
      Bindings inner_bindings = receiver_bindings(inner);
      Bindings nil_bindings;
      nil_bindings.self = inner_bindings.self;
      if (!signature_compatible(nil_method, nil_bindings, method, inner_bindings))
        error(DiagnosticKind::NilIncompatible, where, {name});
    } else {
      program_.exprs[send].type = optional(program_.exprs[send].type);
    }
    return send;
  }
  MethodId method = find_method(receiver_type, name);
  if (method == kNoMethod) {
    // L59: objects implementing UnknownMessage accept any message.
    if (unknown_message_trait_ != kNone && rt.kind == TypeKind::Object &&
        object_implements(rt.id, unknown_message_trait_, {})) {
      MethodId handler = find_in_object(rt.id, "unknown_message", false);
      TypeId result = handler != kNoMethod ? program_.methods[handler].return_type : any_;
      return unknown_send(node, name, receiver, result, arguments, true);
    }
    // L53: the method exists on the other side (instance vs. static).
    bool object = (rt.kind == TypeKind::Object || rt.kind == TypeKind::Meta) && !rt.is_trait;
    if (object && find_in_object(rt.id, name, rt.kind != TypeKind::Meta) != kNoMethod) {
      error(rt.kind == TypeKind::Meta ? DiagnosticKind::InstanceMethodOnObject
                                      : DiagnosticKind::StaticMethodOnInstance,
            where, {name, program_.objects[rt.id].name});
      return unknown_send(node, name, receiver, error_, arguments);
    }
    if (error(DiagnosticKind::UndefinedMessage, where, {name_of(receiver_type), name}))
      hint_message(receiver_type, name);
    return unknown_send(node, name, receiver, error_, arguments);
  }
  return bind_send(node, name, receiver, receiver_type, method, arguments, type_args, false);
}

Signature Checker::signature_of(MethodId method) {
  Signature signature;
  for (LocalId param : program_.methods[method].params) {
    const Local& local = program_.locals[param];
    signature.names.push_back(local.name);
    TypeId type = local.type;
    if (local.is_rest) {
      signature.rest = true;
      type = ty(type).args_count > 0 ? program_.type_arg(ty(type), 0) : any_;
    }
    signature.types.push_back(type);
    signature.has_default.push_back(local.default_value != kNoExpr);
  }
  return signature;
}

// L94: a send covered by a `try` adds its throw type to the try's; the
// outermost send's type wins, so an inner one must be compatible with it.
void Checker::require_try(TypeId throw_type, SourceRange where, bool covered) {
  if (throw_type == kNoType)
    return;
  if (!covered) {
    if (error(DiagnosticKind::MissingTry, where, {name_of(throw_type)})) {
      if (try_over_match_ != kNone)
        diagnostics_.report(DiagnosticKind::TryCoversOutermostSend, token_range(try_over_match_),
                            {});
      else
        diagnostics_.report_global(DiagnosticKind::HandleThrow);
    }
    return;
  }
  if (tried_throw_ != kNoType && !compatible(tried_throw_, throw_type))
    error(DiagnosticKind::TypeMismatch, where, {name_of(throw_type), name_of(tried_throw_)});
  tried_throw_ = throw_type;
}

// L94: a `try` covers its send's whole receiver chain (`try a.b.c` covers b
// and c), but not the sends inside arguments. Returns the node to cover
// again once the receiver has been checked.
NodeId Checker::cover_receiver(NodeId node, NodeId receiver_node) {
  if (tried_node_ != node)
    return tried_node_;
  NodeId inner = receiver_node;
  const parse::Tree& t = tree();
  while (t.kind(inner) == NodeKind::Cast ||
         (t.kind(inner) == NodeKind::Body && t.child_count(inner) == 1))
    inner = t.child(inner, 0);
  tried_node_ = inner;
  return node;
}

// L75 [DECISION]: a static method without type parameters of its own, sent
// to a generic object (`Heap.new!(Integer)`), takes the object's type
// arguments instead, as `let h: Heap!(Integer) = Heap.new` would bind them.
bool Checker::binds_object_params(const Type& receiver, const Method& method,
                                  std::span<const TypeId> explicit_args, Bindings& bindings,
                                  SourceRange where) {
  if (receiver.kind != TypeKind::Meta || receiver.is_trait || !method.type_params.empty())
    return false;
  const std::vector<TypeParamId>& params = program_.objects[receiver.id].type_params;
  if (params.empty())
    return false;
  if (explicit_args.size() > params.size()) {
    error(DiagnosticKind::WrongTypeArgumentCount, where,
          {program_.objects[receiver.id].name, std::to_string(params.size()),
           std::to_string(explicit_args.size())});
    return true;
  }
  for (size_t i = 0; i < explicit_args.size(); ++i) {
    for (TypeId bound : program_.type_params[params[i]].bounds) {
      if (!implements(explicit_args[i], bound)) {
        error(DiagnosticKind::BoundNotSatisfied, where,
              {name_of(explicit_args[i]), name_of(bound), program_.type_params[params[i]].name});
        break;
      }
    }
    TypeId arg = resolve(bindings.find(params[i]));
    if (arg != kNoType && ty(arg).kind == TypeKind::Infer)
      program_.inferred[ty(arg).id] = explicit_args[i];
  }
  return true;
}

ExprId Checker::bind_send(NodeId node, std::string_view name, ExprId receiver, TypeId receiver_type,
                          MethodId method_id, std::span<const NodeId> arguments, NodeId type_args,
                          bool nilable) {
  const parse::Tree& t = tree();
  SourceRange where = token_range(node);
  bool covered = tried_node_ == node;
  if (covered)
    tried_node_ = kNone; // arguments need their own `try`
  receiver_type = resolve(receiver_type);
  if (ty(receiver_type).kind == TypeKind::SelfType)
    receiver_type = frame_->self_type;
  Bindings bindings = receiver_bindings(receiver_type);
  const Method& method = program_.methods[method_id];
  const Type rt = ty(receiver_type);
  // A trait's method used through an object: bind the trait's parameters.
  if (method.owner_trait != kNone) {
    const std::vector<TypeParamId>& trait_params = program_.traits[method.owner_trait].type_params;
    std::vector<TypeId> trait_args;
    if (rt.kind == TypeKind::Object &&
        object_implements(rt.id, method.owner_trait, args_of(receiver_type), &trait_args)) {
      for (size_t i = 0; i < trait_params.size() && i < trait_args.size(); ++i)
        bindings.params.emplace_back(trait_params[i], trait_args[i]);
    } else if (rt.kind == TypeKind::TypeParam) {
      for (TypeId bound : program_.type_params[rt.id].bounds) {
        if (ty(bound).id != method.owner_trait)
          continue;
        std::vector<TypeId> args = args_of(bound);
        for (size_t i = 0; i < trait_params.size() && i < args.size(); ++i)
          bindings.params.emplace_back(trait_params[i], args[i]);
      }
    }
  }
  // Method type parameters: explicit (L75) or inferred from the arguments.
  std::vector<TypeId> explicit_args;
  if (type_args != kNone && !t.is_empty(type_args)) {
    for (uint32_t i = 0; i < t.child_count(type_args); ++i)
      explicit_args.push_back(resolve_type(t.child(type_args, i)));
    if (binds_object_params(rt, method, explicit_args, bindings, range(type_args)))
      explicit_args.clear();
    else if (explicit_args.size() > method.type_params.size())
      error(
          DiagnosticKind::TooManyTypeArguments, range(type_args),
          {name, std::to_string(method.type_params.size()), std::to_string(explicit_args.size())});
  }
  std::vector<TypeParamId> method_params = program_.methods[method_id].type_params;
  for (size_t i = 0; i < method_params.size(); ++i) {
    TypeId arg = i < explicit_args.size() ? explicit_args[i] : new_infer(method_params[i]);
    bindings.params.emplace_back(method_params[i], arg);
  }

  Signature signature = signature_of(method_id);
  std::vector<ExprId> operands{receiver};
  match_arguments(node, signature, arguments, bindings, operands, method_id);

  const Method& bound = program_.methods[method_id];
  for (size_t i = 0; i < method_params.size(); ++i) {
    TypeId arg = resolve(bindings.find(method_params[i]));
    for (TypeId bound_trait : program_.type_params[method_params[i]].bounds) {
      if (!implements(arg, subst(bound_trait, bindings)))
        error(DiagnosticKind::BoundNotSatisfied, where,
              {name_of(arg), name_of(bound_trait), program_.type_params[method_params[i]].name});
    }
  }
  // L86: a static send to a generic object (`Box.new(x)`) binds the
  // object's type parameters from its arguments; they keep their bounds.
  if (rt.kind == TypeKind::Meta && !rt.is_trait && explicit_args.empty() &&
      (type_args == kNone || t.is_empty(type_args))) {
    for (TypeParamId param : program_.objects[rt.id].type_params) {
      TypeId arg = bindings.find(param);
      arg = arg == kNoType ? kNoType : resolve(arg);
      if (arg == kNoType || ty(arg).kind == TypeKind::Infer ||
          std::find(annotation_bound_errors_.begin(), annotation_bound_errors_.end(),
                    std::make_pair(arg, param)) != annotation_bound_errors_.end())
        continue;
      for (TypeId bound_trait : program_.type_params[param].bounds) {
        if (!implements(arg, subst(bound_trait, bindings))) {
          error(DiagnosticKind::BoundNotSatisfied, where,
                {name_of(arg), name_of(bound_trait), program_.type_params[param].name});
          break;
        }
      }
    }
  }
  // L86: `where` bounds restrict the receiver's type parameters.
  for (const WhereBound& clause : bound.where) {
    TypeId arg = bindings.find(clause.param);
    if (arg == kNoType)
      continue;
    arg = resolve(arg);
    if (ty(arg).kind == TypeKind::Infer)
      continue;
    for (TypeId trait : clause.bounds) {
      if (!implements(arg, trait)) {
        error(DiagnosticKind::WhereNotSatisfied, where,
              {name, name_of(receiver_type), program_.type_params[clause.param].name,
               name_of(trait)});
        break;
      }
    }
  }
  TypeId throw_type = bound.throw_type == kNoType ? kNoType : subst(bound.throw_type, bindings);
  if (covered)
    tried_node_ = node;
  require_try(throw_type, where, covered);
  TypeId result = subst(bound.return_type, bindings);

  // Static dispatch when the receiver's object is known exactly (L70).
  bool is_static = false;
  switch (rt.kind) {
  case TypeKind::Object:
    is_static = rt.id != program_.builtins.object && !nilable;
    break;
  case TypeKind::Meta:
  case TypeKind::Module:
    is_static = !rt.is_trait;
    break;
  default:
    break;
  }
  if (bound.kind == MethodKind::Required)
    is_static = false;
  // A value may be Nil whatever its static type (an unassigned attribute,
  // L52; `x!`, L88): a method of Object that NilType redefines (`nil?`,
  // `if_true`, ...) must reach NilType's then.
  if (is_static && rt.kind == TypeKind::Object && bound.owner_object == program_.builtins.object &&
      rt.id != program_.builtins.nil &&
      object_methods_[program_.builtins.nil].count(bound.name) > 0)
    is_static = false;
  ExprId id;
  if (is_static) {
    id = add_expr(ExprKind::CallMethod, result, range(node), method_id, operands);
    if (rt.kind != TypeKind::Module)
      static_sends_.push_back({id, rt.id, rt.kind == TypeKind::Meta});
  } else {
    id = add_expr(ExprKind::CallDynamic, result, range(node), selector(name), operands);
    program_.exprs[id].value2 = method_id;
    if (nilable)
      program_.exprs[id].flags |= kNilableReceiver;
  }
  return id;
}

ExprId Checker::check_argument(NodeId node, TypeId expected, Bindings& bindings) {
  expected = subst(expected, bindings);
  ExprId value = check_expr(node, expected);
  require_compatible(program_.exprs[value].type, expected, range(node));
  return value;
}

// L64: positional arguments, then keywords; defaults and rest packed.
bool Checker::match_arguments(NodeId node, const Signature& signature,
                              std::span<const NodeId> arguments, Bindings& bindings,
                              std::vector<ExprId>& out, MethodId method) {
  const parse::Tree& t = tree();
  size_t count = signature.types.size();
  size_t fixed = signature.rest ? count - 1 : count;
  std::vector<ExprId> slots(count, kNoExpr);
  std::vector<ExprId> rest;
  size_t positional = 0;
  bool ok = true;
  size_t given = 0;
  bool keyword_error = false; // an unknown or repeated keyword
  for (NodeId argument : arguments) {
    ++given;
    if (t.kind(argument) == NodeKind::KeywordArg) {
      std::string_view name = text(argument);
      NodeId value = t.child(argument, 0);
      size_t index = count;
      for (size_t i = 0; i < fixed; ++i) {
        if (signature.names.size() > i && signature.names[i] == name)
          index = i;
      }
      if (index == count) {
        if (error(DiagnosticKind::UnknownKeyword, token_range(argument), {name}))
          hint_keyword(signature, name);
        check_expr(value);
        ok = false;
        keyword_error = true;
        continue;
      }
      if (slots[index] != kNoExpr) {
        error(DiagnosticKind::DuplicateArgument, token_range(argument), {name});
        check_expr(value);
        ok = false;
        keyword_error = true;
        continue;
      }
      slots[index] = check_argument(value, signature.types[index], bindings);
      continue;
    }
    // Only a trailing block can follow keyword arguments (L66); it takes
    // the first parameter they left without a value.
    while (positional < fixed && slots[positional] != kNoExpr)
      ++positional;
    if (positional < fixed) {
      slots[positional] = check_argument(argument, signature.types[positional], bindings);
      ++positional;
    } else if (signature.rest) {
      rest.push_back(check_argument(argument, signature.types[count - 1], bindings));
    } else {
      check_expr(argument, error_); // a surplus argument: reported below
      ++positional;
      ok = false;
    }
  }
  size_t required = 0;
  for (size_t i = 0; i < fixed; ++i)
    required += signature.has_default[i] ? 0 : 1;
  bool missing = false;
  for (size_t i = 0; i < fixed; ++i)
    missing |= slots[i] == kNoExpr && !signature.has_default[i];
  // A missing argument after an unknown or repeated keyword is most likely
  // that argument misspelt: one diagnostic is enough.
  if (positional > fixed && !signature.rest) {
    if (error(DiagnosticKind::WrongArgumentCount, token_range(node),
              {std::to_string(fixed), std::to_string(given)}))
      hint_signature(signature, method);
    ok = false;
  } else if (missing && !keyword_error && given < required) {
    if (error(DiagnosticKind::WrongArgumentCount, token_range(node),
              {std::to_string(required), std::to_string(given)}))
      hint_signature(signature, method);
    ok = false;
  } else if (missing && !keyword_error) {
    // Enough arguments, but keywords left a required one out: counts would
    // not explain it.
    for (size_t i = 0; i < fixed; ++i) {
      if (slots[i] == kNoExpr && !signature.has_default[i]) {
        std::string name = signature.names.size() > i && !signature.names[i].empty()
                               ? std::string(signature.names[i])
                               : std::to_string(i + 1);
        error(DiagnosticKind::MissingArgument, token_range(node), {name});
        break;
      }
    }
    ok = false;
  }
  for (size_t i = 0; i < fixed; ++i) {
    if (slots[i] == kNoExpr) {
      slots[i] = signature.has_default[i]
                     ? add_expr(ExprKind::DefaultArgument, subst(signature.types[i], bindings),
                                range(node), static_cast<uint32_t>(i))
                     : error_expr(range(node));
    }
    out.push_back(slots[i]);
  }
  if (signature.rest) {
    TypeId element = subst(signature.types[count - 1], bindings);
    out.push_back(add_expr(ExprKind::RestArguments,
                           object_type(program_.builtins.array, std::array<TypeId, 1>{element}),
                           range(node), 0, rest));
  }
  (void)method;
  return ok;
}

// L68: `block.call(args)` is typed from the block's own signature.
ExprId Checker::call_block(NodeId node, ExprId receiver, std::span<const NodeId> arguments,
                           TypeId block_type) {
  TypeId type = block_type != kNoType ? block_type : resolve(program_.exprs[receiver].type);
  const Type block = ty(type);
  // L64: keyword arguments name the parameters of the block literal the
  // receiver's type was inferred from (as in 0.8.1, whose block types
  // carried parameter names); a type written as a signature has no names.
  MethodId literal = block.id;
  Signature signature;
  for (uint32_t i = 0; i < block.args_count; ++i) {
    signature.names.push_back(
        literal != kNoMethod && program_.methods[literal].params.size() == block.args_count
            ? std::string_view(program_.locals[program_.methods[literal].params[i]].name)
            : std::string_view());
    signature.types.push_back(program_.type_arg(block, i));
    // A literal's optional parameters may be left out (L63); its own code
    // evaluates their defaults.
    signature.has_default.push_back(
        literal != kNoMethod && program_.methods[literal].params.size() == block.args_count &&
        program_.locals[program_.methods[literal].params[i]].default_value != kNoExpr);
  }
  signature.rest = block.rest;
  Bindings bindings;
  // A generic literal (`lambda !(T)(v: T) -> T`, L62) infers its type
  // parameters from each call's arguments, as a generic method does.
  if (literal != kNoMethod) {
    for (TypeParamId param : program_.methods[literal].type_params)
      bindings.params.emplace_back(param, new_infer(param));
  }
  bool covered = tried_node_ == node;
  if (covered)
    tried_node_ = kNone;
  std::vector<ExprId> operands{receiver};
  match_arguments(node, signature, arguments, bindings, operands, kNoMethod);
  for (ExprId operand : operands) {
    if (program_.exprs[operand].kind == ExprKind::DefaultArgument)
      program_.block_calls_omit_arguments = true;
  }
  for (auto& [param, bound_to] : bindings.params) {
    TypeId arg = resolve(bound_to);
    for (TypeId bound_trait : program_.type_params[param].bounds) {
      if (!implements(arg, subst(bound_trait, bindings)))
        error(DiagnosticKind::BoundNotSatisfied, token_range(node),
              {name_of(arg), name_of(bound_trait), program_.type_params[param].name});
    }
  }
  if (covered)
    tried_node_ = node;
  require_try(block.throw_type == kNoType ? kNoType : subst(block.throw_type, bindings),
              token_range(node), covered);
  TypeId result = block.return_type == kNoType ? any_ : subst(block.return_type, bindings);
  return add_expr(ExprKind::CallBlock, result, range(node), 0, operands);
}

// Intrinsic signatures are written in Inko syntax over the built-in names.
TypeId Checker::parse_intrinsic_type(std::string_view text) {
  if (!text.empty() && text[0] == '?')
    return optional(parse_intrinsic_type(text.substr(1)));
  std::string_view name = text.substr(0, text.find('!'));
  if (name == "Any")
    return any_;
  if (name == "Never")
    return never_;
  if (name == "Nil")
    return nil_;
  if (name == "Self")
    return frame_ != nullptr ? frame_->self_type : any_;
  for (ObjectId id = 0; id <= program_.builtins.module; ++id) {
    if (program_.objects[id].name != name)
      continue;
    if (id == program_.builtins.array) {
      size_t open = text.find("!(");
      TypeId element = open == std::string_view::npos
                           ? any_
                           : parse_intrinsic_type(text.substr(open + 2, text.size() - open - 3));
      return object_type(id, std::array<TypeId, 1>{element});
    }
    return program_.objects[id].instance_type;
  }
  return any_;
}

ExprId Checker::call_intrinsic(NodeId node, std::span<const NodeId> arguments) {
  std::string_view name = text(node);
  size_t count = static_cast<size_t>(IntrinsicId::Count);
  for (size_t i = 0; i < count; ++i) {
    const IntrinsicInfo& info = kIntrinsicTable[i];
    if (info.inko_name != name)
      continue;
    std::vector<ExprId> operands;
    Bindings bindings;
    for (size_t a = 0; a < arguments.size(); ++a) {
      TypeId expected = a < info.params.size() ? parse_intrinsic_type(info.params[a]) : any_;
      operands.push_back(check_argument(arguments[a], expected, bindings));
    }
    if (arguments.size() != info.params.size())
      error(DiagnosticKind::WrongArgumentCount, token_range(node),
            {std::to_string(info.params.size()), std::to_string(arguments.size())});
    return add_expr(ExprKind::CallIntrinsic, parse_intrinsic_type(info.result), range(node),
                    static_cast<uint32_t>(i), operands);
  }
  error(DiagnosticKind::UnknownIntrinsic, token_range(node), {name});
  for (NodeId argument : arguments)
    check_expr(argument);
  return error_expr(range(node));
}

bool Checker::responds(TypeId receiver, std::string_view name) {
  return find_method(receiver, name) != kNoMethod;
}

// The arguments of a send checked against `bound` (one operand per
// parameter, L70), laid out for `replacement` by position, as 0.8.1 passed
// them at run time: the values the send gives (rest values included) fill
// the replacement's parameters in order and any surplus goes to its rest
// parameter; an argument the send omitted stays omitted, which needs a
// default. Empty when the arguments do not fit the replacement.
std::optional<std::vector<ExprId>> Checker::arguments_for(const Expr& send, const Method& bound,
                                                          const Method& replacement) {
  auto is_rest = [&](const Method& method) {
    return !method.params.empty() && program_.locals[method.params.back()].is_rest;
  };
  // The send's arguments by position; kNoExpr where one was omitted.
  std::vector<ExprId> given;
  for (uint32_t i = 1; i < send.operands_count; ++i) {
    const Expr& argument = program_.exprs[program_.operand(send, i)];
    if (i == send.operands_count - 1 && is_rest(bound)) {
      for (uint32_t r = 0; r < argument.operands_count; ++r)
        given.push_back(program_.operand(argument, r));
    } else {
      given.push_back(argument.kind == ExprKind::DefaultArgument ? kNoExpr
                                                                 : program_.operand(send, i));
    }
  }
  size_t fixed = replacement.params.size() - (is_rest(replacement) ? 1 : 0);
  std::vector<ExprId> out{program_.operand(send, 0)};
  for (size_t i = 0; i < fixed; ++i) {
    const Local& param = program_.locals[replacement.params[i]];
    if (i < given.size() && given[i] != kNoExpr)
      out.push_back(given[i]);
    else if (param.default_value != kNoExpr)
      out.push_back(
          add_expr(ExprKind::DefaultArgument, param.type, send.range, static_cast<uint32_t>(i)));
    else
      return std::nullopt;
  }
  std::vector<ExprId> surplus;
  for (size_t i = fixed; i < given.size(); ++i) {
    if (given[i] != kNoExpr)
      surplus.push_back(given[i]);
  }
  if (is_rest(replacement))
    out.push_back(add_expr(ExprKind::RestArguments, program_.locals[replacement.params.back()].type,
                           send.range, 0, surplus));
  else if (!surplus.empty())
    return std::nullopt;
  return out;
}

// L54/L57: a module compiled later may reopen an object, or implement a
// trait for it, replacing a method that sends checked earlier were bound to.
// At run time every module is loaded before `main` runs, so such a send
// must reach the final method, whatever its parameters (0.8.1 dispatched
// every send at run time). Arguments the replacement can not take are an
// error at the send: 0.8.1 failed at run time there.
void Checker::rebind_static_sends() {
  for (const StaticSend& send : static_sends_) {
    MethodId bound_id = program_.exprs[send.expr].value;
    MethodId final_method = find_in_object(send.object, program_.methods[bound_id].name, send.meta);
    if (final_method == kNoMethod || final_method == bound_id)
      continue;
    const Method& replacement = program_.methods[final_method];
    if (replacement.kind == MethodKind::Required)
      continue;
    std::optional<std::vector<ExprId>> arguments =
        arguments_for(program_.exprs[send.expr], program_.methods[bound_id], replacement);
    if (!arguments) {
      error(DiagnosticKind::ReplacedMethodArguments, program_.exprs[send.expr].range,
            {replacement.name, graph_[replacement.module].name});
      continue;
    }
    Expr& expr = program_.exprs[send.expr];
    expr.value = final_method;
    expr.operands_begin = static_cast<uint32_t>(program_.operands.size());
    expr.operands_count = static_cast<uint32_t>(arguments->size());
    program_.operands.insert(program_.operands.end(), arguments->begin(), arguments->end());
  }
}

} // namespace inko::check
