// The checked program: the checker's output and the input of MIR lowering
// and code generation. Every expression has a type, every name is resolved
// to a local, attribute slot, constant, object, trait or module, and every
// send is bound to one method (static dispatch), to a message name (dynamic
// dispatch), to a block call or to a runtime intrinsic. Keyword, default and
// rest arguments are already matched to a positional argument list.
//
// All data lives in arrays indexed by typed ids; "kNo..." marks an absent id.
// The Program is only meaningful when the checker reported no errors.
//
// Reading guide for code generation:
//   * Program::init_order lists the modules to initialise; Module::body is the
//     method holding the module's top-level code.
//   * Program::methods holds every block of code: methods, module bodies,
//     closures and lambdas (Method::kind), and generated `new` methods.
//   * Object::methods is the final method table of an object (own methods,
//     reopened methods, trait default methods copied in). A lookup that misses
//     continues in the prototype: every object's prototype is `Object`
//     (Program::builtins.object) and `Object`'s is none.
//   * Types are erased at run time (L86); codegen needs them only to pick a
//     representation (Integer, Float, ...) or to know a value is a block.
#pragma once

#include "base/source.h"
#include "modules/module_graph.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inko::check {

using modules::ModuleId;
using TypeId = uint32_t;
using ObjectId = uint32_t;
using TraitId = uint32_t;
using TypeParamId = uint32_t;
using MethodId = uint32_t;
using ExprId = uint32_t;
using LocalId = uint32_t;
using ConstantId = uint32_t;
using SelectorId = uint32_t; // index into Program::selectors (message names)
using StringId = uint32_t;   // index into Program::strings
using InferId = uint32_t;    // index into Program::inferred

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr TypeId kNoType = kNone;
inline constexpr MethodId kNoMethod = kNone;
inline constexpr ExprId kNoExpr = kNone;
inline constexpr LocalId kNoLocal = kNone;
inline constexpr ObjectId kNoObject = kNone;

enum class IntrinsicId : uint16_t {
#define INTRINSIC(name, inko_name, symbol, result, ...) name,
#include "check/intrinsics.def"
  Count
};

// ---------------------------------------------------------------------------
// Types (LANGUAGE L83). Types are interned: two structurally equal types have
// the same TypeId (except Infer variables, which are unique).

enum class TypeKind : uint8_t {
  Error,     // the type of an expression that had an error; accepted everywhere
  Never,     // L90: return, throw, `-> Never` calls
  Any,       // L58: the trait every value implements
  SelfType,  // `Self` in a signature; replaced by the receiver's type at a send
  Object,    // an instance of `id` (ObjectId) with type arguments `args`
  Trait,     // a value implementing trait `id` (TraitId) with type arguments `args`
  Meta,      // the prototype itself: the value of the constant `Foo`; `id` is
             // an ObjectId (or a TraitId when `is_trait`); `args` as in Object
  Module,    // a module object; `id` is the ModuleId
  TypeParam, // a type parameter `id` (TypeParamId), erased at run time
  Optional,  // `?inner`
  Block,     // `do`/`lambda`/method signature: see BlockKind, args = params;
             // `id` is the MethodId of the literal whose type this is (its
             // parameter names serve keyword arguments, L64), else kNone
  Infer,     // an unbound type argument (L85), `id` is an InferId; follow
             // Program::inferred[id] once bound
};

enum class BlockKind : uint8_t { Closure, Lambda, Method };

struct Type {
  TypeKind kind = TypeKind::Error;
  BlockKind block = BlockKind::Closure; // Block only
  bool is_trait = false;                // Meta only
  bool rest = false;                    // Block: the last param is a rest param
  uint32_t id = kNone;                  // see TypeKind
  TypeId inner = kNoType;               // Optional
  // Object/Trait/Meta: the type arguments in the order of the definition's
  // type parameters. Block: the parameter types. Into Program::type_lists.
  uint32_t args_begin = 0;
  uint32_t args_count = 0;
  TypeId throw_type = kNoType;  // Block: kNoType when it throws nothing
  TypeId return_type = kNoType; // Block: kNoType when not given (accepts any)
};

struct TypeParam {
  std::string name;
  std::vector<TypeId> bounds; // Trait types (L86)
  // Whose parameter this is; exactly one is set.
  ObjectId object = kNoObject;
  TraitId trait = kNone;
  MethodId method = kNoMethod; // method, closure or lambda type parameter
  uint32_t index = 0;          // position in the owner's parameter list
  SourceRange range;
};

// ---------------------------------------------------------------------------
// Definitions.

struct Attribute {
  std::string name; // with the '@'
  TypeId type;
  SourceRange range;
  // The slot in the instance, 0-based, in declaration order. Built-in
  // objects have no declared attributes.
  uint32_t slot;
};

// Which built-in object an Object is, for codegen's value representation.
enum class BuiltinObject : uint8_t {
  None, // a user-defined (or std-defined) object
  Object,
  Trait,
  Boolean,
  NilType,
  Integer,
  Float,
  String,
  Array,
  ByteArray,
  Block,
  Module,
};

struct Object {
  std::string name;
  ModuleId module; // where it was defined (core::bootstrap for built-ins)
  BuiltinObject builtin = BuiltinObject::None;
  std::vector<TypeParamId> type_params;
  std::vector<Attribute> attributes; // slot = index
  std::vector<TypeId> traits;        // implemented trait instances (Trait types)
  std::vector<MethodId> methods;     // instance method table (see file comment)
  std::vector<MethodId> static_methods;
  TypeId instance_type; // `Foo!(T, ...)` over its own type parameters
  TypeId meta_type;     // the type of the constant `Foo`
  MethodId init = kNoMethod;
  MethodId new_method = kNoMethod; // generated (Method::kind GeneratedNew) or own
  SourceRange range;
};

struct Trait {
  std::string name;
  ModuleId module;
  std::vector<TypeParamId> type_params;
  std::vector<TypeId> requirements; // required traits (Trait types), L56
  // Required (Method::kind Required) and default methods, in source order.
  std::vector<MethodId> methods;
  std::vector<MethodId> static_methods;
  TypeId instance_type; // `Tr!(T, ...)` over its own type parameters
  SourceRange range;
};

// A module-level `let CONST = value` (L45), or a built-in constant.
struct Constant {
  std::string name;
  ModuleId module;
  TypeId type;
  // The ConstantDefine expression in the module body (kNoExpr for built-in
  // constants such as True, which codegen materialises itself).
  ExprId define = kNoExpr;
  SourceRange range;
};

enum class MethodKind : uint8_t {
  Instance,     // `def` in an object, reopen or impl; or a trait default
  Static,       // `static def` (self is the prototype)
  Required,     // a trait's method without a body (never called directly)
  ModuleMethod, // `def` at module top level; self is the module
  ModuleBody,   // a module's top-level code; no params, returns nothing
  Closure,      // `do`/`{}` literal (a `try ... else` handler is inline code)
  Lambda,       // `lambda` literal (or `{}` passed where a lambda is expected)
  GeneratedNew, // L51: allocate an instance of `owner_object`, call `init`
                // (Method::init) with the same arguments, return the instance.
                // body is empty; codegen generates it.
};

struct WhereBound {
  TypeParamId param;
  std::vector<TypeId> bounds;
};

struct Method {
  std::string name; // "+", "[]=", "x=", "<block>", "<lambda>", "<module>"
  ModuleId module;  // the module whose source contains it
  MethodKind kind = MethodKind::Instance;
  bool is_module_body = false; // kind == ModuleBody (kept for existing readers)
  // Exactly one owner for methods: the object, trait or module it belongs
  // to. A trait default copied into an object keeps `owner_trait`.
  ObjectId owner_object = kNoObject;
  TraitId owner_trait = kNone;
  ModuleId owner_module = modules::kNoModule;

  // The parameter locals in order (Local::is_param); see Local for their
  // defaults and rest flag.
  std::vector<LocalId> params;
  std::vector<TypeParamId> type_params;
  std::vector<WhereBound> where; // L86
  TypeId self_type = kNoType;    // the type of `self` inside
  TypeId throw_type = kNoType;   // kNoType: throws nothing
  TypeId return_type = kNoType;  // Nil for methods without `->`
  TypeId type = kNoType;         // as a Block type (closures: the literal's type)
  MethodId init = kNoMethod;     // GeneratedNew: the `init` it calls

  std::vector<ExprId> body;    // the value of the last one is the result
                               // (methods without `->` return Nil, L67)
  std::vector<LocalId> locals; // every local declared in this block, params first

  // Closures and lambdas.
  MethodId enclosing = kNoMethod; // the block the literal is written in
  MethodId home = kNoMethod;      // the method a non-local `return` leaves (L92)
  std::vector<LocalId> captures;  // enclosing locals used (by reference, L61)
  bool captures_self = false;     // uses `self` (or an attribute) of the enclosing block

  SourceRange range;
};

struct Local {
  std::string name;
  TypeId type;                // for a rest parameter `*x: T` this is Array!(T)
  MethodId owner = kNoMethod; // the block (method/closure/lambda/module body) declaring it
  bool is_mutable = false;
  bool is_param = false;
  bool is_rest = false;           // `*name` parameter (L63)
  ExprId default_value = kNoExpr; // a parameter's default (L63), typed in the callee's scope
  // Used by a closure nested in `owner`: codegen must keep the local in a
  // heap cell shared with the closure (L61).
  bool captured = false;
  SourceRange range;
};

// ---------------------------------------------------------------------------
// Typed expressions. An Expr has a kind, a type, a source range, two
// kind-specific values (`value`, `value2`), a literal payload and a run of
// operands in Program::operands. Operands are evaluated in order unless
// stated otherwise.

enum class ExprKind : uint8_t {
  // Literals.
  IntegerLiteral,    // integer: the value (fits in int64)
  BigIntegerLiteral, // value: StringId of the decimal text ("-" sign if negative)
  FloatLiteral,      // real: the value
  StringLiteral,     // value: StringId (interned: one object per literal, L102)
  TemplateString,    // operands: String-typed parts to concatenate, in order
                     // (non-String parts are already `to_string` sends, L13)
  True,              // the `True` object
  False,             // the `False` object
  Nil,               // the `Nil` object

  // Names.
  SelfRef,        // `self` (in a closure: the captured self)
  Local,          // value: LocalId
  LocalSet,       // value: LocalId; operands: [new value]; result: the value
  Let,            // value: LocalId (a new local); operands: [value]; result: the value
  AttributeGet,   // value: slot; value2: ObjectId; reads self's slot
  AttributeSet,   // value: slot; value2: ObjectId; operands: [value]; result: value
  ConstantRef,    // value: ConstantId (module constants, imported constants)
  ConstantDefine, // value: ConstantId; operands: [value] (module body only)
  ObjectRef,      // value: ObjectId: the prototype (type Meta)
  TraitRef,       // value: TraitId: the trait object (type Meta, is_trait)
  ModuleRef,      // value: ModuleId: the module object

  // Sends (L70). operands: [receiver, arguments...]; the arguments are one per
  // parameter of the bound method, in parameter order (see DefaultArgument,
  // RestArguments). Keyword arguments are placed at their parameter's
  // position. TODO: when keywords are given out of parameter order the
  // checker should hoist them into Let temporaries so that evaluation stays
  // in source order (L70); today they are evaluated in parameter order.
  CallMethod,      // value: MethodId: static dispatch (the receiver's object is
                   // known and its final method table holds this method)
  CallDynamic,     // value: SelectorId; value2: the MethodId used for typing.
                   // Look the message up at run time through the receiver's
                   // prototype chain (trait/type-parameter/Object/Self receivers).
                   // flags kNilableReceiver: the receiver is `?T` (L89): when it
                   // is Nil, NilType's method runs, or NilType.unknown_message
                   // returns Nil.
  CallBlock,       // `b.call(args)` (L68); operands: [block, arguments...] in the
                   // block type's parameter order (rest packed)
  CallIntrinsic,   // value: IntrinsicId; operands: arguments
  DefaultArgument, // value: the parameter index. The caller passes "absent"
                   // (the word 0, never a valid value); the callee evaluates
                   // Local::default_value in its own scope (L63).
  RestArguments,   // operands: the surplus positional arguments; type Array!(T):
                   // codegen builds the array at the call site

  // Blocks and control flow.
  Block,      // value: MethodId of the closure/lambda; creates the block value
              // (capturing Method::captures and self)
  Sequence,   // operands: expressions; the value of the last (Nil if empty)
  Return,     // operands: [value] or none (Nil); flags kNonLocalReturn when
              // written in a closure: returns from Method::home (value2)
  Throw,      // operands: [value]; unwinds to the nearest covering `try`
  TryRethrow, // `try x` (L94): operands [x]; on error re-throw it
  TryElse,    // operands [x, handler]; value: LocalId bound to the error or
              // kNoLocal; the handler is a Sequence run inline when x throws
  TryPanic,   // `try! x`: operands [x]; on error panic with err.to_string
  Cast,       // `x as T` (L87): operands [x]; no run-time effect
  Deref,      // `x!` (L88): operands [x]; no run-time effect
  Match,      // [EXT] L97: value: LocalId of the `let` binding or kNoLocal;
              // operands: [subject or kNoExpr-marker Nil, MatchArm...];
              // flags kHasElse: the last operand is the else Sequence
  MatchArm,   // value: kind (MatchPatternKind); value2: pattern count;
              // operands: [patterns..., guard (flags kHasGuard), body Sequence].
              // Expression patterns are `=~` sends with the subject as
              // argument; a type pattern has no operands for its pattern and
              // value2 = ObjectId/TraitId (flags kTraitPattern)
};

enum ExprFlags : uint8_t {
  kNilableReceiver = 1,
  kNonLocalReturn = 2,
  kHasElse = 4,
  kHasGuard = 8,
  kTraitPattern = 16,
};

enum class MatchPatternKind : uint8_t { Expressions, Type, Condition };

struct Expr {
  ExprKind kind;
  uint8_t flags = 0;
  TypeId type;
  SourceRange range;
  uint32_t value = 0;
  uint32_t value2 = 0;
  int64_t integer = 0; // IntegerLiteral
  double real = 0;     // FloatLiteral
  uint32_t operands_begin = 0;
  uint32_t operands_count = 0;
};

// A module: an object of type Module (L44) with methods and constants.
struct Module {
  std::string name;
  TypeId type;
  MethodId body = kNoMethod;
  std::vector<MethodId> methods; // module methods, incl. `impl T for ThisModule`
  std::vector<TypeId> traits;    // traits implemented by the module itself
  std::vector<ConstantId> constants;
  std::vector<ObjectId> objects;
  std::vector<TraitId> traits_defined;
};

// The ObjectIds of the built-in objects (core::bootstrap, L43), for codegen.
struct Builtins {
  ObjectId object = kNoObject, trait = kNoObject, boolean = kNoObject, nil = kNoObject,
           integer = kNoObject, float_ = kNoObject, string = kNoObject, array = kNoObject,
           byte_array = kNoObject, block = kNoObject, module = kNoObject;
};

struct Program {
  std::vector<Type> types;
  std::vector<TypeId> type_lists;           // Type::args_begin/args_count runs
  std::vector<TypeId> inferred;             // by InferId: kNoType until bound (L85)
  std::vector<TypeParamId> inferred_params; // by InferId: the parameter it stands for
  std::vector<TypeParam> type_params;
  std::vector<Object> objects;
  std::vector<Trait> traits;
  std::vector<Constant> constants;
  std::vector<Module> modules; // indexed by ModuleId, as in the ModuleGraph
  std::vector<Method> methods;
  std::vector<Expr> exprs;
  std::vector<ExprId> operands;
  std::vector<Local> locals;
  std::vector<std::string> strings;
  std::vector<std::string> selectors;
  std::vector<ModuleId> init_order; // dependencies first, main last
  ModuleId main = modules::kNoModule;
  Builtins builtins;

  ExprId operand(const Expr& expr, uint32_t index) const {
    return operands[expr.operands_begin + index];
  }
  TypeId type_arg(const Type& type, uint32_t index) const {
    return type_lists[type.args_begin + index];
  }
  // Follows bound Infer variables.
  TypeId resolve(TypeId type) const {
    while (type != kNoType && types[type].kind == TypeKind::Infer &&
           inferred[types[type].id] != kNoType)
      type = inferred[types[type].id];
    return type;
  }
};

// The type as a user writes it: `Array!(Integer)`, `?String`,
// `do (Integer) !! String -> Boolean`.
// The type of an erroneous expression is spelled kErrorTypeName; no
// diagnostic shows it (Checker::error drops such cascades).
std::string type_name(const Program& program, TypeId type);
inline constexpr std::string_view kErrorTypeName = "<error>";

// ---------------------------------------------------------------------------
// Runtime intrinsics (check/intrinsics.def): `_INKOC.name(args)`.

struct IntrinsicInfo {
  std::string_view inko_name;
  std::string_view symbol;
  // Types written in Inko syntax, resolved in core::bootstrap's scope.
  std::string_view result;
  std::vector<std::string_view> params;
};

const IntrinsicInfo& intrinsic_info(IntrinsicId id);

} // namespace inko::check
