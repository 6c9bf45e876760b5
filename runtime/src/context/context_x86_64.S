// Stack switching for x86-64 (System V ABI).
//
// inko_context_switch(void** save_sp, void* load_sp) saves the callee-saved
// registers and the floating-point control words on the current stack,
// stores the stack pointer in *save_sp, loads load_sp and restores the
// registers saved there (the control words only when they differ), then
// returns on the other stack. A stack prepared
// by context_prepare (context.cpp) "returns" into inko_context_trampoline.
//
// Saved frame, from the saved stack pointer upwards:
//   0: MXCSR (4 bytes), x87 control word (2 bytes), padding
//   8: r15, r14, r13, r12, rbx, rbp, return address
#if defined(__x86_64__)

  .text
  .globl inko_context_switch
  .hidden inko_context_switch
  .type inko_context_switch, @function
  .p2align 4
inko_context_switch:
  .cfi_startproc
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movl (%rsp), %eax
  movzwl 4(%rsp), %ecx
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  // Loading the control words stalls the pipeline, and contexts almost
  // always hold the same ones: load only those that differ. The MXCSR
  // status flags (low 6 bits) are not preserved across calls anyway.
  movl (%rsp), %edx
  xorl %eax, %edx
  testl $0xffc0, %edx
  jz 1f
  ldmxcsr (%rsp)
1:
  cmpw 4(%rsp), %cx
  je 2f
  fldcw 4(%rsp)
2:
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .cfi_endproc
  .size inko_context_switch, .-inko_context_switch

// First code run on a new stack: calls r12(r13). The entry function never
// returns. The undefined return address and the zero frame pointer make
// unwinders and debuggers stop here, at the base of the process stack.
  .globl inko_context_trampoline
  .hidden inko_context_trampoline
  .type inko_context_trampoline, @function
  .p2align 4
inko_context_trampoline:
  .cfi_startproc
  .cfi_undefined rip
  xorl %ebp, %ebp
  movq %r13, %rdi
  callq *%r12
  ud2
  .cfi_endproc
  .size inko_context_trampoline, .-inko_context_trampoline

#endif

  .section .note.GNU-stack, "", @progbits
