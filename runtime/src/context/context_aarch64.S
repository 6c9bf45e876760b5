// Stack switching for AArch64 (AAPCS64).
//
// inko_context_switch(void** save_sp, void* load_sp) saves the callee-saved
// registers (x19-x30, d8-d15) and FPCR on the current stack, stores the
// stack pointer in *save_sp, loads load_sp, restores the registers saved
// there and returns through the restored x30. A stack prepared by
// context_prepare (context.cpp) "returns" into inko_context_trampoline.
//
// Saved frame (176 bytes), from the saved stack pointer upwards:
//   0: x19 x20 x21 x22 x23 x24 x25 x26 x27 x28 x29 x30
//  96: d8 d9 d10 d11 d12 d13 d14 d15
// 160: FPCR, padding
#if defined(__aarch64__)

  .text
  .globl inko_context_switch
  .hidden inko_context_switch
  .type inko_context_switch, %function
  .p2align 4
inko_context_switch:
  .cfi_startproc
  sub sp, sp, #176
  stp x19, x20, [sp, #0]
  stp x21, x22, [sp, #16]
  stp x23, x24, [sp, #32]
  stp x25, x26, [sp, #48]
  stp x27, x28, [sp, #64]
  stp x29, x30, [sp, #80]
  stp d8, d9, [sp, #96]
  stp d10, d11, [sp, #112]
  stp d12, d13, [sp, #128]
  stp d14, d15, [sp, #144]
  mrs x9, fpcr
  str x9, [sp, #160]
  mov x10, sp
  str x10, [x0]
  mov sp, x1
  // Writing FPCR can stall; contexts almost always hold the same value.
  ldr x10, [sp, #160]
  cmp x9, x10
  b.eq 1f
  msr fpcr, x10
1:
  ldp x19, x20, [sp, #0]
  ldp x21, x22, [sp, #16]
  ldp x23, x24, [sp, #32]
  ldp x25, x26, [sp, #48]
  ldp x27, x28, [sp, #64]
  ldp x29, x30, [sp, #80]
  ldp d8, d9, [sp, #96]
  ldp d10, d11, [sp, #112]
  ldp d12, d13, [sp, #128]
  ldp d14, d15, [sp, #144]
  add sp, sp, #176
  ret
  .cfi_endproc
  .size inko_context_switch, .-inko_context_switch

// First code run on a new stack: calls x19(x20). The entry function never
// returns. The undefined return address and zero frame pointer make
// unwinders and debuggers stop here, at the base of the process stack.
  .globl inko_context_trampoline
  .hidden inko_context_trampoline
  .type inko_context_trampoline, %function
  .p2align 4
inko_context_trampoline:
  .cfi_startproc
  .cfi_undefined x30
  mov x29, xzr
  mov x30, xzr
  mov x0, x20
  blr x19
  brk #0
  .cfi_endproc
  .size inko_context_trampoline, .-inko_context_trampoline

#endif

  .section .note.GNU-stack, "", %progbits
