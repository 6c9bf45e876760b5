// inko_stack_grow_call for AArch64 (AAPCS64): runs a function on a new
// stack segment (runtime/src/stack/segments.h, docs/stacks.md).
//
// Called by an Inko function with its own arguments (the process in x0)
// after inko_process_poll_entry passed it the segment's SegmentLink in
// hot.unwind_target (process + 16), which it restores from the link's
// saved_unwind_target (no Inko code runs in between; a non-local return
// may be under way). Copies the arguments passed on the stack
// below the link, records the stack pointer it leaves in link->caller_sp,
// calls link->target on the new segment, and on return switches back and
// calls inko_stack_segment_return(process), keeping the result (x0, x1).
//
// Frame (48 bytes) on the caller's segment, from x29 up: x29, x30, x19,
// x20, x21, x22. The CFA is defined from x29, which points into the
// caller's segment, so unwinders walk from the new segment into the old one.
#if defined(__aarch64__)

  .text
  .globl inko_stack_grow_call
  .type inko_stack_grow_call, %function
  .p2align 4
inko_stack_grow_call:
  .cfi_startproc
  stp x29, x30, [sp, #-48]!
  .cfi_def_cfa_offset 48
  .cfi_offset x29, -48
  .cfi_offset x30, -40
  mov x29, sp
  .cfi_def_cfa x29, 48
  stp x19, x20, [sp, #16]
  .cfi_offset x19, -32
  .cfi_offset x20, -24
  stp x21, x22, [sp, #32]
  .cfi_offset x21, -16
  .cfi_offset x22, -8
  mov x19, x0                  // the process
  ldr x20, [x0, #16]           // its SegmentLink
  ldr x9, [x20, #24]
  str x9, [x0, #16]            // hot.unwind_target as it was
  mov x9, sp
  str x9, [x20, #16]           // link->caller_sp
  ldr x21, [x20, #8]           // link->stack_words
  lsl x10, x21, #3
  add x10, x10, #15
  and x10, x10, #-16
  sub x22, x20, x10            // the new stack pointer, 16-byte aligned
  add x11, x29, #48            // the arguments passed on the stack
  mov x10, #0
1:
  cmp x10, x21
  b.hs 2f
  ldr x12, [x11, x10, lsl #3]
  str x12, [x22, x10, lsl #3]
  add x10, x10, #1
  b 1b
2:
  ldr x16, [x20]               // link->target
  mov sp, x22
  blr x16
  mov sp, x29                  // back on the caller's segment
  mov x21, x0
  mov x22, x1
  mov x0, x19
  bl inko_stack_segment_return
  mov x0, x21
  mov x1, x22
  ldp x21, x22, [sp, #32]
  ldp x19, x20, [sp, #16]
  ldp x29, x30, [sp], #48
  .cfi_def_cfa sp, 0
  ret
  .cfi_endproc
  .size inko_stack_grow_call, .-inko_stack_grow_call

#endif

  .section .note.GNU-stack, "", %progbits
