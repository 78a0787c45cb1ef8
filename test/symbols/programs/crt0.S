# Minimal bare-metal start for the symbols test programs (QEMU -M virt
# -bios none): set the stack, clear .bss, call main, then stop QEMU through
# the sifive_test finisher at 0x100000 (0x5555 = pass).
    .section .text.start, "ax"
    .globl _start
_start:
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:  call main
    li t0, 0x100000
    li t1, 0x5555
    sw t1, 0(t0)
3:  j 3b
