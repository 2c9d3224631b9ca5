// Test support: a Multiboot 1 kernel that shows what the machine gave it. For each module it
// prints the module's string (name and command line), '=', the module's bytes up to the
// first NUL and a newline; then it reads sector 0 of the primary ATA master and of the slave
// (READ SECTORS, polled) and prints each up to its first NUL; then it exits through
// isa-debug-exit with 0. A drive that answers with ERR, or not at all, prints nothing.
import { buildElf } from '../boot/test-helpers/elf-builder.ts';
import { concat, mb1Header } from '../boot/test-helpers/headers.ts';

const LOAD = 0x100000;
/** Where a sector is read to, and the stack's top: both inside the kernel's segment. */
const SEGMENT_SIZE = 0x10000;

const CODE = [
  ...[0xbc, 0x00, 0xf0, 0x10, 0x00], // mov esp, 0x10f000
  ...[0x89, 0xdd], // mov ebp, ebx: the Multiboot information
  ...[0xf6, 0x45, 0x00, 0x08], // test byte [ebp], 8: are there modules?
  ...[0x74, 0x35], // jz disks
  ...[0x8b, 0x4d, 0x14], // mov ecx, [ebp+20]: mods_count
  ...[0x8b, 0x5d, 0x18], // mov ebx, [ebp+24]: mods_addr
  // mods:
  ...[0x85, 0xc9], // test ecx, ecx
  ...[0x74, 0x2b], // jz disks
  0x51, // push ecx
  ...[0x8b, 0x73, 0x08], // mov esi, [ebx+8]: the module's string
  ...[0x83, 0xcf, 0xff], // or edi, -1
  ...[0xe8, 0x81, 0x00, 0x00, 0x00], // call print
  ...[0xb0, 0x3d], // mov al, '='
  ...[0xe8, 0x8b, 0x00, 0x00, 0x00], // call putc
  ...[0x8b, 0x33], // mov esi, [ebx]: mod_start
  ...[0x8b, 0x7b, 0x04], // mov edi, [ebx+4]: mod_end
  ...[0xe8, 0x70, 0x00, 0x00, 0x00], // call print
  ...[0xb0, 0x0a], // mov al, '\n'
  ...[0xe8, 0x7a, 0x00, 0x00, 0x00], // call putc
  ...[0x83, 0xc3, 0x10], // add ebx, 16: the next module
  0x59, // pop ecx
  0x49, // dec ecx
  ...[0xeb, 0xd1], // jmp mods
  // disks:
  ...[0xb0, 0xe0], // mov al, 0xe0: LBA, master
  ...[0xe8, 0x0c, 0x00, 0x00, 0x00], // call disk
  ...[0xb0, 0xf0], // mov al, 0xf0: LBA, slave
  ...[0xe8, 0x05, 0x00, 0x00, 0x00], // call disk
  ...[0x31, 0xc0], // xor eax, eax
  ...[0xe6, 0xf4], // out 0xf4, al: exit 0
  0xf4, // hlt
  // disk: al selects the drive; reads LBA 0 and prints it
  ...[0x66, 0xba, 0xf6, 0x01], // mov dx, 0x1f6: drive/head
  0xee, // out dx, al
  ...[0x66, 0xba, 0xf2, 0x01], // mov dx, 0x1f2: sector count
  ...[0xb0, 0x01], // mov al, 1
  0xee, // out dx, al
  ...[0x30, 0xc0], // xor al, al
  ...[0x66, 0x42], // inc dx: LBA 0-7
  0xee, // out dx, al
  ...[0x66, 0x42], // inc dx: LBA 8-15
  0xee, // out dx, al
  ...[0x66, 0x42], // inc dx: LBA 16-23
  0xee, // out dx, al
  ...[0x66, 0xba, 0xf7, 0x01], // mov dx, 0x1f7: command
  ...[0xb0, 0x20], // mov al, 0x20: READ SECTORS
  0xee, // out dx, al
  ...[0xb9, 0xa0, 0x86, 0x01, 0x00], // mov ecx, 100000: polls before giving up
  // poll:
  0xec, // in al, dx: status
  ...[0xa8, 0x80], // test al, BSY
  ...[0x75, 0x08], // jnz busy
  ...[0xa8, 0x01], // test al, ERR
  ...[0x75, 0x06], // jnz none
  ...[0xa8, 0x08], // test al, DRQ
  ...[0x75, 0x03], // jnz ready
  // busy:
  ...[0xe2, 0xf1], // loop poll
  // none:
  0xc3, // ret
  // ready:
  ...[0x66, 0xba, 0xf0, 0x01], // mov dx, 0x1f0: data
  ...[0xbf, 0x00, 0x40, 0x10, 0x00], // mov edi, 0x104000
  ...[0xb9, 0x00, 0x01, 0x00, 0x00], // mov ecx, 256
  ...[0x66, 0xf3, 0x6d], // rep insw
  ...[0xbe, 0x00, 0x40, 0x10, 0x00], // mov esi, 0x104000
  ...[0x8d, 0xbe, 0x00, 0x02, 0x00, 0x00], // lea edi, [esi+512]; falls into print
  // print: bytes from esi while esi < edi, up to a NUL
  ...[0x39, 0xfe], // cmp esi, edi
  ...[0x73, 0x0c], // jae done
  0xac, // lodsb
  ...[0x84, 0xc0], // test al, al
  ...[0x74, 0x07], // jz done
  ...[0xe8, 0x03, 0x00, 0x00, 0x00], // call putc
  ...[0xeb, 0xf0], // jmp print
  // done:
  0xc3, // ret
  // putc: al to COM1
  0x52, // push edx
  ...[0x66, 0xba, 0xf8, 0x03], // mov dx, 0x3f8
  0xee, // out dx, al
  0x5a, // pop edx
  0xc3, // ret
];

export function mediaEchoKernel(): Uint8Array {
  const header = mb1Header(3);
  return buildElf({
    class: 32,
    entry: LOAD + header.length,
    segments: [{ vaddr: LOAD, data: concat(header, new Uint8Array(CODE)), memsz: SEGMENT_SIZE }],
  });
}
