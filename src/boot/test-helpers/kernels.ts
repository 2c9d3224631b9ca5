import { buildKernel, FREESTANDING } from './toolchain.ts';

/**
 * Tiny kernels in C and assembly, built with the host gcc and ld, so tests see what a real
 * toolchain emits: section-to-segment layout, symbol tables, BSS, relocations.
 */

const C_MAIN = `
#include <stdint.h>
volatile uint32_t boot_magic;
volatile uint32_t counter = 42;
uint8_t big_bss[1 << 20];
void kmain(uint32_t magic, uint32_t info) {
  boot_magic = magic;
  big_bss[info & 0xfffff] = 1;
  for (;;) __asm__ volatile("hlt");
}
`;

const LOW_LINKER = `
ENTRY(_start)
SECTIONS {
  . = 1M;
  .text : { KEEP(*(.multiboot*)) *(.text*) }
  .rodata : ALIGN(4K) { *(.rodata*) }
  .data : ALIGN(4K) { *(.data*) }
  .bss : ALIGN(4K) { *(COMMON) *(.bss*) }
  /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
`;

/** Multiboot 1, ELF32, linked at 1 MiB: the classic "bare bones" kernel. */
export function multiboot1Elf32(): Uint8Array {
  const boot = `
.section .multiboot, "a"
.align 4
.long 0x1BADB002
.long 0x3
.long -(0x1BADB002 + 0x3)
.text
.globl _start
.type _start, @function
_start:
  mov $stack_top, %esp
  push %ebx
  push %eax
  call kmain
1: hlt
  jmp 1b
.bss
.align 16
.space 16384
stack_top:
`;
  return buildKernel({ 'boot.S': boot, 'kmain.c': C_MAIN, 'link.ld': LOW_LINKER }, [
    '-m32',
    ...FREESTANDING,
    '-O2',
    '-Wl,-T,link.ld',
  ]);
}

/** Multiboot 2, ELF64 (32-bit entry code), with an information request and an entry address tag. */
export function multiboot2Elf64(): Uint8Array {
  const boot = `
.section .multiboot2, "a"
.align 8
header:
.long 0xe85250d6
.long 0
.long header_end - header
.long -(0xe85250d6 + (header_end - header))
.align 8
.short 1, 0
.long 16
.long 6, 4
.align 8
.short 3, 0
.long 12
.long _start
.align 8
.short 0, 0
.long 8
header_end:
.text
.code32
.globl _start
_start:
  cli
1: hlt
  jmp 1b
`;
  return buildKernel({ 'boot.S': boot, 'link.ld': LOW_LINKER }, [
    ...FREESTANDING,
    '-Wl,-T,link.ld',
  ]);
}

/** Multiboot 1 with the a.out-kludge address fields, in an ELF64 file. */
export function aoutKludgeElf64(): Uint8Array {
  const boot = `
.section .multiboot, "a"
.align 4
mb_header:
.long 0x1BADB002
.long 0x10003
.long -(0x1BADB002 + 0x10003)
.long mb_header
.long mb_header
.long _edata
.long _end
.long _start
.text
.code32
.globl _start
_start:
  mov $0x2b, %eax
1: hlt
  jmp 1b
.data
.long 7
.bss
.space 0x20000
`;
  const linker = `
ENTRY(_start)
SECTIONS {
  . = 2M;
  .text : { KEEP(*(.multiboot)) *(.text*) }
  .data : { *(.data*) _edata = .; }
  .bss : { *(.bss*) _end = .; }
  /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
`;
  return buildKernel({ 'boot.S': boot, 'link.ld': linker }, [...FREESTANDING, '-Wl,-T,link.ld']);
}

const LIMINE_LINKER = `
ENTRY(kmain)
PHDRS { text PT_LOAD; rodata PT_LOAD; data PT_LOAD; }
SECTIONS {
  . = 0xffffffff80000000;
  .text : { *(.text .text.*) } :text
  . = ALIGN(CONSTANT(MAXPAGESIZE));
  .rodata : { *(.rodata .rodata.*) } :rodata
  . = ALIGN(CONSTANT(MAXPAGESIZE));
  .data : {
    *(.data .data.*)
    KEEP(*(.requests_start_marker))
    KEEP(*(.requests))
    KEEP(*(.requests_end_marker))
  } :data
  .bss : { *(COMMON) *(.bss .bss.*) } :data
  /DISCARD/ : { *(.eh_frame*) *(.note .note.*) *(.comment) }
}
`;

/** A Limine kernel in the style of limine-c-template: requests in C, higher half, three segments. */
export function limineElf64(): Uint8Array {
  const main = `
#include <stdint.h>
#define USED __attribute__((used, section(".requests")))
#define MAGIC 0xc7b1dd30df4c8b88, 0x0a82e883a194f07b
struct request { uint64_t id[4]; uint64_t revision; void *response; };
__attribute__((used, section(".requests_start_marker")))
static volatile uint64_t start_marker[4] = { 0xf6b8f4b39de7d1ae, 0xfab91a6940fcb9cf, 0x785c6ed015d3e316, 0x181e920a7852b9d9 };
USED static volatile uint64_t base_revision[3] = { 0xf9562b2d5c95a6c8, 0x6a7b384944536bdc, 3 };
USED volatile struct request hhdm_request = { { MAGIC, 0x48dcf1cb8ad2b852, 0x63984e959a98244b }, 0, 0 };
USED volatile struct request memmap_request = { { MAGIC, 0x67cf3d9d378a806f, 0xe304acdfc50c3c62 }, 0, 0 };
USED volatile struct request info_request = { { MAGIC, 0xf55038d8e2a1202f, 0x279426fcf5f59740 }, 0, 0 };
__attribute__((used, section(".requests_end_marker")))
static volatile uint64_t end_marker[2] = { 0xadc0e0531bb10d03, 0x9572709f31764c62 };
static const char banner[] = "hello from the higher half";
volatile const char *message;
uint8_t heap[1 << 16];
void kmain(void) {
  message = banner;
  heap[0] = 1;
  for (;;) __asm__ volatile("hlt");
}
`;
  return buildKernel({ 'main.c': main, 'link.ld': LIMINE_LINKER }, [
    ...FREESTANDING,
    '-O2',
    '-mcmodel=kernel',
    '-mno-red-zone',
    '-mgeneral-regs-only',
    '-Wl,-T,link.ld',
  ]);
}

/** A position-independent Limine kernel linked at 0: its pointers need R_X86_64_RELATIVE. */
export function liminePie(): Uint8Array {
  const main = `
#include <stdint.h>
__attribute__((used, section(".requests")))
static volatile uint64_t base_revision[3] = { 0xf9562b2d5c95a6c8, 0x6a7b384944536bdc, 3 };
static const char text[] = "relocated";
const char *volatile pointer_to_text = text;
void kmain(void) { for (;;) __asm__ volatile("hlt"); }
`;
  const linker = LIMINE_LINKER.replace('. = 0xffffffff80000000;', '. = 0;')
    .replace(
      'PHDRS { text PT_LOAD; rodata PT_LOAD; data PT_LOAD; }',
      'PHDRS { text PT_LOAD; rodata PT_LOAD; data PT_LOAD; dynamic PT_DYNAMIC; }',
    )
    .replace('.bss :', '.dynamic : { *(.dynamic) } :data :dynamic\n  .bss :');
  return buildKernel({ 'main.c': main, 'link.ld': linker }, [
    '-ffreestanding',
    '-nostdlib',
    '-fpie',
    '-static-pie',
    '-fno-stack-protector',
    '-fno-asynchronous-unwind-tables',
    '-mgeneral-regs-only',
    '-Wl,--no-dynamic-linker',
    '-Wl,--build-id=none',
    '-Wl,-z,max-page-size=0x1000',
    '-Wl,-z,noexecstack',
    '-Wl,-T,link.ld',
  ]);
}
