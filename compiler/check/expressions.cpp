// Expressions other than sends and control flow: literals, names (L71,
// L72), locals and assignment (L77-L79), attributes (L55), casts (L87) and
// dereference (L88).
#include "check/checker_impl.h"
#include "lex/lexer.h"

#include <algorithm>
#include <cstdlib>

namespace inko::check {
namespace {

using lex::is_constant_name;

// Converts digits in `base` (2, 10 or 16) to decimal text, for big integer
// literals. Decimal digits are copied; binary and hexadecimal ones are
// packed into 64-bit limbs and divided by 10^18 one chunk at a time, so a
// literal with 100,000 digits takes milliseconds rather than the seconds a
// digit-by-digit conversion took (found by the robustness sweep).
std::string to_decimal(std::string_view digits, int base) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos)
    return "0";
  digits.remove_prefix(first);
  if (base == 10)
    return std::string(digits);
  const unsigned bits_per_digit = base == 16 ? 4 : 1;
  std::vector<uint64_t> limbs; // little endian
  unsigned filled = 64;
  for (size_t i = digits.size(); i-- > 0;) {
    char c = digits[i];
    uint64_t digit = c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
    if (filled == 64) {
      limbs.push_back(0);
      filled = 0;
    }
    limbs.back() |= digit << filled;
    filled += bits_per_digit;
  }
  constexpr uint64_t kChunk = 1000000000000000000ULL; // 10^18
  std::vector<uint64_t> chunks;                       // little endian
  while (!limbs.empty()) {
    unsigned __int128 remainder = 0;
    for (size_t i = limbs.size(); i-- > 0;) {
      unsigned __int128 value = (remainder << 64) | limbs[i];
      limbs[i] = static_cast<uint64_t>(value / kChunk);
      remainder = value % kChunk;
    }
    chunks.push_back(static_cast<uint64_t>(remainder));
    while (!limbs.empty() && limbs.back() == 0)
      limbs.pop_back();
  }
  std::string out = std::to_string(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out += std::string(18 - part.size(), '0') + part;
  }
  return out;
}

} // namespace

ExprId Checker::add_expr(ExprKind kind, TypeId type, SourceRange range, uint32_t value,
                         std::span<const ExprId> operands) {
  Expr expr{};
  expr.kind = kind;
  expr.type = type;
  expr.range = range;
  expr.value = value;
  expr.operands_begin = static_cast<uint32_t>(program_.operands.size());
  expr.operands_count = static_cast<uint32_t>(operands.size());
  program_.operands.insert(program_.operands.end(), operands.begin(), operands.end());
  program_.exprs.push_back(expr);
  return static_cast<ExprId>(program_.exprs.size() - 1);
}

ExprId Checker::error_expr(SourceRange range) {
  return add_expr(ExprKind::Nil, error_, range);
}

void Checker::require_compatible(TypeId given, TypeId expected, SourceRange range) {
  if (!compatible(given, expected))
    error(DiagnosticKind::TypeMismatch, range, {name_of(expected), name_of(given)});
}

ExprId Checker::check_body(NodeId body, std::vector<ExprId>& out) {
  const parse::Tree& t = tree();
  frame_->scopes.emplace_back();
  ExprId last = kNoExpr;
  for (uint32_t i = 0; i < t.child_count(body); ++i) {
    last = check_expr(t.child(body, i));
    out.push_back(last);
  }
  frame_->scopes.pop_back();
  return last;
}

ExprId Checker::check_expr(NodeId node, TypeId expected) {
  const parse::Tree& t = tree();
  switch (t.kind(node)) {
  case NodeKind::IntegerLiteral:
    return check_integer(node);
  case NodeKind::FloatLiteral:
    return check_float(node);
  case NodeKind::StringLiteral:
    return add_expr(ExprKind::StringLiteral, string_, range(node), intern_string(text(node)));
  case NodeKind::TemplateString:
    return check_template(node);
  case NodeKind::Identifier:
    return check_identifier(node);
  case NodeKind::Constant:
    return check_constant(node);
  case NodeKind::GlobalRef:
    return check_global_ref(node);
  case NodeKind::SelfRef: {
    for (Frame* f = frame_; f != nullptr && f->kind == MethodKind::Closure; f = f->parent)
      program_.methods[f->method].captures_self = true;
    return add_expr(ExprKind::SelfRef, frame_->self_type, range(node));
  }
  case NodeKind::AttributeRef:
    return check_attribute(node);
  case NodeKind::Send:
    return check_send(node, expected);
  case NodeKind::Assign:
    return check_assign(node);
  case NodeKind::Let:
    return check_let(node);
  case NodeKind::Return:
    return check_return(node);
  case NodeKind::Throw:
    return check_throw(node);
  case NodeKind::Try:
    return check_try(node, expected);
  case NodeKind::TryBang:
    return check_try_bang(node);
  case NodeKind::Binary:
    return check_binary(node);
  case NodeKind::Cast:
    return check_cast(node);
  case NodeKind::Deref:
    return check_deref(node);
  case NodeKind::Index:
  case NodeKind::IndexAssign:
    return check_index(node);
  case NodeKind::BlockLiteral:
    return check_block_literal(node, expected);
  case NodeKind::Match:
    return check_match(node, expected);
  case NodeKind::MethodDef:
  case NodeKind::RequiredMethod:
  case NodeKind::ObjectDef:
  case NodeKind::TraitDef:
  case NodeKind::ImplTrait:
  case NodeKind::ImplReopen:
    error(DiagnosticKind::DefinitionNotTopLevel, token_range(node), {"definitions"});
    return error_expr(range(node));
  case NodeKind::Import:
    error(DiagnosticKind::ImportNotTopLevel, range(node), {});
    return error_expr(range(node));
  default:
    return error_expr(range(node));
  }
}

ExprId Checker::check_integer(NodeId node) {
  std::string digits;
  for (char c : text(node)) {
    if (c != '_')
      digits += c;
  }
  bool negative = !digits.empty() && digits[0] == '-';
  size_t start = negative ? 1 : 0;
  int base = 10;
  if (digits.size() > start + 1 && digits[start] == '0' &&
      (digits[start + 1] == 'x' || digits[start + 1] == 'X' || digits[start + 1] == 'b' ||
       digits[start + 1] == 'B')) {
    base = (digits[start + 1] == 'x' || digits[start + 1] == 'X') ? 16 : 2;
    start += 2;
  }
  std::string_view body(digits.data() + start, digits.size() - start);
  std::string decimal = to_decimal(body, base);
  // Values beyond 64 bits are big integers (L8, L100).
  bool fits = decimal.size() < 19 || (decimal.size() == 19 && decimal <= "9223372036854775807");
  if (negative && decimal == "9223372036854775808")
    fits = true;
  if (!fits) {
    return add_expr(ExprKind::BigIntegerLiteral, integer_, range(node),
                    intern_string((negative ? "-" : "") + decimal));
  }
  ExprId id = add_expr(ExprKind::IntegerLiteral, integer_, range(node));
  uint64_t magnitude = std::strtoull(decimal.c_str(), nullptr, 10);
  program_.exprs[id].integer =
      negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return id;
}

ExprId Checker::check_float(NodeId node) {
  std::string digits;
  for (char c : text(node)) {
    if (c != '_')
      digits += c;
  }
  ExprId id = add_expr(ExprKind::FloatLiteral, float_, range(node));
  program_.exprs[id].real = std::strtod(digits.c_str(), nullptr);
  return id;
}

ExprId Checker::symbol_expr(const Symbol& symbol, SourceRange where) {
  switch (symbol.kind) {
  case SymbolKind::Object:
    return add_expr(ExprKind::ObjectRef, program_.objects[symbol.id].meta_type, where, symbol.id);
  case SymbolKind::Trait:
    return add_expr(ExprKind::TraitRef, meta_type(symbol.id, true), where, symbol.id);
  case SymbolKind::Constant:
    return add_expr(ExprKind::ConstantRef, program_.constants[symbol.id].type, where, symbol.id);
  case SymbolKind::Module:
    return add_expr(ExprKind::ModuleRef, program_.modules[symbol.id].type, where, symbol.id);
  case SymbolKind::True:
    return add_expr(ExprKind::True, boolean_, where);
  case SymbolKind::False:
    return add_expr(ExprKind::False, boolean_, where);
  case SymbolKind::Nil:
    return add_expr(ExprKind::Nil, nil_, where);
  }
  return error_expr(where);
}

// L71: local, method of self, method of the module, global.
ExprId Checker::check_identifier(NodeId node) {
  std::string_view name = text(node);
  if (LocalId local = find_local(name, true); local != kNoLocal)
    return add_expr(ExprKind::Local, program_.locals[local].type, range(node), local);
  return send_message(node, name, kNoExpr, {}, kNone, kNoType, true);
}

ExprId Checker::check_constant(NodeId node) {
  std::string_view name = text(node);
  if (name == "ThisModule")
    return add_expr(ExprKind::ModuleRef, program_.modules[module_].type, range(node), module_);
  if (find_type_param(name) != kNone || name == "Self") {
    error(DiagnosticKind::TypeParamAsValue, token_range(node), {name});
    return error_expr(range(node));
  }
  // `let X = ...` inside a method or block defines a local (only module
  // top level defines constants, L45); it is read by its constant name.
  if (LocalId local = find_local(name, true); local != kNoLocal)
    return add_expr(ExprKind::Local, program_.locals[local].type, range(node), local);
  if (const Symbol* symbol = find_global(name))
    return symbol_expr(*symbol, range(node));
  if (error(DiagnosticKind::UndefinedConstant, token_range(node), {name}))
    hint_constant(name);
  return error_expr(range(node));
}

ExprId Checker::check_global_ref(NodeId node) {
  std::string_view name = text(node);
  if (const Symbol* symbol = find_global(name))
    return symbol_expr(*symbol, range(node));
  if (modules_[module_].methods.count(std::string(name)) > 0) {
    ExprId module =
        add_expr(ExprKind::ModuleRef, program_.modules[module_].type, range(node), module_);
    return send_message(node, name, module, {}, kNone, kNoType, false);
  }
  if (error(DiagnosticKind::UndefinedConstant, token_range(node), {name}) &&
      !hint_constant_path(node))
    hint_constant(name);
  return error_expr(range(node));
}

LocalId Scope::find(std::string_view name, const std::vector<Local>& locals) const {
  if (size() < kIndexFrom) {
    for (size_t i = size(); i-- > 0;) {
      if (locals[(*this)[i]].name == name)
        return (*this)[i];
    }
    return kNoLocal;
  }
  for (; indexed_ < size(); ++indexed_)
    index_[locals[(*this)[indexed_]].name] = (*this)[indexed_]; // the latest wins
  auto found = index_.find(std::string(name));
  return found == index_.end() ? kNoLocal : found->second;
}

// `socket::SocketAddress` is two expressions, `socket` and the global
// `::SocketAddress` (L25, L44): when `::` directly follows a module's name,
// say how to reach the constant instead.
bool Checker::hint_constant_path(NodeId node) {
  const lex::TokenizedBuffer& tokens = *tree().tokens;
  lex::TokenIndex name_token = tree()[node].token;
  if (name_token < 2 || tokens[name_token - 1].kind != lex::TokenKind::ColonColon ||
      tokens[name_token - 1].space_before ||
      tokens[name_token - 2].kind != lex::TokenKind::Identifier)
    return false;
  std::string_view module_name = tokens.text_of(name_token - 2);
  const Symbol* symbol = find_global(module_name);
  if (symbol == nullptr || symbol->kind != SymbolKind::Module)
    return false;
  diagnostics_.report_global(DiagnosticKind::ConstantPathHint,
                             {module_name, text(node), program_.modules[symbol->id].name});
  return true;
}

// Looks a local up through the enclosing blocks; closures see outward to
// their method (L71), and capturing marks the local for codegen (L61).
LocalId Checker::find_local(std::string_view name, bool capture) {
  std::vector<Frame*> crossed;
  for (Frame* f = frame_; f != nullptr; f = f->parent) {
    for (size_t s = f->scopes.size(); s-- > 0;) {
      if (LocalId local = f->scopes[s].find(name, program_.locals); local != kNoLocal) {
        if (capture && !crossed.empty()) {
          program_.locals[local].captured = true;
          for (Frame* closure : crossed) {
            auto& captures = program_.methods[closure->method].captures;
            if (std::find(captures.begin(), captures.end(), local) == captures.end())
              captures.push_back(local);
          }
        }
        return local;
      }
    }
    if (f->kind != MethodKind::Closure)
      break;
    crossed.push_back(f);
  }
  return kNoLocal;
}

LocalId Checker::declare_local(std::string name, TypeId type, bool is_mutable, SourceRange where) {
  Scope& scope = frame_->scopes.back();
  if (name != "_" && scope.find(name, program_.locals) != kNoLocal)
    error(DiagnosticKind::LocalRedefined, where, {name});
  Local local;
  local.name = std::move(name);
  local.type = type;
  local.owner = frame_->method;
  local.is_mutable = is_mutable;
  local.range = where;
  program_.locals.push_back(std::move(local));
  LocalId id = static_cast<LocalId>(program_.locals.size() - 1);
  scope.push_back(id);
  program_.methods[frame_->method].locals.push_back(id);
  return id;
}

ExprId Checker::check_let(NodeId node) {
  const parse::Tree& t = tree();
  std::string name(text(node));
  bool is_mutable = t[node].flags & parse::FlagMutable;
  NodeId type_node = t.child(node, 0);
  NodeId value_node = t.child(node, 1);
  bool module_constant = is_constant_name(name) && frame_->kind == MethodKind::ModuleBody &&
                         frame_->scopes.size() == 1;
  if (module_constant && aliases_.count(alias_key(module_, node)) > 0)
    return check_expr(value_node);
  // A bound the declared type breaks (`let b: Box!(Plain) = Box.new(..)`)
  // is reported there, not again by the value's send.
  std::vector<std::pair<TypeId, TypeParamId>> outer_bound_errors;
  outer_bound_errors.swap(annotation_bound_errors_);
  TypeId declared = t.is_empty(type_node) ? kNoType : resolve_type(type_node);
  ExprId value = check_expr(value_node, declared);
  annotation_bound_errors_.swap(outer_bound_errors);
  TypeId value_type = program_.exprs[value].type;
  if (declared != kNoType)
    require_compatible(value_type, declared, range(value_node));
  TypeId type = declared != kNoType ? declared : value_type;
  if (module_constant) {
    // L45: a module constant, visible to the whole module.
    if (is_mutable)
      error(DiagnosticKind::MutableConstant, token_range(node), {});
    ConstantId constant = static_cast<ConstantId>(program_.constants.size());
    program_.constants.push_back({name, module_, type, kNoExpr, token_range(node)});
    program_.modules[module_].constants.push_back(constant);
    bind_global(module_, name, {SymbolKind::Constant, constant}, token_range(node), true);
    ExprId define = add_expr(ExprKind::ConstantDefine, type, range(node), constant,
                             std::array<ExprId, 1>{value});
    program_.constants[constant].define = define;
    return define;
  }
  if (is_constant_name(name) && find_global(name) != nullptr)
    error(DiagnosticKind::GlobalRedefined, token_range(node), {name});
  LocalId local = declare_local(name, type, is_mutable, token_range(node));
  return add_expr(ExprKind::Let, type, range(node), local, std::array<ExprId, 1>{value});
}

// L78/L79: `x = v`, `@x = v`, `x += v`.
ExprId Checker::check_assign(NodeId node) {
  const parse::Tree& t = tree();
  NodeId target = t.child(node, 0);
  NodeId value_node = t.child(node, 1);
  std::string_view op = text(node);
  bool compound = op != "=";
  if (t.kind(target) == NodeKind::AttributeRef) {
    ExprId current = check_attribute(target);
    if (is_error(program_.exprs[current].type))
      return check_expr(value_node);
    uint32_t slot = program_.exprs[current].value;
    ObjectId object = program_.exprs[current].value2;
    TypeId type = program_.exprs[current].type;
    ExprId value = compound ? send_message(node, op.substr(0, op.size() - 1), current,
                                           std::array<NodeId, 1>{value_node}, kNone, kNoType, false)
                            : check_expr(value_node, type);
    require_compatible(program_.exprs[value].type, type, range(value_node));
    ExprId set =
        add_expr(ExprKind::AttributeSet, type, range(node), slot, std::array<ExprId, 1>{value});
    program_.exprs[set].value2 = object;
    return set;
  }
  std::string_view name = text(target);
  LocalId local = find_local(name, true);
  if (local == kNoLocal) {
    if (find_global(name) != nullptr || is_constant_name(name)) {
      error(DiagnosticKind::AssignConstant, token_range(target), {name});
    } else {
      error(DiagnosticKind::UndefinedLocal, token_range(target), {name});
    }
    check_expr(value_node);
    return error_expr(range(node));
  }
  const Local& info = program_.locals[local];
  if (!info.is_mutable && error(DiagnosticKind::ReassignImmutable, token_range(target), {name}))
    diagnostics_.report_global(DiagnosticKind::DeclareMutable, {name});
  TypeId type = info.type;
  ExprId value;
  if (compound) {
    ExprId current = add_expr(ExprKind::Local, type, range(target), local);
    value = send_message(node, op.substr(0, op.size() - 1), current,
                         std::array<NodeId, 1>{value_node}, kNone, kNoType, false);
  } else {
    value = check_expr(value_node, type);
  }
  require_compatible(program_.exprs[value].type, type, range(value_node));
  return add_expr(ExprKind::LocalSet, type, range(node), local, std::array<ExprId, 1>{value});
}

// L55: attributes of self, in instance methods of objects and their closures.
ExprId Checker::check_attribute(NodeId node) {
  std::string_view name = text(node);
  ObjectId object = kNoObject;
  for (Frame* f = frame_; f != nullptr; f = f->parent) {
    if (f->kind != MethodKind::Closure) {
      object = f->self_object;
      break;
    }
  }
  if (object == kNoObject) {
    error(DiagnosticKind::AttributeOutsideObject, token_range(node), {name});
    return error_expr(range(node));
  }
  for (const Attribute& attribute : program_.objects[object].attributes) {
    if (attribute.name != name)
      continue;
    for (Frame* f = frame_; f != nullptr && f->kind == MethodKind::Closure; f = f->parent)
      program_.methods[f->method].captures_self = true;
    ExprId id = add_expr(ExprKind::AttributeGet, attribute.type, range(node), attribute.slot);
    program_.exprs[id].value2 = object;
    return id;
  }
  error(DiagnosticKind::UndefinedAttribute, token_range(node),
        {name, program_.objects[object].name});
  return error_expr(range(node));
}

// L87: downcasts, casts of anything Object satisfies, and upcasts.
ExprId Checker::check_cast(NodeId node) {
  const parse::Tree& t = tree();
  ExprId value = check_expr(t.child(node, 0));
  TypeId target = resolve_type(t.child(node, 1));
  TypeId from = resolve(program_.exprs[value].type);
  TypeId plain = ty(target).kind == TypeKind::Optional ? ty(target).inner : target;
  TypeId from_plain = ty(from).kind == TypeKind::Optional ? ty(from).inner : from;
  const Type f = ty(from_plain);
  bool object_like = f.kind == TypeKind::Any || f.kind == TypeKind::Error ||
                     (f.kind == TypeKind::Trait && implements(object_, from_plain)) ||
                     (f.kind == TypeKind::TypeParam && program_.type_params[f.id].bounds.empty()) ||
                     (f.kind == TypeKind::Object &&
                      (f.id == program_.builtins.object ||
                       (f.id == program_.builtins.block && ty(plain).kind == TypeKind::Block)));
  bool allowed = object_like || compatible(plain, from_plain) || compatible(from, target) ||
                 compatible(from_plain, plain);
  if (!allowed)
    error(DiagnosticKind::InvalidCast, range(node), {name_of(from), name_of(target)});
  return add_expr(ExprKind::Cast, target, range(node), 0, std::array<ExprId, 1>{value});
}

ExprId Checker::check_deref(NodeId node) {
  ExprId value = check_expr(tree().child(node, 0));
  TypeId type = resolve(program_.exprs[value].type);
  TypeId result = type;
  if (ty(type).kind == TypeKind::Optional) {
    result = ty(type).inner;
  } else if (ty(type).kind == TypeKind::Any) {
    // ?Any is Any here (optional() folds it), so Any may be a `?Any` that
    // 0.8.1 dereferences: `arguments[0]!` in unknown_message.
  } else if (!is_error(type)) {
    error(DiagnosticKind::NotOptional, range(node), {name_of(type)});
  }
  return add_expr(ExprKind::Deref, result, range(node), 0, std::array<ExprId, 1>{value});
}

// L13: every embedded expression becomes a String through `to_string`.
ExprId Checker::check_template(NodeId node) {
  const parse::Tree& t = tree();
  std::vector<ExprId> parts;
  for (uint32_t i = 0; i < t.child_count(node); ++i) {
    NodeId part = t.child(node, i);
    ExprId value = check_expr(part);
    TypeId type = resolve(program_.exprs[value].type);
    if (!compatible(type, string_) || ty(type).kind == TypeKind::Infer) {
      // L13: an embedded value's type must implement ToString.
      if (to_string_trait_ != kNone && ty(type).kind != TypeKind::Infer &&
          !compatible(type, trait_type(to_string_trait_))) {
        error(DiagnosticKind::TypeMismatch, range(part),
              {program_.traits[to_string_trait_].name, name_of(type)});
        value = error_expr(range(part));
      } else {
        value = send_message(part, "to_string", value, {}, kNone, kNoType, false);
      }
    }
    parts.push_back(value);
  }
  return add_expr(ExprKind::TemplateString, string_, range(node), 0, parts);
}

} // namespace inko::check
