// inko_stack_grow_call for x86-64 (System V ABI): runs a function on a new
// stack segment (runtime/src/stack/segments.h, docs/stacks.md).
//
// Called by an Inko function with its own arguments (the process in rdi)
// after inko_process_poll_entry passed it the segment's SegmentLink in
// hot.unwind_target (process + 16), which it restores from the link's
// saved_unwind_target (no Inko code runs in between; a non-local return
// may be under way). Copies the arguments passed on the stack
// below the link, records the stack pointer it leaves in link->caller_sp,
// calls link->target on the new segment, and on return switches back and
// calls inko_stack_segment_return(process), keeping the result (rax:rdx).
//
// Frame on the caller's segment, from rbp down: rbp, rbx, r12, r13, r14.
// The CFA is defined from rbp, which points into the caller's segment, so
// unwinders walk from the new segment into the old one.
#if defined(__x86_64__)

  .text
  .globl inko_stack_grow_call
  .type inko_stack_grow_call, @function
  .p2align 4
inko_stack_grow_call:
  .cfi_startproc
  pushq %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  movq %rsp, %rbp
  .cfi_def_cfa_register %rbp
  pushq %rbx
  .cfi_offset %rbx, -24
  pushq %r12
  .cfi_offset %r12, -32
  pushq %r13
  .cfi_offset %r13, -40
  pushq %r14
  .cfi_offset %r14, -48
  movq %rdi, %rbx              // the process
  movq 16(%rdi), %r12          // its SegmentLink
  movq 24(%r12), %rax
  movq %rax, 16(%rdi)          // hot.unwind_target as it was
  movq %rsp, 16(%r12)          // link->caller_sp
  movq 8(%r12), %r13           // link->stack_words
  leaq 15(,%r13,8), %r14
  andq $-16, %r14
  negq %r14
  addq %r12, %r14              // the new stack pointer, 16-byte aligned
  xorl %r10d, %r10d
1:
  cmpq %r13, %r10
  jae 2f
  movq 16(%rbp,%r10,8), %rax
  movq %rax, (%r14,%r10,8)
  incq %r10
  jmp 1b
2:
  movq (%r12), %r11            // link->target
  movq %r14, %rsp
  callq *%r11
  leaq -32(%rbp), %rsp         // back on the caller's segment
  movq %rax, %r13
  movq %rdx, %r14
  movq %rbx, %rdi
  callq inko_stack_segment_return
  movq %r13, %rax
  movq %r14, %rdx
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  .cfi_def_cfa %rsp, 8
  ret
  .cfi_endproc
  .size inko_stack_grow_call, .-inko_stack_grow_call

#endif

  .section .note.GNU-stack, "", @progbits
