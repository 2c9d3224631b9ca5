// Test support: a Multiboot 1 kernel that reads COM1. It counts its polls of the line
// status in ecx (so the state depends on the exact instruction each byte arrives at),
// echoes every byte it reads, sums them in bl, and at '\n' exits through isa-debug-exit
// with the sum's low byte.
import { buildElf } from '../boot/test-helpers/elf-builder.ts';
import { concat, mb1Header } from '../boot/test-helpers/headers.ts';

const READ_LOOP = [
  0x41, // poll: inc ecx
  ...[0x66, 0xba, 0xfd, 0x03], // mov dx, 0x3fd (line status)
  0xec, // in al, dx
  ...[0xa8, 0x01], // test al, 1 (data ready)
  ...[0x74, 0xf6], // jz poll
  ...[0x66, 0xba, 0xf8, 0x03], // mov dx, 0x3f8
  0xec, // in al, dx
  ...[0x00, 0xc3], // add bl, al
  0xee, // out dx, al: echo
  ...[0x3c, 0x0a], // cmp al, '\n'
  ...[0x75, 0xea], // jne poll
  ...[0x88, 0xd8], // mov al, bl
  ...[0xe6, 0xf4], // out 0xf4, al: exit
  0xf4, // hlt
];

export function serialEchoKernel(): Uint8Array {
  const header = mb1Header(3);
  return buildElf({
    class: 32,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, new Uint8Array(READ_LOOP)), memsz: 0x2000 }],
  });
}
