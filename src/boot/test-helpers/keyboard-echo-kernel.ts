import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKernel, FREESTANDING } from './toolchain.ts';

/**
 * A Multiboot 1 kernel that stays in 32-bit protected mode, writes a banner to the VGA text
 * screen, then polls the 8042 for set 1 scancodes and echoes letters, digits and spaces on
 * the next row. Enter ends it through isa-debug-exit with the number of characters typed.
 */
const KERNEL_C = `
#include <stdint.h>
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
static inline void outb(uint16_t port, uint8_t v) {
  __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static volatile uint16_t *const text = (volatile uint16_t *)0xb8000;
static const char row_q[] = "qwertyuiop", row_a[] = "asdfghjkl", row_z[] = "zxcvbnm";
static const char digits[] = "1234567890";
static char ascii(uint8_t make) {
  if (make >= 0x02 && make <= 0x0b) return digits[make - 0x02];
  if (make >= 0x10 && make <= 0x19) return row_q[make - 0x10];
  if (make >= 0x1e && make <= 0x26) return row_a[make - 0x1e];
  if (make >= 0x2c && make <= 0x32) return row_z[make - 0x2c];
  if (make == 0x39) return ' ';
  return 0;
}
static void put(int row, int col, const char *s) {
  for (; *s; s++) text[row * 80 + col++] = 0x0700 | (uint8_t)*s;
}
void kmain(void) {
  for (int i = 0; i < 80 * 25; i++) text[i] = 0x0720;
  put(0, 0, "keyboard echo: type, then Enter");
  put(1, 0, "> ");
  int typed = 0;
  for (;;) {
    if (!(inb(0x64) & 1)) continue;
    uint8_t code = inb(0x60);
    if (code == 0x1c) outb(0xf4, (uint8_t)typed);
    char c = ascii(code);
    if (c) text[80 + 2 + typed++] = 0x0700 | (uint8_t)c;
  }
}
`;

const BOOT_S = `
.section .multiboot, "a"
.align 4
.long 0x1BADB002
.long 0x3
.long -(0x1BADB002 + 0x3)
.text
.globl _start
_start:
  mov $stack_top, %esp
  call kmain
.bss
.align 16
.space 4096
stack_top:
`;

const LINKER = `
ENTRY(_start)
SECTIONS {
  . = 1M;
  .text : { KEEP(*(.multiboot*)) *(.text*) }
  .rodata : { *(.rodata*) }
  .data : { *(.data*) }
  .bss : { *(COMMON) *(.bss*) }
  /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
`;

/** Builds the kernel and writes it to a temporary file; returns the file's path. */
export function keyboardEchoKernelFile(): string {
  const image = buildKernel({ 'boot.S': BOOT_S, 'kmain.c': KERNEL_C, 'link.ld': LINKER }, [
    '-m32',
    ...FREESTANDING,
    '-O2',
    '-Wl,-T,link.ld',
  ]);
  const file = join(mkdtempSync(join(tmpdir(), 'pagescope-keys-')), 'keyboard-echo.elf');
  writeFileSync(file, image);
  return file;
}
