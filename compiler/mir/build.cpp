#include "mir/build.h"

#include "mir/program_state.h"
#include "mir/reachability.h"
#include "mir/receiver_guards.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace inko::mir {
namespace {

using check::ExprId;
using check::ExprKind;
using check::LocalId;
using check::MethodId;
using check::MethodKind;

// Where a local lives while its function runs.
struct LocalSlot {
  RegisterId reg = kNone;      // its register, or the register holding its cell
  bool in_cell = false;        // captured by a closure: reg holds a cell (L61)
  uint32_t block_cell = kNone; // a capture of this closure: cell index in the block
};

// The try handler calls in the expression being lowered report to.
struct Handler {
  BlockId block;
  RegisterId error;
};

class FunctionBuilder {
public:
  FunctionBuilder(const check::Program& checked, ProgramBuilderState& state, Function& function,
                  MethodId method_id)
      : checked_(checked), state_(state), function_(function), method_id_(method_id),
        method_(checked.methods[method_id]) {}

  void build() {
    find_cell_locals();
    function_.is_block = method_.kind == MethodKind::Closure || method_.kind == MethodKind::Lambda;
    function_.registers.push_back({function_.is_block ? "block" : "self"});
    for (LocalId param : method_.params) {
      RegisterId reg = new_register(checked_.locals[param].name);
      locals_[param] = {reg, false, kNone};
    }
    function_.param_count = static_cast<uint32_t>(method_.params.size());
    for (LocalId param : method_.params) {
      const check::Local& local = checked_.locals[param];
      if (local.default_value == check::kNoExpr && !local.is_rest)
        ++function_.required_params;
    }
    // Cells arrive in the order make_block stores them: the transitive
    // captures (ProgramBuilderState::captures).
    const std::vector<LocalId>& captures = state_.captures[method_id_];
    for (uint32_t i = 0; i < captures.size(); ++i) {
      locals_[captures[i]] = {kNone, true, i};
    }

    BlockId entry = new_block();
    current_ = entry;
    // Self tail calls jump back here (L69), so parameters are re-wrapped
    // and defaults re-evaluated exactly as on entry.
    loop_header_ = new_block();
    goto_block(loop_header_, false);
    current_ = loop_header_;
    prologue();

    if (method_.kind == MethodKind::GeneratedNew) {
      build_generated_new();
      return;
    }

    RegisterId result = lower_body(method_.body, /*tail=*/true);
    if (current_ == kNone)
      return;
    if (result == kNone || method_.kind == MethodKind::ModuleBody || returns_nil_by_signature()) {
      result = singleton(Singleton::Nil, method_.range);
    }
    terminate_return(result, method_.range);
  }

private:
  // ---- Registers, blocks, instructions -----------------------------------

  RegisterId new_register(std::string name = {}) {
    function_.registers.push_back({std::move(name)});
    return static_cast<RegisterId>(function_.registers.size() - 1);
  }

  BlockId new_block() {
    function_.blocks.emplace_back();
    return static_cast<BlockId>(function_.blocks.size() - 1);
  }

  // Code after `return`, `throw` or a Never-typed call is unreachable; it
  // goes into a fresh block that nothing jumps to.
  void ensure_current() {
    if (current_ == kNone)
      current_ = new_block();
  }

  // An operand that diverged (`return`, `throw` or a Never-typed call used
  // as a value: `f(return 1)`, `(throw e) + 1`) has no register. The code
  // that would use it is unreachable, but it is still built and lowered,
  // so it reads a Nil made in the same dead block instead.
  RegisterId operand_value(RegisterId value, SourceRange location) {
    if (value != kNone)
      return value;
    Instruction nil{};
    nil.op = Opcode::Singleton;
    nil.index = static_cast<uint32_t>(Singleton::Nil);
    nil.location = location;
    return emit(nil);
  }

  RegisterId emit(Instruction instruction, std::vector<RegisterId> arguments = {}) {
    ensure_current();
    for (RegisterId& argument : arguments)
      argument = operand_value(argument, instruction.location);
    if (instruction.dst == kNone)
      instruction.dst = new_register();
    instruction.args_begin = static_cast<uint32_t>(function_.arguments.size());
    instruction.args_count = static_cast<uint32_t>(arguments.size());
    function_.arguments.insert(function_.arguments.end(), arguments.begin(), arguments.end());
    bool is_call = instruction.op == Opcode::CallStatic || instruction.op == Opcode::CallDynamic ||
                   instruction.op == Opcode::CallBlock;
    if (is_call && !handlers_.empty()) {
      instruction.handler = handlers_.back().block;
      instruction.error = handlers_.back().error;
    }
    function_.blocks[current_].instructions.push_back(
        static_cast<uint32_t>(function_.instructions.size()));
    function_.instructions.push_back(instruction);
    return instruction.dst;
  }

  Instruction make(Opcode op, SourceRange location, uint32_t index = 0) {
    Instruction instruction{};
    instruction.op = op;
    instruction.index = index;
    instruction.location = location;
    return instruction;
  }

  RegisterId singleton(Singleton which, SourceRange location) {
    return emit(make(Opcode::Singleton, location, static_cast<uint32_t>(which)));
  }

  RegisterId move_into(RegisterId dst, RegisterId src, SourceRange location) {
    Instruction instruction = make(Opcode::Move, location);
    instruction.dst = dst;
    return emit(instruction, {src});
  }

  void set_terminator(Terminator terminator) {
    ensure_current();
    bool uses_value = terminator.kind == TerminatorKind::Return ||
                      terminator.kind == TerminatorKind::Branch ||
                      terminator.kind == TerminatorKind::Throw ||
                      terminator.kind == TerminatorKind::NonLocalReturn;
    if (uses_value)
      terminator.value = operand_value(terminator.value, terminator.location);
    function_.blocks[current_].terminator = terminator;
    current_ = kNone;
  }

  void goto_block(BlockId target, bool back_edge) {
    Terminator terminator;
    terminator.kind = TerminatorKind::Goto;
    terminator.target = target;
    terminator.back_edge = back_edge;
    set_terminator(terminator);
  }

  void branch(RegisterId condition, BlockId then_block, BlockId else_block) {
    Terminator terminator;
    terminator.kind = TerminatorKind::Branch;
    terminator.value = condition;
    terminator.target = then_block;
    terminator.otherwise = else_block;
    set_terminator(terminator);
  }

  // To `taken` when `condition` is `taken_when`, otherwise to `other`.
  void branch_when(RegisterId condition, bool taken_when, BlockId taken, BlockId other) {
    if (taken_when)
      branch(condition, taken, other);
    else
      branch(condition, other, taken);
  }

  void terminate_return(RegisterId value, SourceRange location) {
    Terminator terminator;
    terminator.kind = TerminatorKind::Return;
    terminator.value = value;
    terminator.location = location;
    set_terminator(terminator);
  }

  bool returns_nil_by_signature() const {
    // Methods without `-> T` return Nil whatever their last expression (L67).
    return method_.kind != MethodKind::Closure && method_.kind != MethodKind::Lambda &&
           method_.return_type != check::kNoType &&
           checked_.resolve(method_.return_type) == state_.nil_type;
  }

  // ---- Prologue -------------------------------------------------------------

  // A block called through a variable whose type came from a literal with
  // optional parameters may be another block that requires them (L63):
  // panic rather than read the "absent" word as a value.
  void require_argument(const check::Local& param, RegisterId value) {
    RegisterId absent = emit(make(Opcode::IsAbsent, param.range), {value});
    BlockId missing = new_block();
    BlockId given = new_block();
    branch(absent, missing, given);
    current_ = missing;
    RegisterId message =
        emit(make(Opcode::String, param.range,
                  state_.string("The block argument " + param.name + " was not given a value")));
    emit(make(Opcode::Panic, param.range), {message});
    Terminator terminator;
    terminator.kind = TerminatorKind::Unreachable;
    set_terminator(terminator);
    current_ = given;
  }

  void prologue() {
    // A generated `new` passes omitted arguments on as "absent": `init`
    // evaluates its defaults in its own scope (L51, L63).
    bool forwards_defaults = method_.kind == MethodKind::GeneratedNew;
    // One parameter at a time: a default may use earlier parameters (L63),
    // and a closure in it captures their cells, so those exist by then.
    for (LocalId param : method_.params) {
      const check::Local& local = checked_.locals[param];
      if (local.default_value != check::kNoExpr && !forwards_defaults)
        evaluate_default(param);
      else if (checked_.block_calls_omit_arguments && !local.is_rest &&
               (method_.kind == MethodKind::Closure || method_.kind == MethodKind::Lambda))
        require_argument(local, locals_[param].reg);
      if (needs_cell(param))
        wrap_in_cell(param);
    }
  }

  // The caller passes "absent" for an omitted argument; the default is
  // evaluated here, in the callee's scope (L63).
  void evaluate_default(LocalId param) {
    const check::Local& local = checked_.locals[param];
    RegisterId argument = locals_[param].reg;
    RegisterId absent = emit(make(Opcode::IsAbsent, local.range), {argument});
    BlockId compute = new_block();
    BlockId done = new_block();
    branch(absent, compute, done);
    current_ = compute;
    RegisterId value = lower(local.default_value);
    if (current_ != kNone) {
      move_into(argument, value, local.range);
      goto_block(done, false);
    }
    current_ = done;
  }

  void wrap_in_cell(LocalId param) {
    LocalSlot& slot = locals_[param];
    RegisterId cell = new_register(checked_.locals[param].name + ".cell");
    Instruction instruction = make(Opcode::NewCell, checked_.locals[param].range);
    instruction.dst = cell;
    emit(instruction, {slot.reg});
    param_cells_.emplace_back(param, slot.reg);
    slot = {cell, true, kNone};
  }

  void build_generated_new() {
    RegisterId instance =
        emit(make(Opcode::Allocate, method_.range, state_.object_classes[method_.owner_object]));
    if (method_.init != check::kNoMethod) {
      std::vector<RegisterId> arguments{instance};
      for (LocalId param : method_.params)
        arguments.push_back(read_local(param, method_.range));
      emit(make(Opcode::CallStatic, method_.range, method_.init), arguments);
    }
    terminate_return(instance, method_.range);
  }

  // ---- Locals ---------------------------------------------------------------

  RegisterId self_register(SourceRange location) {
    if (!function_.is_block)
      return 0;
    return emit(make(Opcode::BlockSelf, location), {0});
  }

  // The register holding the cell of a captured local.
  RegisterId cell_of(LocalId id, SourceRange location) {
    LocalSlot& slot = locals_.at(id);
    if (slot.block_cell != kNone) {
      return emit(make(Opcode::BlockCell, location, slot.block_cell), {0});
    }
    return slot.reg;
  }

  RegisterId read_local(LocalId id, SourceRange location) {
    auto found = locals_.find(id);
    if (found == locals_.end()) {
      unsupported(location, "a local variable outside its scope");
      return singleton(Singleton::Nil, location);
    }
    if (found->second.in_cell) {
      return emit(make(Opcode::CellGet, location), {cell_of(id, location)});
    }
    return found->second.reg;
  }

  RegisterId write_local(LocalId id, RegisterId value, SourceRange location) {
    auto found = locals_.find(id);
    if (found == locals_.end()) {
      unsupported(location, "a local variable outside its scope");
      return value;
    }
    if (found->second.in_cell) {
      return emit(make(Opcode::CellSet, location), {cell_of(id, location), value});
    }
    return move_into(found->second.reg, value, location);
  }

  RegisterId define_local(LocalId id, RegisterId value, SourceRange location) {
    const check::Local& local = checked_.locals[id];
    if (needs_cell(id)) {

      Instruction instruction = make(Opcode::NewCell, location);
      instruction.dst = new_register(local.name + ".cell");
      emit(instruction, {value});
      locals_[id] = {instruction.dst, true, kNone};
      return value;
    }
    RegisterId reg = new_register(local.name);
    locals_[id] = {reg, false, kNone};
    return move_into(reg, value, location);
  }

  // ---- Expressions ------------------------------------------------------------

  RegisterId lower_body(const std::vector<ExprId>& body, bool tail) {
    // The last expression of a method body may be a self tail call.
    RegisterId last = kNone;
    for (size_t i = 0; i < body.size(); ++i) {
      bool is_last = i + 1 == body.size();
      if (tail && is_last && try_self_tail_call(body[i]))
        return kNone;
      last = lower(body[i]);
    }
    return last;
  }

  RegisterId lower(ExprId id) {
    const check::Expr& expr = checked_.exprs[id];
    SourceRange at = expr.range;
    switch (expr.kind) {
    case ExprKind::IntegerLiteral: {
      // Small Integers are tagged in 63 bits; larger 64-bit literals are big.
      constexpr int64_t kSmallLimit = int64_t{1} << 62;
      if (expr.integer >= kSmallLimit || expr.integer < -kSmallLimit) {
        return emit(make(Opcode::BigInteger, at, state_.string(std::to_string(expr.integer))));
      }
      Instruction instruction = make(Opcode::Integer, at);
      instruction.integer = expr.integer;
      return emit(instruction);
    }

    case ExprKind::BigIntegerLiteral:
      return emit(make(Opcode::BigInteger, at, state_.string(checked_.strings[expr.value])));
    case ExprKind::FloatLiteral: {
      Instruction instruction = make(Opcode::Float, at);
      instruction.real = expr.real;
      return emit(instruction);
    }
    case ExprKind::StringLiteral:
      return emit(make(Opcode::String, at, state_.string(checked_.strings[expr.value])));
    case ExprKind::TemplateString:
      return lower_template(expr);
    case ExprKind::True:
      return singleton(Singleton::True, at);
    case ExprKind::False:
      return singleton(Singleton::False, at);
    case ExprKind::Nil:
      return singleton(Singleton::Nil, at);
    case ExprKind::SelfRef:
      return self_register(at);
    case ExprKind::Local:
      return read_local(expr.value, at);
    case ExprKind::LocalSet:
      return write_local(expr.value, lower(operand(expr, 0)), at);
    case ExprKind::Let:
      if (unchecked_receiver(operand(expr, 0)))
        cast_locals_.insert(expr.value);
      return define_local(expr.value, lower(operand(expr, 0)), at);
    case ExprKind::AttributeGet:
      return emit(make(Opcode::GetSlot, at, expr.value), {self_register(at)});
    case ExprKind::AttributeSet: {
      RegisterId value = lower(operand(expr, 0));
      return emit(make(Opcode::SetSlot, at, expr.value), {self_register(at), value});
    }
    case ExprKind::ConstantRef:
      return constant_ref(expr);
    case ExprKind::ConstantDefine:
      return emit(make(Opcode::SetGlobal, at, expr.value), {lower(operand(expr, 0))});
    case ExprKind::ObjectRef:
      return emit(make(Opcode::Prototype, at, state_.prototype_classes[expr.value]));
    case ExprKind::TraitRef:
      return emit(make(Opcode::Prototype, at, state_.trait_classes[expr.value]));
    case ExprKind::ModuleRef:
      return emit(make(Opcode::Module, at, expr.value));
    case ExprKind::CallMethod:
      return call_method(expr);
    case ExprKind::CallDynamic: {
      // Loop messages to a literal block: the receiver is a Block for sure.
      if (RegisterId looped = inline_block_loop(expr, checked_.selectors[expr.value]);
          looped != kNone)
        return looped;
      if (current_ == kNone && inlined_never_) {
        inlined_never_ = false;
        return kNone;
      }
      Instruction instruction = make(Opcode::CallDynamic, at, state_.selector(expr.value));
      if (expr.flags & check::kNilableReceiver)
        instruction.flags |= kNilableReceiver;
      return emit(instruction, lower_call_operands(expr));
    }
    case ExprKind::CallBlock:
      if (expr.flags & check::kNilableReceiver)
        return lower_nilable_block_call(expr);
      return emit(make(Opcode::CallBlock, at), lower_call_operands(expr));
    case ExprKind::CallIntrinsic:
      if (static_cast<check::IntrinsicId>(expr.value) == check::IntrinsicId::BooleanIf) {
        return lower_boolean_if(expr);
      }
      if (static_cast<check::IntrinsicId>(expr.value) == check::IntrinsicId::ModulePrototype) {
        // The value of the constant `Module` (std::module): a permanent object.
        check::ObjectId module_object = checked_.builtins.module;
        if (module_object == check::kNoObject)
          return singleton(Singleton::Nil, at);
        return emit(make(Opcode::Prototype, at, state_.prototype_classes[module_object]));
      }

      return emit(make(Opcode::CallIntrinsic, at, expr.value), lower_operands(expr, 0));

    case ExprKind::DefaultArgument:
      return emit(make(Opcode::Absent, at));
    case ExprKind::RestArguments:
      return emit(make(Opcode::NewArray, at), lower_operands(expr, 0));
    case ExprKind::Block:
      return make_block(expr);
    case ExprKind::Sequence: {
      RegisterId last = kNone;
      for (uint32_t i = 0; i < expr.operands_count; ++i)
        last = lower(operand(expr, i));
      return last == kNone ? singleton(Singleton::Nil, at) : last;
    }
    case ExprKind::Return:
      return lower_return(expr);
    case ExprKind::Throw: {
      Terminator terminator;
      terminator.kind = TerminatorKind::Throw;
      terminator.value = lower(operand(expr, 0));
      terminator.location = at;
      if (!handlers_.empty()) {
        // A throw directly inside a `try` body goes to its handler.
        move_into(handlers_.back().error, terminator.value, at);
        goto_block(handlers_.back().block, false);
        return kNone;
      }
      set_terminator(terminator);
      return kNone;
    }
    case ExprKind::TryRethrow:
      // Calls without a handler already pass a throw on to our caller.
      return lower(operand(expr, 0));
    case ExprKind::TryElse:
      return lower_try_else(expr);
    case ExprKind::TryPanic:
      return lower_try_panic(expr);
    case ExprKind::Cast:
    case ExprKind::Deref:
      return lower(operand(expr, 0));
    case ExprKind::Match:
      return lower_match(expr);
    case ExprKind::MatchArm:
      unsupported(at, "a match arm outside a match");
      return singleton(Singleton::Nil, at);
    }
    return singleton(Singleton::Nil, at);
  }

  ExprId operand(const check::Expr& expr, uint32_t index) const {
    return checked_.operand(expr, index);
  }

  std::vector<RegisterId> lower_operands(const check::Expr& expr, uint32_t from) {
    std::vector<RegisterId> registers;
    for (uint32_t i = from; i < expr.operands_count; ++i)
      registers.push_back(lower(operand(expr, i)));
    return registers;
  }

  // The operands of a send, evaluated in source order (L70) although the
  // checker put keyword arguments in parameter order (L64): the receiver
  // first, then the arguments by where they start.
  std::vector<RegisterId> lower_call_operands(const check::Expr& expr) {
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < expr.operands_count; ++i)
      order.push_back(i);
    std::stable_sort(order.begin() + (order.empty() ? 0 : 1), order.end(),
                     [&](uint32_t a, uint32_t b) {
                       return checked_.exprs[operand(expr, a)].range.begin <
                              checked_.exprs[operand(expr, b)].range.begin;
                     });
    std::vector<RegisterId> registers(expr.operands_count, kNone);
    for (uint32_t i : order)
      registers[i] = lower(operand(expr, i));
    return registers;
  }

  RegisterId constant_ref(const check::Expr& expr) {
    const check::Constant& constant = checked_.constants[expr.value];
    if (constant.define == check::kNoExpr) {
      // Built-in constants the checker does not define through code.
      if (constant.name == "True")
        return singleton(Singleton::True, expr.range);
      if (constant.name == "False")
        return singleton(Singleton::False, expr.range);
      if (constant.name == "Nil")
        return singleton(Singleton::Nil, expr.range);
    }
    return emit(make(Opcode::GetGlobal, expr.range, expr.value));
  }

  RegisterId lower_template(const check::Expr& expr) {
    MethodId concat = state_.string_concat;
    RegisterId result = kNone;
    for (uint32_t i = 0; i < expr.operands_count; ++i) {
      RegisterId part = lower(operand(expr, i));
      if (result == kNone) {
        result = part;
      } else if (concat == check::kNoMethod) {
        unsupported(expr.range, "template strings without String.+");
        return part;
      } else {
        result = emit(make(Opcode::CallStatic, expr.range, concat), {result, part});
      }
    }
    if (result == kNone)
      return emit(make(Opcode::String, expr.range, state_.string("")));
    return result;
  }

  // ---- Calls ---------------------------------------------------------------

  RegisterId call_method(const check::Expr& expr) {
    const check::Method& callee = checked_.methods[expr.value];
    if (RegisterId inlined = try_inline_control_flow(expr, callee); inlined != kNone) {
      return inlined;
    }
    if (current_ == kNone && inlined_never_) {
      inlined_never_ = false;
      return kNone;
    }
    std::vector<RegisterId> arguments = lower_call_operands(expr);
    Instruction call = make(Opcode::CallStatic, expr.range, expr.value);
    if (callee.kind == MethodKind::Instance && unchecked_receiver(operand(expr, 0))) {
      // The receiver's type comes from a cast nothing checked (L87): find
      // the method by name, so a value that lacks it panics (L111) instead
      // of running another type's code.
      call.op = Opcode::CallDynamic;
      call.index = state_.selector_named(callee.name);
    } else if (uint32_t klass = guarded_class(callee); klass != kNone) {
      // Any receiver may be Nil (L88) or, through a Self-typed argument,
      // another type: check its class first (docs/values.md).
      call.flags |= kGuardReceiver;
      call.integer = pack_guard(klass, state_.selector_named(callee.name));
    } else if (callee.kind == MethodKind::Instance && callee.owner_trait != check::kNone &&
               checked_.builtins.nil != check::kNoObject) {
      // A trait default runs for every implementing class: only Nil is
      // known not to be one of them.
      call.flags |= kGuardNotNil;
      call.integer = pack_guard(state_.object_classes[checked_.builtins.nil],
                                state_.selector_named(callee.name));
    }
    RegisterId result = emit(call, arguments);
    if (is_never(expr.type)) {
      Terminator terminator;
      terminator.kind = TerminatorKind::Unreachable;
      set_terminator(terminator);
    }
    return result;
  }

  // The class a static call to `callee` expects its receiver to have, or
  // kNone when its receivers are of several classes (Object's and trait
  // methods, modules, blocks) or it is not an instance method.
  uint32_t guarded_class(const check::Method& callee) const {
    if (callee.kind != MethodKind::Instance || callee.owner_object == check::kNoObject)
      return kNone;
    const check::Builtins& builtins = checked_.builtins;
    check::ObjectId owner = callee.owner_object;
    if (owner == builtins.object || owner == builtins.trait || owner == builtins.module ||
        owner == builtins.block || owner == builtins.nil)
      return kNone;
    return state_.object_classes[owner];
  }

  // Whether a receiver's static type rests on an unchecked cast: the cast
  // itself, or a local defined from one.
  bool unchecked_receiver(ExprId id) const {
    const check::Expr& expr = checked_.exprs[id];
    if (expr.kind == ExprKind::Cast) {
      const check::Expr& inner = checked_.exprs[operand(expr, 0)];
      return checked_.resolve(inner.type) != checked_.resolve(expr.type);
    }
    if (expr.kind == ExprKind::Deref)
      return unchecked_receiver(operand(expr, 0));
    return expr.kind == ExprKind::Local && cast_locals_.count(expr.value) != 0;
  }

  bool is_never(check::TypeId type) const {
    type = checked_.resolve(type);
    return type != check::kNoType && checked_.types[type].kind == check::TypeKind::Never;
  }

  // `f(args)` as the last expression of `f`'s own body, sent to self: jump
  // back to the start instead of calling (L69).
  bool try_self_tail_call(ExprId id) {
    const check::Expr& expr = checked_.exprs[id];
    if (expr.kind != ExprKind::CallMethod || expr.value != method_id_)
      return false;
    if (function_.is_block || method_.kind == MethodKind::GeneratedNew)
      return false;
    const check::Expr& receiver = checked_.exprs[operand(expr, 0)];
    bool to_self =
        receiver.kind == ExprKind::SelfRef ||
        (receiver.kind == ExprKind::ModuleRef && method_.kind == MethodKind::ModuleMethod &&
         receiver.value == method_.owner_module);
    if (!to_self)
      return false;
    std::vector<RegisterId> arguments = lower_operands(expr, 1);
    if (current_ == kNone)
      return true;
    // Every argument is evaluated before any parameter changes.
    for (size_t i = 0; i < arguments.size(); ++i) {
      RegisterId temporary = new_register();
      move_into(temporary, arguments[i], expr.range);
      arguments[i] = temporary;
    }
    for (size_t i = 0; i < arguments.size(); ++i) {
      move_into(static_cast<RegisterId>(i + 1), arguments[i], expr.range);
    }
    // Captured parameters get fresh cells on the next round, as on entry.
    for (auto& [param, reg] : param_cells_)
      locals_[param] = {reg, false, kNone};
    param_cells_.clear();
    goto_block(loop_header_, true);
    return true;
  }

  // The block literal passed as operand `index`, or null.
  const check::Method* literal_block(const check::Expr& expr, uint32_t index) const {
    if (index >= expr.operands_count)
      return nullptr;
    const check::Expr& argument = checked_.exprs[operand(expr, index)];
    if (argument.kind != ExprKind::Block)
      return nullptr;
    const check::Method& block = checked_.methods[argument.value];
    if (block.kind != MethodKind::Closure || !block.params.empty())
      return nullptr;
    return &block;
  }

  // The operands of `expr` that are block literals this builder runs inline
  // (see try_inline_control_flow and lower_boolean_if); empty if none.
  std::vector<uint32_t> inlined_block_operands(const check::Expr& expr) const {
    if (expr.kind == ExprKind::CallIntrinsic) {
      if (static_cast<check::IntrinsicId>(expr.value) != check::IntrinsicId::BooleanIf)
        return {};
      std::vector<uint32_t> operands;
      for (uint32_t i = 1; i <= 2; ++i) {
        if (literal_block(expr, i) != nullptr)
          operands.push_back(i);
      }
      return operands;
    }
    if (expr.kind == ExprKind::CallDynamic)
      return block_loop_operands(expr, checked_.selectors[expr.value]);
    if (expr.kind != ExprKind::CallMethod)
      return {};
    const check::Method& callee = checked_.methods[expr.value];
    const std::string& name = callee.name;
    if (callee.owner_object == check::kNoObject)
      return {};
    if (callee.owner_object == checked_.builtins.boolean) {
      if ((name == "if_true" || name == "if_false" || name == "and" || name == "or") &&
          literal_block(expr, 1) != nullptr)
        return {1};
      if (name == "if" && literal_block(expr, 1) != nullptr && literal_block(expr, 2) != nullptr)
        return {1, 2};
      return {};
    }
    if (callee.owner_object == checked_.builtins.block)
      return block_loop_operands(expr, name);
    return {};
  }

  std::vector<uint32_t> block_loop_operands(const check::Expr& expr,
                                            const std::string& name) const {
    if (name == "loop" && literal_block(expr, 0) != nullptr)
      return {0};
    const check::Method* condition = literal_block(expr, 0);
    if ((name == "while_true" || name == "while_false") && condition != nullptr &&
        literal_block(expr, 1) != nullptr && plain_truthiness(condition->return_type))
      return {0, 1};
    return {};
  }

  // L91: an inlined loop branches on False and Nil only, which is right when
  // the condition's object keeps the standard Conditional methods. An object
  // implementing Conditional itself (a queue that is falsy when empty), or a
  // value whose object is not known, decides through its own `if`, so such
  // loops stay sends of Block.while_true.
  bool plain_truthiness(check::TypeId type) const {
    type = checked_.resolve(type);
    if (type == check::kNoType)
      return false;
    const check::Type& t = checked_.types[type];
    if (t.kind == check::TypeKind::Optional)
      return plain_truthiness(t.inner);
    if (t.kind != check::TypeKind::Object)
      return false;
    if (t.id == checked_.builtins.boolean || t.id == checked_.builtins.nil)
      return true;
    for (check::TypeId implemented : checked_.objects[t.id].traits) {
      const check::Trait& trait = checked_.traits[checked_.types[implemented].id];
      if (trait.name == "Conditional")
        return false;
    }
    return true;
  }

  // Which locals this function must keep in cells: those captured by a block
  // that becomes a real closure. Blocks run inline share our registers.
  void find_cell_locals() {
    std::vector<ExprId> work(method_.body.begin(), method_.body.end());
    for (LocalId param : method_.params) {
      if (checked_.locals[param].default_value != check::kNoExpr)
        work.push_back(checked_.locals[param].default_value);
    }
    while (!work.empty()) {
      const check::Expr& expr = checked_.exprs[work.back()];
      work.pop_back();
      std::vector<uint32_t> inlined = inlined_block_operands(expr);
      for (uint32_t i = 0; i < expr.operands_count; ++i) {
        ExprId child = operand(expr, i);
        const check::Expr& argument = checked_.exprs[child];
        bool runs_inline = std::find(inlined.begin(), inlined.end(), i) != inlined.end();
        if (runs_inline && argument.kind == ExprKind::Block) {
          const check::Method& block = checked_.methods[argument.value];
          work.insert(work.end(), block.body.begin(), block.body.end());
          continue;
        }
        work.push_back(child);
      }
      if (expr.kind == ExprKind::Block) {
        for (LocalId local : state_.captures[expr.value])
          cell_locals_.insert(local);
      }
    }
  }

  bool needs_cell(LocalId local) const { return cell_locals_.count(local) != 0; }

  // Runs a closure's body inline: its locals become this function's, its

  // captures are already ours, and a `return` in it leaves its home.
  RegisterId inline_block(const check::Method& block) {
    RegisterId result = lower_body(block.body, false);
    if (current_ == kNone)
      return kNone;
    return result == kNone ? singleton(Singleton::Nil, block.range) : result;
  }

  // if_true / if_false / if / and / or on Boolean, and while_true /
  // while_false / loop on a literal block, with literal block arguments,
  // become branches and loops (issue: control-flow messages).
  RegisterId try_inline_control_flow(const check::Expr& expr, const check::Method& callee) {
    if (callee.owner_object == check::kNoObject)
      return kNone;
    const std::string& name = callee.name;
    SourceRange at = expr.range;
    if (callee.owner_object == checked_.builtins.boolean) {
      if (name == "if_true" || name == "if_false" || name == "and" || name == "or") {
        const check::Method* block = literal_block(expr, 1);
        if (block == nullptr)
          return kNone;
        // The block runs on one side; the other yields a constant.
        bool run_when_true = name == "if_true" || name == "and";
        Singleton otherwise = name == "and"  ? Singleton::False
                              : name == "or" ? Singleton::True
                                             : Singleton::Nil;
        return inline_one_armed(expr, *block, run_when_true, otherwise);
      }
      if (name == "if") {
        const check::Method* when_true = literal_block(expr, 1);
        const check::Method* when_false = literal_block(expr, 2);
        if (when_true == nullptr || when_false == nullptr)
          return kNone;
        RegisterId condition = lower(operand(expr, 0));
        RegisterId result = new_register();
        BlockId yes = new_block();
        BlockId no = new_block();
        BlockId done = new_block();
        branch(condition, yes, no);
        current_ = yes;
        finish_branch(inline_block(*when_true), result, done, at);
        current_ = no;
        finish_branch(inline_block(*when_false), result, done, at);
        current_ = done;
        return result;
      }
      return kNone;
    }
    if (callee.owner_object == checked_.builtins.block)
      return inline_block_loop(expr, name);
    return kNone;
  }

  // The receiver of `expr` (a Boolean) chooses: `block` runs inline when it
  // is `run_when_true`, otherwise the result is `otherwise`.
  RegisterId inline_one_armed(const check::Expr& expr, const check::Method& block,
                              bool run_when_true, Singleton otherwise) {
    SourceRange at = expr.range;
    RegisterId condition = lower(operand(expr, 0));
    RegisterId result = new_register();
    BlockId run = new_block();
    BlockId skip = new_block();
    BlockId done = new_block();
    branch_when(condition, run_when_true, run, skip);
    current_ = run;
    finish_branch(inline_block(block), result, done, at);
    current_ = skip;
    move_into(result, singleton(otherwise, at), at);
    goto_block(done, false);
    current_ = done;
    return result;
  }

  // `{ cond }.while_true { body }`, `while_false` and `{ body }.loop` with
  // literal blocks become loops whose back edges poll the safepoint.
  RegisterId inline_block_loop(const check::Expr& expr, const std::string& name) {
    SourceRange at = expr.range;
    bool while_true = name == "while_true";
    bool while_false = name == "while_false";
    bool loop = name == "loop";
    if (!while_true && !while_false && !loop)
      return kNone;
    const check::Method* condition_block = literal_block(expr, 0);
    if (condition_block == nullptr)
      return kNone;
    const check::Method* body = loop ? nullptr : literal_block(expr, 1);
    if (!loop && (body == nullptr || !plain_truthiness(condition_block->return_type)))
      return kNone;
    BlockId head = new_block();
    BlockId done = new_block();
    goto_block(head, false);
    current_ = head;
    if (loop) {
      inline_block(*condition_block);
      if (current_ != kNone)
        goto_block(head, true);
      current_ = done;
      // `loop` only ends through return or throw: its value is Never.
      Terminator terminator;
      terminator.kind = TerminatorKind::Unreachable;
      set_terminator(terminator);
      inlined_never_ = true;
      return kNone;
    }
    RegisterId condition = inline_block(*condition_block);
    if (current_ == kNone) {
      current_ = done;
      return singleton(Singleton::Nil, at);
    }
    BlockId run = new_block();
    branch_when(condition, while_true, run, done);
    current_ = run;
    inline_block(*body);
    if (current_ != kNone)
      goto_block(head, true);
    current_ = done;
    return singleton(Singleton::Nil, at);
    return kNone;
  }

  // `_INKOC.boolean_if(condition, when_true, when_false)` calls the block
  // the condition selects (std::boolean); literal blocks run inline.
  RegisterId lower_boolean_if(const check::Expr& expr) {
    SourceRange at = expr.range;
    RegisterId condition = lower(operand(expr, 0));
    RegisterId result = new_register();
    BlockId yes = new_block();
    BlockId no = new_block();
    BlockId done = new_block();
    // Evaluate non-literal block arguments before branching, in order.
    const check::Method* literal[2] = {literal_block(expr, 1), literal_block(expr, 2)};
    RegisterId values[2] = {kNone, kNone};
    for (int i = 0; i < 2; ++i) {
      if (literal[i] == nullptr)
        values[i] = lower(operand(expr, 1 + i));
    }
    branch(condition, yes, no);
    BlockId targets[2] = {yes, no};
    for (int i = 0; i < 2; ++i) {
      current_ = targets[i];
      RegisterId value = literal[i] != nullptr ? inline_block(*literal[i])
                                               : emit(make(Opcode::CallBlock, at), {values[i]});
      finish_branch(value, result, done, at);
    }
    current_ = done;
    return result;
  }

  // L89: `b.call(args)` on a `?do ...`: a block is always truthy and Nil
  // is not, so a Nil block skips the call (its arguments are still
  // evaluated) and the value is Nil.
  RegisterId lower_nilable_block_call(const check::Expr& expr) {
    SourceRange at = expr.range;
    std::vector<RegisterId> operands = lower_call_operands(expr);
    RegisterId result = new_register();
    BlockId call = new_block();
    BlockId nil = new_block();
    BlockId done = new_block();
    branch(operands[0], call, nil);
    current_ = call;
    finish_branch(emit(make(Opcode::CallBlock, at), operands), result, done, at);
    current_ = nil;
    finish_branch(singleton(Singleton::Nil, at), result, done, at);
    current_ = done;
    return result;
  }

  // [EXT] L97: the arms are tried in order; an arm runs when one of its
  // patterns succeeds and its guard is truthy. Without a match the value is
  // the else part's, or Nil.
  RegisterId lower_match(const check::Expr& expr) {
    SourceRange at = expr.range;
    lower(operand(expr, 0)); // the subject's `let` (or Nil)
    RegisterId result = new_register();
    BlockId done = new_block();
    bool has_else = (expr.flags & check::kHasElse) != 0;
    uint32_t arms_end = expr.operands_count - (has_else ? 1 : 0);
    for (uint32_t i = 1; i < arms_end && current_ != kNone; ++i) {
      const check::Expr& arm = checked_.exprs[operand(expr, i)];
      BlockId next = new_block();
      BlockId matched = new_block();
      auto kind = static_cast<check::MatchPatternKind>(arm.value);
      uint32_t patterns = kind == check::MatchPatternKind::Type ? 0 : arm.value2;
      if (kind == check::MatchPatternKind::Type) {
        RegisterId subject = read_local(expr.value, at);
        std::vector<uint32_t> classes = pattern_classes(arm);
        for (uint32_t klass : classes) {
          BlockId try_next = new_block();
          RegisterId is = emit(make(Opcode::ClassIs, arm.range, klass), {subject});
          branch(is, matched, try_next);
          current_ = try_next;
        }
        goto_block(next, false);
      } else {
        for (uint32_t p = 0; p < patterns; ++p) {
          RegisterId test = lower(operand(arm, p));
          if (current_ == kNone)
            break;
          BlockId try_next = new_block();
          branch(test, matched, try_next);
          current_ = try_next;
        }
        if (current_ != kNone)
          goto_block(next, false);
      }
      current_ = matched;
      if (arm.flags & check::kHasGuard) {
        RegisterId guard = lower(operand(arm, patterns));
        BlockId body = new_block();
        if (current_ != kNone)
          branch(guard, body, next);
        current_ = body;
      }
      RegisterId value = lower(operand(arm, arm.operands_count - 1));
      finish_branch(value, result, done, at);
      current_ = next;
    }
    if (current_ != kNone) {
      RegisterId fallback =
          has_else ? lower(operand(expr, expr.operands_count - 1)) : singleton(Singleton::Nil, at);
      finish_branch(fallback, result, done, at);
    }
    current_ = done;
    return result;
  }

  // The classes an `as` pattern accepts: exactly the object's instances, or
  // the instances of every object implementing the trait (L97).
  std::vector<uint32_t> pattern_classes(const check::Expr& arm) const {
    if (!(arm.flags & check::kTraitPattern))
      return {state_.object_classes[arm.value2]};
    std::vector<uint32_t> classes;
    for (check::ObjectId id = 0; id < checked_.objects.size(); ++id) {
      for (check::TypeId trait : checked_.objects[id].traits) {
        if (checked_.types[trait].id == arm.value2) {
          classes.push_back(state_.object_classes[id]);
          break;
        }
      }
    }
    return classes;
  }

  void finish_branch(RegisterId value, RegisterId result, BlockId done, SourceRange at) {
    if (current_ == kNone)
      return;
    move_into(result, value, at);
    goto_block(done, false);
  }

  RegisterId make_block(const check::Expr& expr) {
    const check::Method& block = checked_.methods[expr.value];
    SourceRange at = expr.range;
    // A lambda captures nothing and its self is its module: one permanent
    // block serves every evaluation, and a spawned process can run it
    // without allocating (P4).
    if (block.kind == MethodKind::Lambda && state_.captures[expr.value].empty()) {
      Instruction instruction = make(Opcode::Lambda, at, expr.value);
      instruction.integer = block.module;
      return emit(instruction);
    }
    RegisterId self = block.kind == MethodKind::Lambda
                          ? emit(make(Opcode::Module, at, block.module))
                          : self_register(at);
    std::vector<RegisterId> arguments{self};
    for (LocalId captured : state_.captures[expr.value]) {
      arguments.push_back(cell_of(captured, at));
    }
    return emit(make(Opcode::MakeBlock, at, expr.value), arguments);
  }

  RegisterId lower_return(const check::Expr& expr) {
    SourceRange at = expr.range;
    RegisterId value =
        expr.operands_count > 0 ? lower(operand(expr, 0)) : singleton(Singleton::Nil, at);
    if (current_ == kNone)
      return kNone;
    bool non_local = (expr.flags & check::kNonLocalReturn) != 0;
    MethodId target = non_local ? expr.value2 : method_id_;
    if (!non_local || target == method_id_) {
      if (returns_nil_by_signature())
        value = singleton(Singleton::Nil, at);
      terminate_return(value, at);
      return kNone;
    }
    if (method_.kind == MethodKind::Lambda) {
      // A lambda's `return` leaves the lambda itself ([DECISION] L92).
      terminate_return(value, at);
      return kNone;
    }
    Terminator terminator;
    terminator.kind = TerminatorKind::NonLocalReturn;
    terminator.value = value;
    terminator.location = at;
    set_terminator(terminator);
    function_.home = target;
    return kNone;
  }

  RegisterId lower_try_else(const check::Expr& expr) {
    SourceRange at = expr.range;
    RegisterId error = new_register("error");
    RegisterId result = new_register();
    BlockId handler = new_block();
    BlockId done = new_block();
    handlers_.push_back({handler, error});
    RegisterId value = lower(operand(expr, 0));
    handlers_.pop_back();
    finish_branch(value, result, done, at);

    current_ = handler;
    if (expr.value != check::kNoLocal)
      define_local(expr.value, error, at);
    RegisterId fallback = lower(operand(expr, 1));
    finish_branch(fallback, result, done, at);
    current_ = done;
    return result;
  }

  RegisterId lower_try_panic(const check::Expr& expr) {
    SourceRange at = expr.range;
    RegisterId error = new_register("error");
    BlockId handler = new_block();
    handlers_.push_back({handler, error});
    RegisterId value = lower(operand(expr, 0));
    handlers_.pop_back();
    BlockId resume = current_;
    current_ = handler;
    // The panic message is the error's to_string (L94).
    RegisterId message =
        emit(make(Opcode::CallDynamic, at, state_.selector_named("to_string")), {error});
    emit(make(Opcode::Panic, at), {message});
    Terminator terminator;
    terminator.kind = TerminatorKind::Unreachable;
    set_terminator(terminator);
    current_ = resume;
    return value;
  }

  void unsupported(SourceRange at, std::string_view what) { state_.unsupported(at, what); }

  const check::Program& checked_;
  ProgramBuilderState& state_;
  Function& function_;
  MethodId method_id_;
  const check::Method& method_;
  BlockId current_ = 0;
  BlockId loop_header_ = 0;
  bool inlined_never_ = false;
  std::unordered_map<LocalId, LocalSlot> locals_;
  std::vector<std::pair<LocalId, RegisterId>> param_cells_;
  std::unordered_set<LocalId> cell_locals_;
  std::unordered_set<LocalId> cast_locals_; // defined from an unchecked cast
  std::vector<Handler> handlers_;
};

// Whether a call of each function can return with a non-zero status: it
// throws, returns non-locally, or calls something that may (a fixed point
// over the call graph; dynamic sends and block calls are assumed to).
void compute_may_unwind(Program& program) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (Function& function : program.functions) {
      if (function.may_unwind)
        continue;
      bool unwinds = false;
      for (const Block& block : function.blocks) {
        TerminatorKind kind = block.terminator.kind;
        unwinds |= kind == TerminatorKind::Throw || kind == TerminatorKind::NonLocalReturn;
      }
      for (const Instruction& instruction : function.instructions) {
        switch (instruction.op) {
        case Opcode::CallDynamic:
        case Opcode::CallBlock:
          unwinds = true;
          break;
        case Opcode::CallIntrinsic:
          unwinds |= intrinsic_returns_result(instruction.index);
          break;

        case Opcode::CallStatic:
          unwinds |= program.functions[instruction.index].may_unwind;
          break;
        default:
          break;
        }
      }
      if (unwinds) {
        function.may_unwind = true;
        changed = true;
      }
    }
  }
}

std::string symbol_of(const check::Program& checked, const check::Method& method) {
  std::string owner = checked.modules[method.module].name;
  if (method.owner_object != check::kNoObject) {
    owner += "." + checked.objects[method.owner_object].name;
  } else if (method.owner_trait != check::kNone) {
    owner += "." + checked.traits[method.owner_trait].name;
  }
  const char* separator = method.kind == MethodKind::Static ? "::" : ".";
  return owner + separator + method.name;
}

ConstantClasses constant_classes(const check::Program& checked, const ProgramBuilderState& state) {
  auto instances = [&](check::ObjectId object) {
    return object == check::kNoObject ? kNone : state.object_classes[object];
  };
  const check::Builtins& builtins = checked.builtins;
  ConstantClasses classes;
  classes.integer = instances(builtins.integer);
  classes.float_ = instances(builtins.float_);
  classes.string = instances(builtins.string);
  classes.array = instances(builtins.array);
  classes.boolean = instances(builtins.boolean);
  classes.nil = instances(builtins.nil);
  classes.module_classes = &state.module_classes;
  return classes;
}

// The class `self` has in a method: its object's, for instance methods
// (every static call checks its receiver and dynamic dispatch finds methods
// by class). Trait defaults and Object's methods run for several classes.
uint32_t self_class(const check::Program& checked, const ProgramBuilderState& state,
                    const check::Method& method) {
  if (method.kind != MethodKind::Instance || method.owner_object == check::kNoObject)
    return kNone;
  const check::Builtins& builtins = checked.builtins;
  check::ObjectId owner = method.owner_object;
  if (owner == builtins.object || owner == builtins.trait || owner == builtins.module ||
      owner == builtins.block)
    return kNone;
  return state.object_classes[owner];
}

} // namespace

// A leaf calls nothing and has no loop: it runs a bounded amount of code in
// a bounded frame, so it needs no safepoint (the runtime keeps a reserve
// below the stack limit for such frames).
bool is_leaf(const Function& function) {
  for (const Block& block : function.blocks) {
    if (block.terminator.kind == TerminatorKind::Goto && block.terminator.back_edge)
      return false;
  }
  for (const Instruction& instruction : function.instructions) {
    switch (instruction.op) {
    case Opcode::CallStatic:
    case Opcode::CallDynamic:
    case Opcode::CallBlock:
      return false;
    case Opcode::CallIntrinsic:
      if (intrinsic_returns_result(instruction.index))
        return false;
      break;
    default:
      break;
    }
  }
  return true;
}

// The frame that calls process.defer owns the deferred block (P13): find
// the functions that call a function registering one.
void mark_defer_users(Program& program) {
  std::vector<bool> registers(program.functions.size(), false);
  for (FunctionId id = 0; id < program.functions.size(); ++id) {
    for (const Instruction& instruction : program.functions[id].instructions) {
      if (instruction.op == Opcode::CallIntrinsic &&
          static_cast<check::IntrinsicId>(instruction.index) == check::IntrinsicId::ProcessDefer)
        registers[id] = true;
    }
  }
  for (Function& function : program.functions) {
    for (const Instruction& instruction : function.instructions) {
      if (instruction.op == Opcode::CallStatic && registers[instruction.index])
        function.uses_defer = true;
    }
  }
}

bool intrinsic_returns_result(uint32_t id) {
  auto intrinsic = static_cast<check::IntrinsicId>(id);
  return intrinsic == check::IntrinsicId::ProcessBlocking ||
         intrinsic == check::IntrinsicId::ProcessPinned;
}

Program build(const check::Program& checked, DiagnosticEngine& diagnostics) {
  Program program;
  ProgramBuilderState state(checked, diagnostics, program);
  ConstantClasses classes = constant_classes(checked, state);
  program.init_order = checked.init_order;
  program.functions.resize(checked.methods.size());
  for (MethodId id = 0; id < checked.methods.size(); ++id) {
    const check::Method& method = checked.methods[id];
    Function& function = program.functions[id];
    // Traces name module bodies after their module (P15).
    function.name =
        method.kind == MethodKind::ModuleBody ? checked.modules[method.module].name : method.name;
    function.symbol = symbol_of(checked, method);
    function.location = method.range;
    if (method.kind == MethodKind::Required) {
      // Never called: dispatch always finds an implementation.
      function.registers.push_back({"self"});
      function.blocks.emplace_back();
      continue;
    }
    FunctionBuilder(checked, state, function, id).build();
    drop_proven_guards(function, self_class(checked, state, method), classes);
  }
  compute_may_unwind(program);
  state.build_classes();

  for (check::ModuleId id = 0; id < checked.modules.size(); ++id) {
    program.modules.push_back(
        {checked.modules[id].name, checked.modules[id].body, state.module_classes[id]});
  }
  for (const check::Constant& constant : checked.constants) {
    program.globals.push_back({checked.modules[constant.module].name + "::" + constant.name});
  }
  mark_reachable(program);
  // Homes are the methods that reachable closures return from; a method
  // whose closures all run inline needs no frame token.
  for (Function& function : program.functions) {
    if (function.reachable && function.home != kNone)
      program.functions[function.home].is_home = true;
    function.is_leaf = is_leaf(function);
  }
  mark_defer_users(program);
  return program;
}

} // namespace inko::mir
