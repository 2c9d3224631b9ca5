// Intel-syntax text for reports. Not a disassembler: it prints what a generator meant.
import type { Operand, Reg } from './operands.ts';

const NAMES64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi'];
const NAMES16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const NAMES8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'];
const HIGH8 = ['ah', 'ch', 'dh', 'bh'];
const SUFFIX: Record<number, string> = { 8: 'b', 16: 'w', 32: 'd', 64: '' };
const SIZE_WORD: Record<number, string> = {
  8: 'byte',
  16: 'word',
  32: 'dword',
  64: 'qword',
  128: 'xmmword',
};

export function regName(r: Reg): string {
  if (r.high) return HIGH8[r.num]!;
  if (r.num >= 8) return `r${r.num}${SUFFIX[r.width]}`;
  if (r.width === 64) return NAMES64[r.num]!;
  if (r.width === 32) return `e${NAMES16[r.num]}`;
  if (r.width === 16) return NAMES16[r.num]!;
  return NAMES8[r.num]!;
}

function addrReg(num: number, addr32: boolean | undefined): string {
  return regName({ kind: 'reg', num, width: addr32 ? 32 : 64 });
}

function hex(v: bigint | number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

export function formatOperand(op: Operand): string {
  if (op.kind === 'reg') return regName(op);
  if (op.kind === 'imm') return hex(op.value);
  const parts: string[] = [];
  if (op.rip) parts.push(op.addr32 ? 'eip' : 'rip');
  if (op.base !== null) parts.push(addrReg(op.base, op.addr32));
  if (op.index !== null) parts.push(`${addrReg(op.index, op.addr32)}*${op.scale}`);
  let inner = parts.join('+');
  if (op.disp !== 0 || parts.length === 0) {
    inner += inner === '' ? hex(op.disp) : op.disp < 0 ? hex(op.disp) : `+${hex(op.disp)}`;
  }
  return `${SIZE_WORD[op.width]} [${inner}]`;
}

export function formatInstr(prefixes: readonly string[], mnemonic: string, ops: Operand[]): string {
  const head = [...prefixes, mnemonic].join(' ');
  return ops.length === 0 ? head : `${head} ${ops.map(formatOperand).join(', ')}`;
}
