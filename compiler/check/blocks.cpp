// Bodies of blocks: methods (L67), module bodies (L44/L45), closures and
// lambdas (L60-L65), and the control flow between them: return (L92), throw
// (L93), try (L94) and attribute initialisation in `init` (L52). Also the
// driver of the whole check (Checker::run).
#include "check/checker_impl.h"

#include <algorithm>

namespace inko::check {

Frame* Checker::method_frame() {
  Frame* f = frame_;
  while (f != nullptr && f->kind == MethodKind::Closure)
    f = f->parent;
  return f;
}

Program Checker::run() {
  size_t count = graph_.modules.size();
  program_.modules.resize(count);
  modules_.resize(count);
  for (ModuleId id = 0; id < count; ++id) {
    modules_[id].id = id;
    if (graph_[id].name == "core::bootstrap")
      bootstrap_ = id;
    if (graph_[id].name == "core::prelude")
      prelude_ = id;
  }
  create_builtins();
  for (ModuleId id : graph_.load_order) {
    pending_bodies_.clear();
    declare_module(id);
    check_module_body(id);
    for (size_t i = 0; i < pending_bodies_.size(); ++i)
      check_method_body(pending_bodies_[i]);
    if (id == prelude_)
      prelude_done_ = true;
  }
  rebind_static_sends();
  program_.init_order = graph_.load_order;
  program_.main = graph_.main;
  return std::move(program_);
}

void Checker::check_module_body(ModuleId id) {
  module_ = id;
  const parse::Tree& t = tree();
  MethodId body_id = static_cast<MethodId>(program_.methods.size());
  {
    Method body;
    body.name = "<module>";
    body.module = id;
    body.kind = MethodKind::ModuleBody;
    body.is_module_body = true;
    body.owner_module = id;
    body.self_type = program_.modules[id].type;
    body.return_type = nil_;
    body.range = {graph_[id].file, 0, 0};
    program_.methods.push_back(std::move(body));
    method_node_.push_back(0);
  }
  program_.modules[id].body = body_id;
  Frame frame;
  frame.method = body_id;
  frame.kind = MethodKind::ModuleBody;
  frame.self_type = program_.modules[id].type;
  frame.scopes.emplace_back();
  frame_ = &frame;
  std::vector<ExprId> exprs;
  for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
    NodeId item = t.child(t.root, i);
    switch (t.kind(item)) {
    case NodeKind::Import:
    case NodeKind::ObjectDef:
    case NodeKind::TraitDef:
    case NodeKind::ImplTrait:
    case NodeKind::ImplReopen:
    case NodeKind::MethodDef:
    case NodeKind::RequiredMethod:
    case NodeKind::Error:
      break;
    default:
      exprs.push_back(check_expr(item));
    }
  }
  frame_ = nullptr;
  program_.methods[body_id].body = std::move(exprs);
}

// L63: a default sees `self` and the parameters before its own.
void Checker::check_deferred_defaults(MethodId method_id, Frame& frame) {
  auto found = deferred_defaults_.find(method_id);
  if (found == deferred_defaults_.end())
    return;
  std::vector<LocalId> params = program_.methods[method_id].params;
  for (auto [index, node] : found->second) {
    if (index >= params.size())
      continue;
    frame.scopes.assign(1, std::vector<LocalId>(params.begin(), params.begin() + index));
    TypeId type = program_.locals[params[index]].type;
    ExprId value = check_expr(node, type);
    require_compatible(program_.exprs[value].type, type, range(node));
    program_.locals[params[index]].default_value = value;
  }
  frame.scopes.assign(1, params);
}

void Checker::check_method_body(MethodId method_id) {
  const parse::Tree& t = tree();
  NodeId node = method_node_[method_id];
  Method& method = program_.methods[method_id];
  Frame frame;
  frame.method = method_id;
  frame.kind = method.kind;
  frame.self_type = method.self_type;
  frame.self_object = method.kind == MethodKind::Instance ? method.owner_object : kNoObject;
  frame.throw_type = method.throw_type;
  frame.throw_declared = method.throw_type != kNoType;
  frame.return_type = method.return_type;
  frame.scopes.emplace_back(method.params);
  if (method.owner_object != kNoObject)
    type_scope_ = program_.objects[method.owner_object].type_params;
  else if (method.owner_trait != kNone)
    type_scope_ = program_.traits[method.owner_trait].type_params;
  else
    type_scope_.clear();
  type_scope_.insert(type_scope_.end(), method.type_params.begin(), method.type_params.end());
  frame_ = &frame;
  check_deferred_defaults(method_id, frame);

  NodeId body = t.child(node, 5);
  std::vector<ExprId> exprs;
  ExprId last = check_body(body, exprs);
  Method& checked = program_.methods[method_id];
  checked.body = std::move(exprs);
  bool declares_return = !t.is_empty(t.child(node, 3));
  if (declares_return && last != kNoExpr) {
    // `Self` is the instance type, also in a static method (L90).
    Bindings self_binding;
    self_binding.self = checked.kind == MethodKind::Static && checked.owner_object != kNoObject
                            ? program_.objects[checked.owner_object].instance_type
                            : checked.self_type;
    TypeId given = program_.exprs[last].type;
    if (!compatible(given, checked.return_type)) {
      TypeId expected = subst(checked.return_type, self_binding);
      require_compatible(given, expected, program_.exprs[last].range);
    }
  } else if (declares_return && !compatible(nil_, checked.return_type)) {
    error(DiagnosticKind::TypeMismatch, checked.range,
          {name_of(checked.return_type), name_of(nil_)});
  }
  if (frame.throw_declared && !frame.throws)
    error(DiagnosticKind::NeverThrows, checked.range, {name_of(frame.throw_type)});

  // L52: `init` assigns every attribute at its top level.
  if (checked.name == "init" && checked.kind == MethodKind::Instance &&
      checked.owner_object != kNoObject) {
    std::vector<std::string_view> assigned;
    for (uint32_t i = 0; i < t.child_count(body); ++i) {
      NodeId statement = t.child(body, i);
      if (t.kind(statement) == NodeKind::Assign &&
          t.kind(t.child(statement, 0)) == NodeKind::AttributeRef)
        assigned.push_back(t.text(t.child(statement, 0)));
    }
    for (const Attribute& attribute : program_.objects[checked.owner_object].attributes) {
      if (attribute.name.starts_with("@_"))
        continue;
      if (std::find(assigned.begin(), assigned.end(), attribute.name) == assigned.end())
        error(DiagnosticKind::AttributeNotAssigned, checked.range, {attribute.name});
    }
  }
  frame_ = nullptr;
  type_scope_.clear();
}

// L60-L65: closures capture, lambdas do not; untyped parameters take the
// expected block type's parameter types.
ExprId Checker::check_block_literal(NodeId node, TypeId expected) {
  const parse::Tree& t = tree();
  expected = expected == kNoType ? kNoType : resolve(expected);
  // A literal passed for `?do (A) -> R` is inferred from `do (A) -> R`.
  if (expected != kNoType && ty(expected).kind == TypeKind::Optional)
    expected = resolve(ty(expected).inner);
  const Type* expected_block = nullptr;
  Type expected_copy;
  // A block given for an optional block (`filter: ?lambda (T) -> Boolean =
  // Nil`) is inferred from the block type inside the optional.
  TypeId expected_inner = expected;
  if (expected != kNoType && ty(expected).kind == TypeKind::Optional)
    expected_inner = resolve(ty(expected).inner);
  if (expected_inner != kNoType && ty(expected_inner).kind == TypeKind::Block) {
    expected_copy = ty(expected_inner);
    expected_block = &expected_copy;
  }
  bool lambda = t[node].flags & parse::FlagLambda;
  if (!lambda && text(node) == "{" && expected_block != nullptr &&
      expected_block->block == BlockKind::Lambda)
    lambda = true;
  MethodId id = static_cast<MethodId>(program_.methods.size());
  Frame* home = method_frame();
  {
    Method method;
    method.name = lambda ? "<lambda>" : "<block>";
    method.module = module_;
    method.kind = lambda ? MethodKind::Lambda : MethodKind::Closure;
    method.enclosing = frame_->method;
    method.home = lambda ? id : (home != nullptr ? home->method : kNoMethod);
    method.self_type = lambda ? program_.modules[module_].type : frame_->self_type;
    method.range = token_range(node);
    program_.methods.push_back(std::move(method));
    method_node_.push_back(node);
  }
  Frame frame;
  frame.method = id;
  frame.kind = lambda ? MethodKind::Lambda : MethodKind::Closure;
  frame.parent = frame_;
  frame.self_type = program_.methods[id].self_type;
  frame.scopes.emplace_back();
  size_t scope_size = type_scope_.size();
  std::vector<TypeParamId> type_params;
  declare_type_params(type_params, t.child(node, 0), kNoObject, kNone, id);
  type_scope_.insert(type_scope_.end(), type_params.begin(), type_params.end());
  program_.methods[id].type_params = type_params;
  frame_ = &frame;
  declare_params(program_.methods[id], t.child(node, 1), true);
  // L65: fill in untyped parameters from the expected block type.
  const std::vector<LocalId> params = program_.methods[id].params;
  for (size_t i = 0; i < params.size(); ++i) {
    Local& local = program_.locals[params[i]];
    if (local.type != kNoType)
      continue;
    if (expected_block != nullptr && expected_block->args_count == params.size()) {
      local.type = program_.type_arg(*expected_block, static_cast<uint32_t>(i));
    } else {
      // An argument the send has no parameter for (already reported)
      // expects the error type: its parameters are no further error.
      if (expected != error_)
        error(DiagnosticKind::ParamNeedsType, local.range, {});
      local.type = error_;
    }
  }
  NodeId throw_node = t.child(node, 2);
  NodeId return_node = t.child(node, 3);
  if (!t.is_empty(throw_node)) {
    frame.throw_type = resolve_type(throw_node);
    frame.throw_declared = true;
  }
  if (!t.is_empty(return_node)) {
    frame.return_type = resolve_type(return_node);
  } else {
    frame.infer_return = true;
  }
  std::vector<ExprId> exprs;
  ExprId last = check_body(t.child(node, 4), exprs);
  frame_ = frame.parent;
  type_scope_.resize(scope_size);

  TypeId last_type = last == kNoExpr ? nil_ : program_.exprs[last].type;
  TypeId return_type = frame.return_type;
  if (frame.infer_return) {
    return_type = last_type;
  } else if (last != kNoExpr) {
    require_compatible(last_type, return_type, program_.exprs[last].range);
  }
  if (frame.throw_declared && !frame.throws)
    error(DiagnosticKind::NeverThrows, token_range(node), {name_of(frame.throw_type)});
  std::vector<TypeId> param_types;
  bool rest = false;
  for (LocalId param : params) {
    const Local& local = program_.locals[param];
    rest = local.is_rest;
    param_types.push_back(local.is_rest && ty(local.type).args_count > 0
                              ? program_.type_arg(ty(local.type), 0)
                              : local.type);
  }
  Method& method = program_.methods[id];
  method.body = std::move(exprs);
  method.throw_type = frame.throw_type;
  method.return_type = return_type;
  method.type = block_type(lambda ? BlockKind::Lambda : BlockKind::Closure, param_types, rest,
                           frame.throw_type, return_type, id);
  return add_expr(ExprKind::Block, method.type, range(node), id);
}

// L92: from a method, a lambda, or non-locally from a closure.
ExprId Checker::check_return(NodeId node) {
  const parse::Tree& t = tree();
  NodeId value_node = t.child(node, 0);
  Frame* target = method_frame();
  bool non_local = frame_->kind == MethodKind::Closure;
  if (target == nullptr || target->kind == MethodKind::ModuleBody) {
    error(DiagnosticKind::ReturnOutsideMethod, token_range(node), {});
    if (!t.is_empty(value_node))
      check_expr(value_node);
    return error_expr(range(node));
  }
  std::vector<ExprId> operands;
  TypeId value_type = nil_;
  Bindings self_binding;
  self_binding.self = target->self_type;
  TypeId expected =
      target->return_type == kNoType ? kNoType : subst(target->return_type, self_binding);
  if (!t.is_empty(value_node)) {
    ExprId value = check_expr(value_node, expected);
    operands.push_back(value);
    value_type = program_.exprs[value].type;
  }
  if (expected != kNoType) {
    require_compatible(value_type, expected,
                       t.is_empty(value_node) ? token_range(node) : range(value_node));
  }
  ExprId id = add_expr(ExprKind::Return, never_, range(node), 0, operands);
  if (non_local) {
    program_.exprs[id].flags |= kNonLocalReturn;
    program_.exprs[id].value2 = target->method;
  }
  return id;
}

// L93: where a thrown value may go.
void Checker::note_throw(TypeId type, SourceRange where, bool from_try) {
  Frame* f = frame_;
  if (f->kind == MethodKind::ModuleBody) {
    if (error(DiagnosticKind::ThrowAtTopLevel, where, {name_of(type)}) && from_try)
      diagnostics_.report_global(DiagnosticKind::HandleThrow);
    return;
  }
  if (f->kind != MethodKind::Closure && f->kind != MethodKind::Lambda && !f->throw_declared) {
    if (error(DiagnosticKind::ThrowWithoutDeclaration, where, {name_of(type)}))
      diagnostics_.report_global(DiagnosticKind::DeclareThrow,
                                 {program_.methods[f->method].name, name_of(type)});
    return;
  }
  for (; f != nullptr; f = f->parent) {
    if (f->throw_declared) {
      require_compatible(type, f->throw_type, where);
    } else if (f->kind == MethodKind::Closure || f->kind == MethodKind::Lambda) {
      if (f->throw_type == kNoType)
        f->throw_type = type;
    }
    f->throws = true;
    if (f->kind != MethodKind::Closure)
      break;
  }
}

ExprId Checker::check_throw(NodeId node) {
  ExprId value = check_expr(tree().child(node, 0));
  note_throw(program_.exprs[value].type, range(node), false);
  return add_expr(ExprKind::Throw, never_, range(node), 0, std::array<ExprId, 1>{value});
}

namespace {

// The send a `try` covers: its expression without trailing casts (L94).
NodeId tried_send(const parse::Tree& t, NodeId node) {
  while (t.kind(node) == NodeKind::Cast)
    node = t.child(node, 0);
  if (t.kind(node) == NodeKind::Body && t.child_count(node) == 1)
    return tried_send(t, t.child(node, 0));
  return node;
}

} // namespace

// The expression `try` or `try!` (`node`) tries, with the state of an
// enclosing try saved around it; `throw_type` becomes the type it may throw
// (kNoType, reported, when it throws nothing).
ExprId Checker::check_tried(NodeId node, TypeId expected, TypeId& throw_type) {
  const parse::Tree& t = tree();
  NodeId expression = t.child(node, 0);
  NodeId saved_node = tried_node_;
  TypeId saved_throw = tried_throw_;
  NodeId saved_match = try_over_match_;
  tried_node_ = tried_send(t, expression);
  tried_throw_ = kNoType;
  NodeId tried = t.kind(expression) == NodeKind::Body ? t.child(expression, 0) : expression;
  try_over_match_ = t.kind(tried) == NodeKind::Match ? node : kNone;
  ExprId value = check_expr(tried, expected);
  throw_type = tried_throw_;
  tried_node_ = saved_node;
  tried_throw_ = saved_throw;
  try_over_match_ = saved_match;
  if (throw_type == kNoType)
    diagnostics_.report(DiagnosticKind::TryNeverThrows, range(expression), {});
  return value;
}

ExprId Checker::check_try(NodeId node, TypeId expected) {
  const parse::Tree& t = tree();
  NodeId binding = t.child(node, 1);
  NodeId handler = t.child(node, 2);
  TypeId throw_type = kNoType;
  ExprId value = check_tried(node, expected, throw_type);
  TypeId value_type = program_.exprs[value].type;
  if (t.is_empty(handler)) {
    if (throw_type != kNoType)
      note_throw(throw_type, range(node), true);
    return add_expr(ExprKind::TryRethrow, value_type, range(node), 0, std::array<ExprId, 1>{value});
  }
  frame_->scopes.emplace_back();
  LocalId error_local = kNoLocal;
  if (!t.is_empty(binding)) {
    error_local =
        declare_local(std::string(text(binding)), throw_type == kNoType ? any_ : throw_type, false,
                      token_range(binding));
  }
  std::vector<ExprId> handler_exprs;
  ExprId last = kNoExpr;
  if (t.kind(handler) == NodeKind::Body) {
    last = check_body(handler, handler_exprs);
  } else {
    last = check_expr(handler, value_type);
    handler_exprs.push_back(last);
  }
  frame_->scopes.pop_back();
  TypeId handler_type = last == kNoExpr ? nil_ : program_.exprs[last].type;
  TypeId result = value_type;
  if (ty(resolve(value_type)).kind == TypeKind::Never) {
    // `try always_throws else 0`: only the handler ever gives a value.
    result = handler_type;
  } else if (is_nil(handler_type) && ty(resolve(value_type)).kind != TypeKind::Optional &&
             !is_nil(value_type)) {
    result = optional(value_type);
  } else if (!compatible(handler_type, value_type)) {
    error(DiagnosticKind::TypeMismatch,
          last == kNoExpr ? range(handler) : program_.exprs[last].range,
          {name_of(value_type), name_of(handler_type)});
  }
  ExprId sequence = add_expr(ExprKind::Sequence, handler_type, range(handler), 0, handler_exprs);
  return add_expr(ExprKind::TryElse, result, range(node), error_local,
                  std::array<ExprId, 2>{value, sequence});
}

ExprId Checker::check_try_bang(NodeId node) {
  TypeId throw_type = kNoType;
  ExprId value = check_tried(node, kNoType, throw_type);
  return add_expr(ExprKind::TryPanic, program_.exprs[value].type, range(node), 0,
                  std::array<ExprId, 1>{value});
}

// [EXT] L97. The subject is evaluated once into a local (the `let` binding or
// a hidden one); expression patterns become `pattern =~ subject` sends; arm
// bodies are inline code in their own scope. Type: the first arm's type when
// every other arm (and the else, or Nil without one) is compatible with it,
// otherwise Any.
ExprId Checker::check_match(NodeId node, TypeId expected) {
  const parse::Tree& t = tree();
  uint32_t count = t.child_count(node);
  NodeId subject_node = t.child(node, 0);
  NodeId binding_node = t.child(node, 1);
  NodeId else_node = t.child(node, count - 1);
  bool has_subject = !t.is_empty(subject_node);
  frame_->scopes.emplace_back();

  ExprId subject_expr = add_expr(ExprKind::Nil, nil_, range(node));
  LocalId subject = kNoLocal;
  TypeId subject_type = kNoType;
  if (has_subject) {
    ExprId value = check_expr(subject_node);
    subject_type = program_.exprs[value].type;
    std::string name =
        t.is_empty(binding_node) ? std::string("<match>") : std::string(text(binding_node));
    subject = declare_local(name, subject_type, false, range(subject_node));
    subject_expr = add_expr(ExprKind::Let, subject_type, range(subject_node), subject,
                            std::array<ExprId, 1>{value});
  }

  std::vector<ExprId> operands{subject_expr};
  TypeId result = kNoType;
  bool all_compatible = true;
  auto add_arm_type = [&](TypeId type) {
    // An arm that returns or throws gives no value, so it does not decide
    // the match's type: the first arm that produces one does.
    if (ty(resolve(type)).kind == TypeKind::Never)
      return;
    if (result == kNoType)
      result = type;
    else if (!compatible(type, result))
      all_compatible = false;
  };

  for (uint32_t i = 2; i + 1 < count; ++i) {
    NodeId arm = t.child(node, i);
    if (t.kind(arm) != NodeKind::MatchArm)
      continue;
    uint32_t arm_children = t.child_count(arm);
    NodeId guard_node = t.child(arm, arm_children - 2);
    NodeId body_node = t.child(arm, arm_children - 1);
    std::vector<ExprId> arm_operands;
    uint32_t kind = static_cast<uint32_t>(has_subject ? MatchPatternKind::Expressions
                                                      : MatchPatternKind::Condition);
    uint32_t value2 = 0;
    uint8_t flags = 0;
    TypeId narrowed = kNoType;
    frame_->scopes.emplace_back();
    NodeId first = t.child(arm, 0);
    if (t.kind(first) == NodeKind::MatchType) {
      kind = static_cast<uint32_t>(MatchPatternKind::Type);
      NodeId type_node = t.child(first, 0);
      const Symbol* symbol = find_global(text(type_node));
      if (!has_subject) {
        error(DiagnosticKind::MatchTypeWithoutInput, range(first), {});
      } else if (symbol == nullptr) {
        error(DiagnosticKind::UndefinedConstant, token_range(type_node), {text(type_node)});
      } else if (symbol->kind == SymbolKind::Object) {
        value2 = symbol->id;
        narrowed = program_.objects[symbol->id].instance_type;
      } else if (symbol->kind == SymbolKind::Trait) {
        value2 = symbol->id;
        flags |= kTraitPattern;
        narrowed = trait_type(symbol->id);
      } else {
        error(DiagnosticKind::NotAType, token_range(type_node), {text(type_node)});
      }
      // Within the arm the binding has the pattern's type (L97).
      if (narrowed != kNoType && !t.is_empty(binding_node)) {
        ExprId read = add_expr(ExprKind::Local, subject_type, range(first), subject);
        LocalId typed = declare_local(std::string(text(binding_node)), narrowed, false,
                                      token_range(binding_node));
        ExprId cast =
            add_expr(ExprKind::Cast, narrowed, range(first), 0, std::array<ExprId, 1>{read});
        narrowed =
            add_expr(ExprKind::Let, narrowed, range(first), typed, std::array<ExprId, 1>{cast});
      } else {
        narrowed = kNoType;
      }
    } else {
      for (uint32_t p = 0; p + 2 < arm_children; ++p) {
        NodeId pattern_node = t.child(arm, p);
        ExprId pattern = check_expr(pattern_node);
        if (!has_subject) {
          arm_operands.push_back(pattern);
          ++value2;
          continue;
        }
        // `pattern =~ subject` (std::operators::Match).
        TypeId pattern_type = program_.exprs[pattern].type;
        MethodId method = find_method(pattern_type, "=~");
        if (method == kNoMethod) {
          error(DiagnosticKind::UndefinedMessage, range(pattern_node),
                {name_of(pattern_type), "=~"});
          continue;
        }
        // The input is the argument of the pattern's `=~` (L97): a String
        // pattern does not match an Integer, nor anything typed Any.
        if (const Method& matcher = program_.methods[method]; !matcher.params.empty()) {
          TypeId other =
              subst(program_.locals[matcher.params[0]].type, receiver_bindings(pattern_type));
          if (!compatible(subject_type, other))
            error(DiagnosticKind::MatchInputMismatch, range(pattern_node),
                  {name_of(subject_type), name_of(other)});
        }
        ExprId input = add_expr(ExprKind::Local, subject_type, range(pattern_node), subject);
        ExprKind send_kind = ty(resolve(pattern_type)).kind == TypeKind::Object
                                 ? ExprKind::CallMethod
                                 : ExprKind::CallDynamic;
        uint32_t target = send_kind == ExprKind::CallMethod ? method : selector("=~");
        ExprId test = add_expr(send_kind, boolean_, range(pattern_node), target,
                               std::array<ExprId, 2>{pattern, input});
        if (send_kind == ExprKind::CallDynamic)
          program_.exprs[test].value2 = method;
        arm_operands.push_back(test);
        ++value2;
      }
    }
    std::vector<ExprId> body;
    if (!t.is_empty(guard_node)) {
      flags |= kHasGuard;
      ExprId guard = check_expr(guard_node, boolean_);
      require_compatible(program_.exprs[guard].type, boolean_, range(guard_node));
      // The guard already sees the binding with the pattern's type
      // (`as Integer when v > 5`), so the narrowing runs before it.
      if (narrowed != kNoType) {
        guard = add_expr(ExprKind::Sequence, program_.exprs[guard].type, range(guard_node), 0,
                         std::array<ExprId, 2>{narrowed, guard});
        narrowed = kNoType;
      }
      arm_operands.push_back(guard);
    }
    if (narrowed != kNoType)
      body.push_back(narrowed);
    ExprId last = check_body(body_node, body);
    TypeId body_type = last == kNoExpr ? nil_ : program_.exprs[last].type;
    add_arm_type(body_type);
    arm_operands.push_back(add_expr(ExprKind::Sequence, body_type, range(body_node), 0, body));
    frame_->scopes.pop_back();
    ExprId arm_expr = add_expr(ExprKind::MatchArm, body_type, range(arm), kind, arm_operands);
    program_.exprs[arm_expr].value2 = value2;
    program_.exprs[arm_expr].flags = flags;
    operands.push_back(arm_expr);
  }

  uint8_t flags = 0;
  if (!t.is_empty(else_node)) {
    std::vector<ExprId> body;
    ExprId last = check_body(else_node, body);
    TypeId else_type = last == kNoExpr ? nil_ : program_.exprs[last].type;
    add_arm_type(else_type);
    operands.push_back(add_expr(ExprKind::Sequence, else_type, range(else_node), 0, body));
    flags |= kHasElse;
  } else {
    add_arm_type(nil_);
  }
  frame_->scopes.pop_back();
  (void)expected;
  TypeId type = result == kNoType ? never_ : all_compatible ? result : any_;
  ExprId match = add_expr(ExprKind::Match, type, range(node), subject, operands);
  program_.exprs[match].flags = flags;
  return match;
}

Program check_program(const modules::ModuleGraph& graph, DiagnosticEngine& diagnostics) {
  return Checker(graph, diagnostics).run();
}

} // namespace inko::check
