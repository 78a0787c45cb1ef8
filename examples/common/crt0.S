/* Start file shared by the examples (RISC-V machine mode, RV32).
 * QEMU `virt` with `-bios none` jumps here in M-mode with a0 = hart id and
 * a1 = device-tree address; we need neither. We set up gp and sp, clear
 * .bss, point mtvec at machine_trap (board.c has a default; a program may
 * define its own), run main, and hand its result to the test finisher. */

    .section .text.start, "ax"
    .globl _start
_start:
    /* gp must be loaded without relaxation, or the linker would rewrite
     * this very instruction to be relative to the gp it is setting. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    la      sp, __stack_top

    /* C expects .bss to be zero. */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:
    /* Direct mode (MODE = 0): every trap goes to machine_trap, which is
     * 4-byte aligned as mtvec requires. */
    la      t0, machine_trap
    csrw    mtvec, t0

    call    main
    /* main's return value is the exit code: 0 = pass. */
    call    board_exit
    /* board_exit never returns. */
