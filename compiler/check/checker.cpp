// The walking-skeleton checker: module methods with typed parameters and
// results, imports of whole modules, sends to modules, string and integer
// literals, and intrinsic calls. Everything else is reported as not yet
// supported, never silently accepted.
#include "check/checker.h"

#include <charconv>
#include <optional>
#include <unordered_map>

namespace inko::check {
namespace {

using parse::NodeId;
using parse::NodeKind;

const IntrinsicInfo kIntrinsics[] = {
#define INTRINSIC(name, inko_name, symbol, result, ...) {inko_name, symbol, result, {__VA_ARGS__}},
#include "check/intrinsics.def"
};

// The skeleton's types; replaced by the full type system.
enum class BuiltinType : TypeId { Any, Never, Nil, Integer, String, Count };

TypeId builtin(BuiltinType type) {
  return static_cast<TypeId>(type);
}

TypeId builtin_named(std::string_view name) {
  static const std::string_view names[] = {"Any", "Never", "Nil", "Integer", "String"};
  for (TypeId id = 0; id < 5; ++id) {
    if (names[id] == name)
      return id;
  }
  return builtin(BuiltinType::Any);
}

class Checker {
public:
  Checker(const modules::ModuleGraph& graph, DiagnosticEngine& diagnostics)
      : graph_(graph), diagnostics_(diagnostics) {}

  Program run() {
    program_.types = {{TypeKind::Any},
                      {TypeKind::Never},
                      {TypeKind::Object},
                      {TypeKind::Object},
                      {TypeKind::Object}};
    names_ = {"Any", "Never", "Nil", "Integer", "String"};
    program_.main = graph_.main;
    program_.init_order = graph_.load_order;
    program_.modules.resize(graph_.modules.size());
    globals_.resize(graph_.modules.size());
    method_names_.resize(graph_.modules.size());
    for (ModuleId id : graph_.load_order)
      declare_module(id);
    for (ModuleId id : graph_.load_order)
      check_module(id);
    return std::move(program_);
  }

private:
  // Names bound by imports in one module: name -> imported module.
  using Globals = std::unordered_map<std::string, ModuleId>;

  const parse::Tree& tree(ModuleId id) const { return graph_[id].tree; }

  // Records the module's type, its methods and the names its imports bind,
  // so that later modules can refer to them.
  void declare_module(ModuleId id) {
    const modules::ParsedModule& parsed = graph_[id];
    Module& module = program_.modules[id];
    module.name = parsed.name;
    module.type = static_cast<TypeId>(program_.types.size());
    Type type;
    type.kind = TypeKind::Module;
    type.id = id;
    program_.types.push_back(type);
    names_.push_back(parsed.name);

    const parse::Tree& t = parsed.tree;
    uint32_t import_index = 0;
    for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
      NodeId item = t.child(t.root, i);
      if (t.kind(item) == NodeKind::Import) {
        bind_import(id, item, parsed.imports[import_index++]);
      } else if (t.kind(item) == NodeKind::MethodDef) {
        declare_method(id, item);
      }
    }
  }

  void bind_import(ModuleId id, NodeId import, ModuleId target) {
    if (target == modules::kNoModule)
      return;
    const parse::Tree& t = tree(id);
    uint32_t count = t.child_count(import);
    NodeId last = t.child(import, count - 1);
    if (t.kind(last) == NodeKind::ImportSegment) {
      globals_[id][std::string(t.text(last))] = target;
      return;
    }
    for (uint32_t i = 0; i < count; ++i) {
      NodeId child = t.child(import, i);
      if (t.kind(child) == NodeKind::ImportSegment)
        continue;
      if (t.kind(child) == NodeKind::ImportSymbol && t.text(child) == "self") {
        std::string name =
            t.child_count(child) > 0
                ? std::string(t.text(t.child(child, 0)))
                : std::string(graph_[target].name.substr(graph_[target].name.rfind(':') + 1));
        globals_[id][name] = target;
      } else {
        not_supported(t, child, "importing symbols other than 'self'");
      }
    }
  }

  void declare_method(ModuleId id, NodeId def) {
    const parse::Tree& t = tree(id);
    MethodId method_id = static_cast<MethodId>(program_.methods.size());
    Method method;
    method.name = std::string(t.text(def));
    method.module = id;
    method.range = t.token_range(def);
    if (t[def].flags & parse::FlagStatic)
      not_supported(t, def, "static methods in a module");
    for (uint32_t i : {0u, 2u, 4u}) {
      if (!t.is_empty(t.child(def, i)))
        not_supported(t, t.child(def, i), "this method signature");
    }
    NodeId params = t.child(def, 1);
    if (!t.is_empty(params)) {
      for (uint32_t i = 0; i < t.child_count(params); ++i) {
        NodeId param = t.child(params, i);
        NodeId type_node = t.child(param, 0);
        if (t[param].flags != 0 || !t.is_empty(t.child(param, 1)) || t.is_empty(type_node)) {
          not_supported(t, param, "arguments without a type, default, rest or mut arguments");
        }
        TypeId type =
            t.is_empty(type_node) ? builtin(BuiltinType::Any) : resolve_type(t, type_node);
        method.params.push_back(add_local(std::string(t.text(param)), type));
      }
    }
    NodeId result = t.child(def, 3);
    if (t.is_empty(result)) {
      not_supported(t, def, "methods without a return type");
    } else {
      method.return_type = resolve_type(t, result);
    }
    program_.methods.push_back(std::move(method));
    program_.modules[id].methods.push_back(method_id);
    method_names_[id][program_.methods[method_id].name] = method_id;
  }

  TypeId resolve_type(const parse::Tree& t, NodeId node) {
    if (t.kind(node) == NodeKind::TypeName && t.child_count(node) == 0) {
      std::string_view name = t.text(node);
      for (TypeId id = 0; id < static_cast<TypeId>(BuiltinType::Count); ++id) {
        if (names_[id] == name)
          return id;
      }
      diagnostics_.report(DiagnosticKind::UndefinedConstant, t.token_range(node), {name});
      return builtin(BuiltinType::Any);
    }
    not_supported(t, node, "this type");
    return builtin(BuiltinType::Any);
  }

  LocalId add_local(std::string name, TypeId type) {
    Local local;
    local.name = std::move(name);
    local.type = type;
    program_.locals.push_back(local);
    return static_cast<LocalId>(program_.locals.size() - 1);
  }

  void check_module(ModuleId id) {
    const parse::Tree& t = tree(id);
    current_module_ = id;

    // The module's own top-level code.
    MethodId body_id = static_cast<MethodId>(program_.methods.size());
    Method body;
    body.name = "<module>";
    body.module = id;
    body.kind = MethodKind::ModuleBody;
    body.is_module_body = true;
    body.range = {graph_[id].file, 0, 0};
    program_.methods.push_back(std::move(body));
    program_.modules[id].body = body_id;

    std::vector<ExprId> top_level;
    for (uint32_t i = 0; i < t.child_count(t.root); ++i) {
      NodeId item = t.child(t.root, i);
      switch (t.kind(item)) {
      case NodeKind::Import:
      case NodeKind::Error:
        break;
      case NodeKind::MethodDef:
        check_method_body(id, item);
        break;
      case NodeKind::ObjectDef:
      case NodeKind::TraitDef:
      case NodeKind::ImplTrait:
      case NodeKind::ImplReopen:
        not_supported(t, item, "objects, traits and implementations");
        break;
      default:
        current_params_ = {};
        if (auto expr = check_expr(t, item))
          top_level.push_back(*expr);
      }
    }
    program_.methods[body_id].body = std::move(top_level);
  }

  void check_method_body(ModuleId id, NodeId def) {
    const parse::Tree& t = tree(id);
    MethodId method_id = method_names_[id].at(std::string(t.text(def)));
    current_params_ = program_.methods[method_id].params;
    NodeId body = t.child(def, 5);
    std::vector<ExprId> exprs;
    for (uint32_t i = 0; i < t.child_count(body); ++i) {
      if (auto expr = check_expr(t, t.child(body, i)))
        exprs.push_back(*expr);
    }
    Method& method = program_.methods[method_id];
    TypeId result = exprs.empty() ? builtin(BuiltinType::Nil) : program_.exprs[exprs.back()].type;
    if (!exprs.empty() && !compatible(result, method.return_type)) {
      diagnostics_.report(DiagnosticKind::TypeMismatch, program_.exprs[exprs.back()].range,
                          {names_[method.return_type], names_[result]});
    }
    method.body = std::move(exprs);
  }

  bool compatible(TypeId given, TypeId expected) const {
    return given == expected || expected == builtin(BuiltinType::Any) ||
           given == builtin(BuiltinType::Never);
  }

  ExprId add_expr(Expr expr, const std::vector<ExprId>& operands = {}) {
    expr.operands_begin = static_cast<uint32_t>(program_.operands.size());
    expr.operands_count = static_cast<uint32_t>(operands.size());
    program_.operands.insert(program_.operands.end(), operands.begin(), operands.end());
    program_.exprs.push_back(expr);
    return static_cast<ExprId>(program_.exprs.size() - 1);
  }

  std::optional<ExprId> check_expr(const parse::Tree& t, NodeId node) {
    SourceRange range = t.range(node);
    switch (t.kind(node)) {
    case NodeKind::StringLiteral: {
      program_.strings.emplace_back(t.text(node));
      Expr expr{ExprKind::StringLiteral, 0, builtin(BuiltinType::String), range};
      expr.value = static_cast<uint32_t>(program_.strings.size() - 1);
      return add_expr(expr);
    }
    case NodeKind::IntegerLiteral:
      return check_integer(t, node);
    case NodeKind::Identifier:
      return check_identifier(t, node);
    case NodeKind::Send:
      return check_send(t, node);
    case NodeKind::Error:
      return std::nullopt;
    default:
      not_supported(t, node, "this expression");
      return std::nullopt;
    }
  }

  std::optional<ExprId> check_integer(const parse::Tree& t, NodeId node) {
    std::string digits;
    for (char c : t.text(node)) {
      if (c != '_')
        digits += c;
    }
    int base = 10;
    size_t start = 0;
    bool negative = !digits.empty() && digits[0] == '-';
    if (negative)
      start = 1;
    if (digits.size() > start + 1 && digits[start] == '0' &&
        (digits[start + 1] == 'x' || digits[start + 1] == 'X')) {
      base = 16;
      start += 2;
    } else if (digits.size() > start + 1 && digits[start] == '0' &&
               (digits[start + 1] == 'b' || digits[start + 1] == 'B')) {
      base = 2;
      start += 2;
    }
    uint64_t magnitude = 0;
    auto [end, error] =
        std::from_chars(digits.data() + start, digits.data() + digits.size(), magnitude, base);
    // Small integers are tagged with one bit (abi.h), so they must fit 63 bits.
    if (error != std::errc() || magnitude > (uint64_t{1} << 62)) {
      not_supported(t, node, "integers outside -2^62 .. 2^62 - 1");
      return std::nullopt;
    }
    int64_t value = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    if (!negative && magnitude == (uint64_t{1} << 62)) {
      not_supported(t, node, "integers outside -2^62 .. 2^62 - 1");
      return std::nullopt;
    }
    Expr expr{ExprKind::IntegerLiteral, 0, builtin(BuiltinType::Integer), t.range(node)};
    expr.integer = value;
    return add_expr(expr);
  }

  std::optional<ExprId> check_identifier(const parse::Tree& t, NodeId node) {
    std::string name(t.text(node));
    for (LocalId local : current_params_) {
      if (program_.locals[local].name == name) {
        Expr expr{ExprKind::Local, 0, program_.locals[local].type, t.range(node)};
        expr.value = local;
        return add_expr(expr);
      }
    }
    auto& methods = method_names_[current_module_];
    if (auto found = methods.find(name); found != methods.end()) {
      return call_method(t, node, module_ref(current_module_, t.range(node)), found->second, {});
    }
    auto& globals = globals_[current_module_];
    if (auto found = globals.find(name); found != globals.end()) {
      return module_ref(found->second, t.range(node));
    }
    diagnostics_.report(DiagnosticKind::UndefinedMessage, t.token_range(node),
                        {names_[program_.modules[current_module_].type], name});
    return std::nullopt;
  }

  ExprId module_ref(ModuleId id, SourceRange range) {
    Expr expr{ExprKind::ModuleRef, 0, program_.modules[id].type, range};
    expr.value = id;
    return add_expr(expr);
  }

  std::optional<ExprId> check_send(const parse::Tree& t, NodeId node) {
    NodeId receiver_node = t.child(node, 0);
    if (!t.is_empty(t.child(node, 1))) {
      not_supported(t, t.child(node, 1), "explicit type arguments");
      return std::nullopt;
    }
    std::vector<NodeId> argument_nodes;
    for (uint32_t i = 2; i < t.child_count(node); ++i)
      argument_nodes.push_back(t.child(node, i));

    if (t.kind(receiver_node) == NodeKind::Constant && t.text(receiver_node) == "_INKOC") {
      return call_intrinsic(t, node, argument_nodes);
    }
    std::optional<ExprId> receiver;
    if (t.is_empty(receiver_node)) {
      receiver = module_ref(current_module_, t.token_range(node));
    } else {
      receiver = check_expr(t, receiver_node);
    }
    if (!receiver)
      return std::nullopt;
    TypeId receiver_type_id = program_.exprs[*receiver].type;
    const Type& receiver_type = program_.types[receiver_type_id];
    std::string name(t.text(node));
    if (receiver_type.kind == TypeKind::Module) {
      auto& methods = method_names_[receiver_type.id];
      if (auto found = methods.find(name); found != methods.end()) {
        return call_method(t, node, *receiver, found->second, argument_nodes);
      }
    }
    diagnostics_.report(DiagnosticKind::UndefinedMessage, t.token_range(node),
                        {names_[receiver_type_id], name});
    return std::nullopt;
  }

  std::optional<std::vector<ExprId>> check_arguments(const parse::Tree& t, NodeId send,
                                                     const std::vector<NodeId>& argument_nodes,
                                                     const std::vector<TypeId>& expected) {
    std::vector<ExprId> arguments;
    bool ok = true;
    for (NodeId argument : argument_nodes) {
      if (t.kind(argument) == NodeKind::KeywordArg) {
        not_supported(t, argument, "keyword arguments");
        ok = false;
        continue;
      }
      auto expr = check_expr(t, argument);
      if (!expr) {
        ok = false;
        continue;
      }
      if (arguments.size() < expected.size() &&
          !compatible(program_.exprs[*expr].type, expected[arguments.size()])) {
        diagnostics_.report(
            DiagnosticKind::TypeMismatch, t.range(argument),
            {names_[expected[arguments.size()]], names_[program_.exprs[*expr].type]});
        ok = false;
      }
      arguments.push_back(*expr);
    }
    if (ok && arguments.size() != expected.size()) {
      diagnostics_.report(DiagnosticKind::WrongArgumentCount, t.token_range(send),
                          {std::to_string(expected.size()), std::to_string(arguments.size())});
      ok = false;
    }
    if (!ok)
      return std::nullopt;
    return arguments;
  }

  std::optional<ExprId> call_method(const parse::Tree& t, NodeId node, ExprId receiver,
                                    MethodId method_id, const std::vector<NodeId>& argument_nodes) {
    std::vector<TypeId> expected;
    for (LocalId param : program_.methods[method_id].params) {
      expected.push_back(program_.locals[param].type);
    }
    auto arguments = check_arguments(t, node, argument_nodes, expected);
    if (!arguments)
      return std::nullopt;
    std::vector<ExprId> operands{receiver};
    operands.insert(operands.end(), arguments->begin(), arguments->end());
    Expr expr{ExprKind::CallMethod, 0, program_.methods[method_id].return_type, t.range(node)};
    expr.value = method_id;
    return add_expr(expr, operands);
  }

  std::optional<ExprId> call_intrinsic(const parse::Tree& t, NodeId node,
                                       const std::vector<NodeId>& argument_nodes) {
    std::string_view name = t.text(node);
    for (size_t i = 0; i < std::size(kIntrinsics); ++i) {
      const IntrinsicInfo& info = kIntrinsics[i];
      if (info.inko_name != name)
        continue;
      std::vector<TypeId> expected;
      for (std::string_view param : info.params)
        expected.push_back(builtin_named(param));
      auto arguments = check_arguments(t, node, argument_nodes, expected);
      if (!arguments)
        return std::nullopt;
      Expr expr{ExprKind::CallIntrinsic, 0, builtin_named(info.result), t.range(node)};
      expr.value = static_cast<uint32_t>(i);
      return add_expr(expr, *arguments);
    }
    diagnostics_.report(DiagnosticKind::UnknownIntrinsic, t.token_range(node), {name});
    return std::nullopt;
  }

  void not_supported(const parse::Tree& t, NodeId node, std::string_view what) {
    diagnostics_.report(DiagnosticKind::NotYetSupported, t.range(node), {what});
  }

  const modules::ModuleGraph& graph_;
  DiagnosticEngine& diagnostics_;
  Program program_;
  std::vector<Globals> globals_;
  std::vector<std::unordered_map<std::string, MethodId>> method_names_;
  ModuleId current_module_ = 0;
  std::vector<LocalId> current_params_;
  std::vector<std::string> names_; // by TypeId
};

} // namespace

const IntrinsicInfo& intrinsic_info(IntrinsicId id) {
  return kIntrinsics[static_cast<size_t>(id)];
}

Program check_program(const modules::ModuleGraph& graph, DiagnosticEngine& diagnostics) {
  return Checker(graph, diagnostics).run();
}

} // namespace inko::check
