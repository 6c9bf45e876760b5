#include "codegen/inline_intrinsics.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

namespace inko::codegen {
namespace {

using check::IntrinsicId;

class InlineIntrinsic {
public:
  InlineIntrinsic(llvm::IRBuilder<>& builder, ObjectEmitter& objects, llvm::Value* process,
                  IntrinsicId id, const std::vector<llvm::Value*>& arguments)
      : b_(builder), objects_(objects), process_(process), id_(id), args_(arguments),
        i64_(builder.getInt64Ty()) {}

  llvm::Value* emit() {
    switch (id_) {
    case IntrinsicId::ObjectEqual:
      return boolean(b_.CreateICmpEQ(args_[0], args_[1]));
    case IntrinsicId::ObjectPrefetch: {
      // Any word may be prefetched (a prefetch never faults), so small
      // Integers and Nil need no test.
      llvm::Function* prefetch = llvm::Intrinsic::getDeclaration(
          b_.GetInsertBlock()->getModule(), llvm::Intrinsic::prefetch, {b_.getPtrTy()});
      b_.CreateCall(prefetch, {b_.CreateIntToPtr(args_[0], b_.getPtrTy()), b_.getInt32(0),
                               b_.getInt32(3), b_.getInt32(1)});
      return objects_.singleton(mir::Singleton::Nil);
    }
    case IntrinsicId::ObjectAllocate: {
      // `Foo.allocate`: the prototype's second word is its instance class.
      llvm::Value* prototype = b_.CreateIntToPtr(args_[0], b_.getPtrTy());
      llvm::Value* klass = b_.CreateLoad(
          b_.getPtrTy(), b_.CreateInBoundsGEP(b_.getInt8Ty(), prototype, b_.getInt64(16)));
      llvm::Module* module = b_.GetInsertBlock()->getModule();
      llvm::FunctionCallee allocate = module->getOrInsertFunction(
          "inko_object_allocate",
          llvm::FunctionType::get(i64_, {b_.getPtrTy(), b_.getPtrTy()}, false));
      return b_.CreateCall(allocate, {process_, klass});
    }

    case IntrinsicId::IntegerAdd:
      // (2x+1) + 2y = 2(x+y)+1
      return arithmetic(llvm::Intrinsic::sadd_with_overflow, args_[0], b_.CreateXor(args_[1], 1),
                        false);
    case IntrinsicId::IntegerSub:
      // (2x+1) - (2y+1) = 2(x-y), then tag
      return arithmetic(llvm::Intrinsic::ssub_with_overflow, args_[0], args_[1], true);
    case IntrinsicId::IntegerMul:
      // x * 2y = 2xy, then tag
      return arithmetic(llvm::Intrinsic::smul_with_overflow, b_.CreateAShr(args_[0], 1),
                        b_.CreateXor(args_[1], 1), true);
    case IntrinsicId::IntegerDiv:
      return floored_division(false);
    case IntrinsicId::IntegerMod:
      return floored_division(true);
    case IntrinsicId::IntegerAnd:
      return bitwise(b_.CreateAnd(args_[0], args_[1]));
    case IntrinsicId::IntegerOr:
      return bitwise(b_.CreateOr(args_[0], args_[1]));
    case IntrinsicId::IntegerXor:
      return bitwise(b_.CreateOr(b_.CreateXor(args_[0], args_[1]), 1));
    // Tagging preserves order, so small Integers compare as tagged words.
    case IntrinsicId::IntegerLt:
      return comparison(llvm::CmpInst::ICMP_SLT);
    case IntrinsicId::IntegerGt:
      return comparison(llvm::CmpInst::ICMP_SGT);
    case IntrinsicId::IntegerLe:
      return comparison(llvm::CmpInst::ICMP_SLE);
    case IntrinsicId::IntegerGe:
      return comparison(llvm::CmpInst::ICMP_SGE);
    case IntrinsicId::IntegerEq:
      return comparison(llvm::CmpInst::ICMP_EQ);
    // Floats are boxed InkoFloat objects: unbox, compute, box (L101). The
    // argument is unboxed only when it is a Float (Nil through `!`, L88, or
    // anything after an unchecked cast, L87, reaches here too); the
    // runtime's version panics naming the argument's type.
    case IntrinsicId::FloatAdd:
      return with_float_argument([&] { return box(b_.CreateFAdd(unbox(0), unbox(1))); });
    case IntrinsicId::FloatSub:
      return with_float_argument([&] { return box(b_.CreateFSub(unbox(0), unbox(1))); });
    case IntrinsicId::FloatMul:
      return with_float_argument([&] { return box(b_.CreateFMul(unbox(0), unbox(1))); });
    case IntrinsicId::FloatDiv:
      return with_float_argument([&] { return box(b_.CreateFDiv(unbox(0), unbox(1))); });
    case IntrinsicId::FloatMod:
      return with_float_argument([&] { return box(b_.CreateFRem(unbox(0), unbox(1))); });
    case IntrinsicId::FloatLt:
      return with_float_argument([&] { return boolean(b_.CreateFCmpOLT(unbox(0), unbox(1))); });
    case IntrinsicId::FloatGt:
      return with_float_argument([&] { return boolean(b_.CreateFCmpOGT(unbox(0), unbox(1))); });
    case IntrinsicId::FloatLe:
      return with_float_argument([&] { return boolean(b_.CreateFCmpOLE(unbox(0), unbox(1))); });
    case IntrinsicId::FloatGe:
      return with_float_argument([&] { return boolean(b_.CreateFCmpOGE(unbox(0), unbox(1))); });
    case IntrinsicId::FloatIsNan:
      return boolean(b_.CreateFCmpUNO(unbox(0), unbox(0)));
    case IntrinsicId::FloatIsInfinite: {
      llvm::Value* magnitude = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, unbox(0));
      return boolean(b_.CreateFCmpOEQ(magnitude, llvm::ConstantFP::getInfinity(b_.getDoubleTy())));
    }
    case IntrinsicId::FloatAbsolute:
      return box(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, unbox(0)));
    case IntrinsicId::FloatFloor:
      return box(b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, unbox(0)));
    case IntrinsicId::FloatCeil:
      return box(b_.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, unbox(0)));

    case IntrinsicId::ArrayLength:
      // Lengths stay far below 2^62, so the tagged value is small.
      return b_.CreateOr(b_.CreateShl(array_field(layout::kArrayLength), 1), 1);
    case IntrinsicId::ArrayAt:
      return array_at();
    case IntrinsicId::ArraySet:
      return array_set();

    default:
      return nullptr;
    }
  }

private:
  llvm::Value* boolean(llvm::Value* condition) {
    return b_.CreateSelect(condition, objects_.singleton(mir::Singleton::True),
                           objects_.singleton(mir::Singleton::False));
  }

  llvm::Value* unbox(size_t index) {
    llvm::Value* pointer = b_.CreateIntToPtr(args_[index], b_.getPtrTy());
    return b_.CreateLoad(b_.getDoubleTy(),
                         b_.CreateInBoundsGEP(b_.getInt8Ty(), pointer, b_.getInt64(16)));
  }

  // Runs `fast` when the second argument is a Float, the runtime otherwise.
  // A small Integer has no header, so its class is read from Nil's instead.
  template <typename Fast> llvm::Value* with_float_argument(Fast fast) {
    llvm::Value* small = b_.CreateTrunc(args_[1], b_.getInt1Ty());
    llvm::Value* object = b_.CreateSelect(small, objects_.singleton(mir::Singleton::Nil), args_[1]);
    llvm::LoadInst* klass = b_.CreateLoad(b_.getPtrTy(), b_.CreateIntToPtr(object, b_.getPtrTy()));
    klass->setMetadata(llvm::LLVMContext::MD_invariant_load,
                       llvm::MDNode::get(b_.getContext(), {}));
    llvm::Value* is_float = b_.CreateICmpEQ(klass, objects_.float_class());
    return with_fast_path(is_float, [&]() -> std::pair<llvm::Value*, llvm::Value*> {
      return {fast(), nullptr};
    });
  }

  llvm::Value* box(llvm::Value* value) {
    llvm::Module* module = b_.GetInsertBlock()->getModule();
    llvm::FunctionCallee callee = module->getOrInsertFunction(
        "inko_float_new", llvm::FunctionType::get(i64_, {b_.getPtrTy(), b_.getDoubleTy()}, false));
    return b_.CreateCall(callee, {process_, value});
  }

  llvm::Value* both_small() {
    return b_.CreateTrunc(b_.CreateAnd(args_[0], args_[1]), b_.getInt1Ty());
  }

  // The runtime's full implementation (big integers, overflow, growing
  // arrays, negative indices).
  llvm::Value* slow_call() {
    llvm::Module* module = b_.GetInsertBlock()->getModule();
    const check::IntrinsicInfo& info = check::intrinsic_info(id_);
    std::vector<llvm::Type*> params(args_.size() + 1, i64_);
    params[0] = b_.getPtrTy();
    std::vector<llvm::Value*> arguments{process_};
    arguments.insert(arguments.end(), args_.begin(), args_.end());
    llvm::FunctionCallee callee =
        module->getOrInsertFunction(info.symbol, llvm::FunctionType::get(i64_, params, false));
    return b_.CreateCall(callee, arguments);
  }

  // Runs `fast` when both operands are small Integers (and `fast` reports
  // no overflow), the runtime otherwise.
  template <typename Fast> llvm::Value* with_fast_path(Fast fast) {
    return with_fast_path(both_small(), fast);
  }

  // Runs `fast` when `condition` holds (and `fast` reports no overflow), the
  // runtime otherwise.
  template <typename Fast> llvm::Value* with_fast_path(llvm::Value* condition, Fast fast) {
    llvm::Function* function = b_.GetInsertBlock()->getParent();
    auto* fast_block = llvm::BasicBlock::Create(b_.getContext(), "fast", function);
    auto* slow_block = llvm::BasicBlock::Create(b_.getContext(), "general", function);
    auto* done = llvm::BasicBlock::Create(b_.getContext(), "intrinsic_done", function);
    llvm::MDBuilder weights(b_.getContext());
    b_.CreateCondBr(condition, fast_block, slow_block, weights.createLikelyBranchWeights());
    b_.SetInsertPoint(fast_block);
    auto [value, overflow] = fast();
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    if (overflow != nullptr) {
      b_.CreateCondBr(overflow, slow_block, done, weights.createUnlikelyBranchWeights());
    } else {
      b_.CreateBr(done);
    }
    b_.SetInsertPoint(slow_block);
    llvm::Value* slow = slow_call();
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode* result = b_.CreatePHI(value->getType(), 2);
    result->addIncoming(value, fast_end);
    result->addIncoming(slow, slow_end);
    return result;
  }

  llvm::Value* arithmetic(llvm::Intrinsic::ID op, llvm::Value* left, llvm::Value* right,
                          bool retag) {
    return with_fast_path([&]() -> std::pair<llvm::Value*, llvm::Value*> {
      llvm::Value* result = b_.CreateBinaryIntrinsic(op, left, right);
      llvm::Value* value = b_.CreateExtractValue(result, 0);
      if (retag)
        value = b_.CreateOr(value, 1);
      return {value, b_.CreateExtractValue(result, 1)};
    });
  }

  // Floored `/` or `%` (L100) of two small Integers with a divisor other
  // than 0 (the runtime panics on 0). Operands are within ±2^62, so sdiv
  // and srem are defined; only -2^62 / -1 leaves the small range.
  llvm::Value* floored_division(bool modulo) {
    llvm::Value* nonzero = b_.CreateICmpNE(args_[1], b_.getInt64(1)); // tagged 0
    return with_fast_path(
        b_.CreateAnd(both_small(), nonzero), [&]() -> std::pair<llvm::Value*, llvm::Value*> {
          llvm::Value* x = b_.CreateAShr(args_[0], 1);
          llvm::Value* y = b_.CreateAShr(args_[1], 1);
          llvm::Value* remainder = b_.CreateSRem(x, y);
          // A remainder whose sign differs from the divisor's rounds toward
          // negative infinity.
          llvm::Value* adjust =
              b_.CreateAnd(b_.CreateICmpNE(remainder, b_.getInt64(0)),
                           b_.CreateICmpSLT(b_.CreateXor(remainder, y), b_.getInt64(0)));
          if (modulo) {
            llvm::Value* result = b_.CreateSelect(adjust, b_.CreateAdd(remainder, y), remainder);
            return {b_.CreateOr(b_.CreateShl(result, 1), 1), nullptr};
          }
          llvm::Value* quotient = b_.CreateSub(b_.CreateSDiv(x, y), b_.CreateZExt(adjust, i64_));
          llvm::Value* doubled =
              b_.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, quotient, quotient);
          return {b_.CreateOr(b_.CreateExtractValue(doubled, 0), 1),
                  b_.CreateExtractValue(doubled, 1)};
        });
  }

  llvm::Value* bitwise(llvm::Value* fast_value) {
    return with_fast_path([&]() -> std::pair<llvm::Value*, llvm::Value*> {
      return {fast_value, nullptr};
    });
  }

  llvm::Value* comparison(llvm::CmpInst::Predicate predicate) {
    return with_fast_path([&]() -> std::pair<llvm::Value*, llvm::Value*> {
      return {boolean(b_.CreateICmp(predicate, args_[0], args_[1])), nullptr};
    });
  }

  // The address of a field of the array in the first argument.
  llvm::Value* array_field_address(uint64_t offset) {
    return b_.CreateInBoundsGEP(b_.getInt8Ty(), b_.CreateIntToPtr(args_[0], b_.getPtrTy()),
                                b_.getInt64(offset));
  }

  llvm::Value* array_field(uint64_t offset) {
    return b_.CreateLoad(i64_, array_field_address(offset));
  }

  // The address of element `position` of the array in the first argument.
  llvm::Value* element_address(llvm::Value* position) {
    llvm::Value* values = b_.CreateLoad(b_.getPtrTy(), array_field_address(layout::kArrayValues));
    return b_.CreateInBoundsGEP(i64_, values, position);
  }

  // A small, non-negative index below `limit`: the position (untagged) and
  // whether it qualifies. Negative indices wrap to huge unsigned positions.
  std::pair<llvm::Value*, llvm::Value*> position_below(llvm::Value* limit) {
    llvm::Value* index = args_[1];
    llvm::Value* position = b_.CreateAShr(index, 1);
    llvm::Value* small = b_.CreateTrunc(index, b_.getInt1Ty());
    return {position, b_.CreateAnd(small, b_.CreateICmpULT(position, limit))};
  }

  // `array[i]` for 0 <= i < length loads the element; the runtime handles
  // negative and big indices and reads past the end (Nil).
  llvm::Value* array_at() {
    auto [position, in_range] = position_below(array_field(layout::kArrayLength));
    return with_fast_path(in_range, [&]() -> std::pair<llvm::Value*, llvm::Value*> {
      return {b_.CreateLoad(i64_, element_address(position)), nullptr};
    });
  }

  // `array[i] = v` for 0 <= i <= length with room in the buffer stores
  // directly (appending when i == length); the runtime handles growing,
  // padding with Nil, negative indices and permanent arrays (whose values
  // must be made permanent).
  llvm::Value* array_set() {
    llvm::Value* length = array_field(layout::kArrayLength);
    llvm::Value* capacity = array_field(layout::kArrayCapacity);
    auto [position, below_capacity] = position_below(capacity);
    llvm::Value* no_gap = b_.CreateICmpULE(position, length);
    llvm::Value* permanent = b_.CreateTrunc(array_field(layout::kHeaderFlags), b_.getInt1Ty());
    llvm::Value* condition =
        b_.CreateAnd(b_.CreateAnd(below_capacity, no_gap), b_.CreateNot(permanent));
    return with_fast_path(condition, [&]() -> std::pair<llvm::Value*, llvm::Value*> {
      b_.CreateStore(args_[2], element_address(position));
      llvm::Value* appended = b_.CreateICmpEQ(position, length);
      llvm::Value* new_length =
          b_.CreateSelect(appended, b_.CreateAdd(length, b_.getInt64(1)), length);
      b_.CreateStore(new_length, array_field_address(layout::kArrayLength));
      return {args_[2], nullptr};
    });
  }

  llvm::IRBuilder<>& b_;
  ObjectEmitter& objects_;
  llvm::Value* process_;
  IntrinsicId id_;
  const std::vector<llvm::Value*>& args_;
  llvm::Type* i64_;
};

} // namespace

llvm::Value* emit_inline_intrinsic(llvm::IRBuilder<>& builder, ObjectEmitter& objects,
                                   llvm::Value* process, check::IntrinsicId id,
                                   const std::vector<llvm::Value*>& arguments) {
  return InlineIntrinsic(builder, objects, process, id, arguments).emit();
}

} // namespace inko::codegen
