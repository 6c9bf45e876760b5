// The checker's private state, shared by the files of check/. Each file
// implements one mechanism:
//   types.cpp       interning, names, substitution and compatibility (L84)
//   declare.cpp     objects, traits, impls, signatures, imports (§3, §4)
//   resolve.cpp     type annotations and name lookup (L71, L72)
//   expressions.cpp literals, locals, attributes, let/assign, casts (§6, §7)
//   sends.cpp       method lookup, argument matching, inference (L64, L85, L89)
//   blocks.cpp      method bodies, closures, lambdas, return/throw/try (§5, §8)
#pragma once

#include "check/checker.h"
#include "parse/tree.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace inko::check {

using parse::NodeId;
using parse::NodeKind;

// What a global name of a module refers to.
enum class SymbolKind : uint8_t { Object, Trait, Constant, Module, True, False, Nil };

struct Symbol {
  SymbolKind kind;
  uint32_t id = 0;
};

using MethodTable = std::unordered_map<std::string, MethodId>;

// A type parameter binding: receiver and method type arguments at a send.
struct Bindings {
  std::vector<std::pair<TypeParamId, TypeId>> params;
  TypeId self = kNoType; // what `Self` stands for

  TypeId find(TypeParamId param) const {
    for (auto& [p, t] : params) {
      if (p == param)
        return t;
    }
    return kNoType;
  }
};

// A parameter list as argument matching sees it.
struct Signature {
  std::vector<std::string_view> names; // empty names for block types
  std::vector<TypeId> types;           // the element type for a rest parameter
  std::vector<bool> has_default;
  bool rest = false;
};

// The locals of one lexical scope in declaration order. A scope only grows
// until it is popped, so a big one (a generated method with thousands of
// `let`s) gets a name index, extended lazily by `find`: looking names up in
// it no longer scans it, which made checking such a method quadratic.
class Scope : public std::vector<LocalId> {
public:
  using std::vector<LocalId>::vector;
  Scope(std::vector<LocalId> locals) : std::vector<LocalId>(std::move(locals)) {}
  // The latest local of this scope named `name`, or kNoLocal.
  LocalId find(std::string_view name, const std::vector<Local>& locals) const;

private:
  static constexpr size_t kIndexFrom = 32; // smaller scopes are scanned
  mutable std::unordered_map<std::string, LocalId> index_;
  mutable size_t indexed_ = 0; // entries [0, indexed_) are in index_
};

// The block (method, closure, lambda, module body) whose body is being
// checked, with its lexical scopes.
struct Frame {
  MethodId method = kNoMethod;
  MethodKind kind = MethodKind::Instance;
  Frame* parent = nullptr; // the enclosing frame of a closure or lambda
  TypeId self_type = kNoType;
  ObjectId self_object = kNoObject; // attributes are available (instance methods)
  TypeId throw_type = kNoType;      // declared or inferred
  bool throw_declared = false;
  bool throws = false;          // a throw or re-throwing try was seen
  TypeId return_type = kNoType; // declared; kNoType: inferred (closures)
  bool infer_return = false;
  std::vector<Scope> scopes;
  std::vector<TypeParamId> type_params;
};

struct ModuleState {
  std::unordered_map<std::string, Symbol> globals; // everything visible by name
  std::unordered_map<std::string, Symbol> exports; // defined at its top level
  std::unordered_set<std::string> imported;        // bound by an import
  // `let NAME = value` constants that are no object alias: declared when
  // the body is checked, after impls, which must not call them undefined.
  std::unordered_set<std::string> value_constants;
  MethodTable methods; // module methods
  ModuleId id = 0;
};

class Checker {
public:
  Checker(const modules::ModuleGraph& graph, DiagnosticEngine& diagnostics)
      : graph_(graph), diagnostics_(diagnostics) {}

  Program run();

  // ---- types.cpp
  TypeId intern(Type type, std::span<const TypeId> args = {});
  TypeId object_type(ObjectId object, std::span<const TypeId> args = {});
  TypeId trait_type(TraitId trait, std::span<const TypeId> args = {});
  TypeId meta_type(uint32_t id, bool is_trait, std::span<const TypeId> args = {});
  TypeId optional(TypeId inner);
  TypeId param_type(TypeParamId param);
  // `literal`: the block literal whose parameter names keyword arguments
  // of `call` may use (L64); kNoMethod for a type written as a signature.
  TypeId block_type(BlockKind kind, std::span<const TypeId> params, bool rest, TypeId throw_type,
                    TypeId return_type, MethodId literal = kNoMethod);
  TypeId new_infer(TypeParamId param);
  std::vector<TypeId> args_of(TypeId type) const;
  const Type& ty(TypeId id) const { return program_.types[id]; }
  TypeId resolve(TypeId type) const { return program_.resolve(type); }
  std::string name_of(TypeId type) const { return type_name(program_, type); }
  TypeId subst(TypeId type, const Bindings& bindings);
  bool compatible(TypeId given, TypeId expected);
  bool widen_inferred_result(TypeId given, TypeId expected_block);
  bool mentions_infer(TypeId type, InferId infer) const;
  bool reaches_infer(TypeId type, InferId infer) const;
  TypeId instance_of_prototype(TypeId type) const;
  bool implements(TypeId given, TypeId trait);
  bool object_implements(ObjectId object, TraitId trait, std::span<const TypeId> object_args,
                         std::vector<TypeId>* trait_args = nullptr);
  bool trait_requires(TraitId trait, TraitId required);
  bool is_nil(TypeId type) const;
  bool is_error(TypeId type) const { return ty(resolve(type)).kind == TypeKind::Error; }
  bool is_never(TypeId type) const { return ty(resolve(type)).kind == TypeKind::Never; }
  bool satisfies_bounds(TypeId given, TypeParamId param);
  bool signature_compatible(MethodId given, Bindings given_bindings, MethodId expected,
                            const Bindings& expected_bindings);
  // The instance-level Bindings of a receiver: its object's or trait's type
  // parameters mapped to its type arguments.
  Bindings receiver_bindings(TypeId receiver);

  // ---- declare.cpp
  void create_builtins();
  void declare_module(ModuleId id);
  void declare_names(ModuleId id);
  void declare_items(ModuleId id);
  void declare_object(ModuleId id, ObjectId object, NodeId node);
  void declare_trait(ModuleId id, TraitId trait, NodeId node);
  void check_required_defaults(ModuleId id, MethodId method, NodeId node);
  void inherit_required_defaults(MethodId implementation, MethodId required);
  void declare_impl(ModuleId id, NodeId node);
  TypeId resolve_impl_trait(NodeId node);
  void declare_reopen(ModuleId id, NodeId node);
  MethodId declare_method(ModuleId id, NodeId node, MethodKind kind, ObjectId object, TraitId trait,
                          TypeId self_type);
  void declare_params(Method& method, NodeId params, bool is_block);
  void declare_type_params(std::vector<TypeParamId>& out, NodeId node, ObjectId object,
                           TraitId trait, MethodId method);
  void create_type_params(std::vector<TypeParamId>& out, NodeId node, ObjectId object,
                          TraitId trait, MethodId method);
  void resolve_type_param_bounds(const std::vector<TypeParamId>& params, NodeId node);
  void add_method(MethodTable& table, std::vector<MethodId>& list, MethodId method);
  // New objects and traits, with the method tables indexed by their ids.
  ObjectId add_object(std::string name, ModuleId module, SourceRange range = {});
  TraitId add_trait(std::string name, ModuleId module, SourceRange range);
  void generate_new(ObjectId object);
  void implement_trait(ObjectId object, TypeId trait, NodeId node, std::span<const NodeId> items,
                       ModuleId module);
  void bind_import(ModuleId id, NodeId import, ModuleId target);
  void bind_global(ModuleId id, const std::string& name, Symbol symbol, SourceRange range,
                   bool exported);

  // ---- resolve.cpp
  TypeId resolve_type(NodeId node, bool allow_bare_generic = false);
  TypeId resolve_type_name(NodeId node, bool allow_bare_generic);
  const Symbol* find_global(std::string_view name) const;
  TypeParamId find_type_param(std::string_view name) const;
  MethodId find_method(TypeId receiver, std::string_view name, bool* is_static_receiver = nullptr);
  MethodId find_in_object(ObjectId object, std::string_view name, bool meta);
  MethodId find_in_trait(TraitId trait, std::string_view name);

  // ---- expressions.cpp
  ExprId check_expr(NodeId node, TypeId expected = kNoType);
  ExprId check_body(NodeId body, std::vector<ExprId>& out);
  ExprId add_expr(ExprKind kind, TypeId type, SourceRange range, uint32_t value = 0,
                  std::span<const ExprId> operands = {});
  ExprId error_expr(SourceRange range);
  ExprId check_integer(NodeId node);
  ExprId check_float(NodeId node);
  ExprId check_identifier(NodeId node);
  ExprId check_constant(NodeId node);
  ExprId check_global_ref(NodeId node);
  ExprId symbol_expr(const Symbol& symbol, SourceRange range);
  ExprId check_let(NodeId node);
  ExprId check_assign(NodeId node);
  ExprId check_attribute(NodeId node);
  ExprId check_cast(NodeId node);
  ExprId check_deref(NodeId node);
  ExprId check_template(NodeId node);
  ExprId check_match(NodeId node, TypeId expected);
  LocalId find_local(std::string_view name, bool capture);
  LocalId declare_local(std::string name, TypeId type, bool is_mutable, SourceRange range);
  void require_compatible(TypeId given, TypeId expected, SourceRange range);
  std::string_view text(NodeId node) const { return tree().text(node); }
  SourceRange range(NodeId node) const { return tree().range(node); }
  SourceRange token_range(NodeId node) const { return tree().token_range(node); }

  // ---- sends.cpp
  ExprId check_send(NodeId node, TypeId expected);
  ExprId check_binary(NodeId node);
  ExprId check_index(NodeId node);
  ExprId send_message(NodeId node, std::string_view name, ExprId receiver,
                      std::span<const NodeId> arguments, NodeId type_args, TypeId expected,
                      bool self_send);
  ExprId bind_send(NodeId node, std::string_view name, ExprId receiver, TypeId receiver_type,
                   MethodId method, std::span<const NodeId> arguments, NodeId type_args,
                   bool nilable);
  // A send bound to no method: after an error, or to unknown_message (L59),
  // which takes only the positional arguments (`drop_keywords`).
  ExprId unknown_send(NodeId node, std::string_view name, ExprId receiver, TypeId result,
                      std::span<const NodeId> arguments, bool drop_keywords = false);
  TypeId parse_intrinsic_type(std::string_view text);
  // `block_type`: the block type of an optional receiver (L89).
  ExprId call_block(NodeId node, ExprId receiver, std::span<const NodeId> arguments,
                    TypeId block_type = kNoType);
  ExprId call_intrinsic(NodeId node, std::span<const NodeId> arguments);
  bool match_arguments(NodeId node, const Signature& signature, std::span<const NodeId> arguments,
                       Bindings& bindings, std::vector<ExprId>& out, MethodId method);
  ExprId check_argument(NodeId node, TypeId expected, Bindings& bindings);
  bool is_plain_block(TypeId type) const;
  ExprId as_any_block(ExprId value);
  Signature signature_of(MethodId method);
  bool responds(TypeId receiver, std::string_view name);
  void rebind_static_sends();
  std::optional<std::vector<ExprId>> arguments_for(const Expr& send, const Method& bound,
                                                   const Method& replacement);
  void require_try(TypeId throw_type, SourceRange range, bool covered);
  NodeId cover_receiver(NodeId node, NodeId receiver_node);
  bool binds_object_params(const Type& receiver, const Method& method,
                           std::span<const TypeId> explicit_args, Bindings& bindings,
                           SourceRange where);

  // ---- blocks.cpp
  void check_method_body(MethodId method);
  void check_deferred_defaults(MethodId method, Frame& frame);
  void check_module_body(ModuleId id);
  ExprId check_block_literal(NodeId node, TypeId expected);
  ExprId check_return(NodeId node);
  ExprId check_throw(NodeId node);
  ExprId check_try(NodeId node, TypeId expected);
  ExprId check_try_bang(NodeId node);
  ExprId check_tried(NodeId node, TypeId expected, TypeId& throw_type);
  void note_throw(TypeId type, SourceRange range, bool from_try);
  Frame* method_frame();

  // ---- shared state
  const parse::Tree& tree() const { return graph_[module_].tree; }
  const parse::Tree& tree_of(ModuleId id) const { return graph_[id].tree; }
  // An error type only arises after an error was reported, so a diagnostic
  // that would name it is a cascade of that error: it is left out.
  // True when reported, so that a hint follows only a shown error.
  bool error(DiagnosticKind kind, SourceRange range, std::initializer_list<std::string_view> args) {
    for (std::string_view arg : args) {
      if (arg.find(kErrorTypeName) != std::string_view::npos && diagnostics_.has_errors())
        return false;
    }
    diagnostics_.report(kind, range, args);
    return true;
  }

  // ---- hints.cpp: notes after an error that say how to fix it
  void hint_message(TypeId receiver, std::string_view name); // receiver kNoType: no receiver
  void hint_constant(std::string_view name);
  bool hint_constant_path(NodeId node);
  void hint_keyword(const Signature& signature, std::string_view name);
  void hint_signature(const Signature& signature, MethodId method);
  std::vector<std::string> messages_of(TypeId receiver);
  std::vector<std::string> names_in_scope();
  StringId intern_string(std::string_view text);
  SelectorId selector(std::string_view name);

  const modules::ModuleGraph& graph_;
  DiagnosticEngine& diagnostics_;
  Program program_;
  std::vector<ModuleState> modules_;
  std::vector<MethodTable> object_methods_; // by ObjectId: instance methods
  std::vector<MethodTable> object_static_;  // by ObjectId: static methods
  std::vector<MethodTable> trait_methods_;  // by TraitId
  std::vector<MethodTable> trait_static_;
  std::vector<MethodId> pending_bodies_;                  // methods of the current module
  std::vector<std::pair<ObjectId, NodeId>> object_nodes_; // of the current module
  std::vector<std::pair<TraitId, NodeId>> trait_nodes_;
  // `let Alias = Object` nodes, as (module << 32) | node: node ids are
  // per file, so the module is part of the key.
  std::unordered_set<uint64_t> aliases_;
  // Sends bound statically to a method of `object` (its static methods when
  // `meta`), re-examined once every module is declared.
  struct StaticSend {
    ExprId expr;
    ObjectId object;
    bool meta;
  };
  std::vector<StaticSend> static_sends_;
  // (type argument, parameter) bound violations the type annotation of the
  // `let` being checked reported.
  std::vector<std::pair<TypeId, TypeParamId>> annotation_bound_errors_;
  // Bound checks under way: a bound that mentions its own parameter
  // (`T: Compare!(T)`) checks `given: T` again while checking it, which is
  // then assumed to hold.
  std::vector<std::pair<TypeId, TypeParamId>> bounds_in_progress_;
  // Defaults of typed method parameters, checked with the method's body:
  // (parameter index, default expression node).
  std::unordered_map<MethodId, std::vector<std::pair<uint32_t, NodeId>>> deferred_defaults_;
  static uint64_t alias_key(ModuleId module, NodeId node) {
    return (static_cast<uint64_t>(module) << 32) | node;
  }
  std::unordered_map<std::string, TypeId> type_index_;
  std::unordered_map<std::string, StringId> string_index_;
  std::unordered_map<std::string, SelectorId> selector_index_;
  std::vector<NodeId> method_node_; // by MethodId: its MethodDef node (or 0)
  std::vector<TypeParamId> type_scope_;
  // While declaring an object's methods (its body, reopenings, impls): its
  // instance type, which `Self` in their signatures stands for (L90).
  TypeId declaring_self_ = kNoType;
  ModuleId module_ = 0;
  ModuleId bootstrap_ = modules::kNoModule;
  ModuleId prelude_ = modules::kNoModule;
  bool prelude_done_ = false;
  Frame* frame_ = nullptr;
  TraitId unknown_message_trait_ = kNone; // std::unknown_message::UnknownMessage
  TraitId optional_trait_ = kNone;        // std::marker::Optional
  TraitId to_string_trait_ = kNone;       // std::conversion::ToString (L13)
  // The send a `try` covers (L94) and the throw type it found there.
  NodeId tried_node_ = kNone;
  TypeId tried_throw_ = kNoType;
  // The `try` whose tried expression is a `match` being checked (L94: its
  // arms' sends need their own `try`), for the note on a missing one.
  NodeId try_over_match_ = kNone;

  // Common types.
  TypeId error_ = 0, never_ = 0, any_ = 0, self_ = 0, nil_ = 0, boolean_ = 0, integer_ = 0,
         float_ = 0, string_ = 0, object_ = 0;
};

} // namespace inko::check
