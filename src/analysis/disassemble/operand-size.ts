/**
 * Bytes an operand of the SDM's size letter holds for an instruction of operand size
 * `osize` (Vol. 2 appendix A.2.2): b byte, w word, d dword, q qword, v the operand size,
 * y dword or qword, z word or dword, p a far pointer (offset + selector), x/ps/pd a whole
 * XMM register, ss/sd one scalar. An empty letter (`M`) has no size.
 */
export function operandBytes(letters: string, osize: number): number {
  switch (letters) {
    case 'b':
      return 1;
    case 'w':
      return 2;
    case 'd':
    case 'ss':
      return 4;
    case 'q':
    case 'sd':
      return 8;
    case 'v':
    case 'y':
      return osize;
    case 'z':
      return Math.min(osize, 4);
    case 'p':
      return osize + 2;
    case 'x':
    case 'dq':
    case 'ps':
    case 'pd':
      return 16;
    default:
      return 0;
  }
}
