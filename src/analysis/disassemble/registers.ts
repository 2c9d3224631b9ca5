import { GPR_NAMES, HIGH_BYTE, SEG_NAMES } from '../../core/cpu/registers.ts';

const GPR32 = [
  'eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi',
  'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d',
] as const; // prettier-ignore
const GPR16 = [
  'ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di',
  'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w',
] as const; // prettier-ignore
const GPR8 = [
  'al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil',
  'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b',
] as const; // prettier-ignore
const HIGH8 = ['ah', 'ch', 'dh', 'bh'] as const;

/**
 * A general-purpose register's name at an operand size (1, 2, 4 or 8 bytes), as Intel syntax
 * spells it. Byte registers arrive as the decoder's codes: `HIGH_BYTE | n` is AH..BH.
 */
export function gprName(code: number, size: number): string {
  if (size === 1) return code & HIGH_BYTE ? HIGH8[code & 3] : GPR8[code];
  if (size === 2) return GPR16[code];
  if (size === 4) return GPR32[code];
  return GPR_NAMES[code];
}

export function segmentName(n: number): string {
  return SEG_NAMES[n] ?? `seg${n}`;
}

/** Intel's size keyword for a memory operand of `bytes` bytes ('' when it has none). */
export function sizeKeyword(bytes: number): string {
  switch (bytes) {
    case 1:
      return 'BYTE PTR ';
    case 2:
      return 'WORD PTR ';
    case 4:
      return 'DWORD PTR ';
    case 6:
      return 'FWORD PTR ';
    case 8:
      return 'QWORD PTR ';
    case 10:
      return 'TBYTE PTR ';
    case 16:
      return 'XMMWORD PTR ';
    default:
      return '';
  }
}
