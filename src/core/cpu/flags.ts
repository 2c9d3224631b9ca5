/** RFLAGS bits (Intel SDM Vol. 1, 3.4.3). */
export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
export const IOPL = 3 << 12;
export const NT = 1 << 14;
export const RF = 1 << 16;
export const VM = 1 << 17;
export const AC = 1 << 18;
export const VIF = 1 << 19;
export const VIP = 1 << 20;
export const ID = 1 << 21;

/** The six status flags that arithmetic instructions define (and lazy evaluation tracks). */
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** Bit 1 reads as 1 on every x86 CPU. */
export const FIXED_ONE = 1 << 1;
/** Bits software can change with popf at CPL 0 (VM and VIF/VIP excluded: no v8086 here). */
export const WRITABLE = ARITH | TF | IF | DF | OF | IOPL | NT | RF | AC | ID;

/** PARITY[b] is PF for result byte b: set when b has an even number of one bits. */
export const PARITY = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let n = 0;
  for (let v = b; v; v >>= 1) n += v & 1;
  PARITY[b] = n & 1 ? 0 : PF;
}
