/** A register holding a linear address: general registers, the instruction pointer, CR2, DR0-3. */
const NAMED =
  /^((?:R|E)(?:AX|BX|CX|DX|SI|DI|BP|SP|IP)|R(?:8|9|1[0-5])|CR2|DR[0-3])=([0-9a-f]{8}|[0-9a-f]{16})$/;
/** Lines whose first bare hex field is a base address: segments, LDT, TR, GDT, IDT. */
const BASE_LINE = /^(?:ES|CS|SS|DS|FS|GS|LDT|TR|GDT|IDT)\s*=/;
const HEX = /^(?:[0-9a-f]{8}|[0-9a-f]{16})$/;

/** Where a token of an `info registers` line holds an address: the text before it, and it. */
export interface AddressToken {
  prefix: string;
  address: string;
}

/**
 * For each token of a line split as diffRegisters splits it (words and the spaces between):
 * the virtual address it holds, when it is one worth translating with a click (not CR3, a
 * physical address; not flags, selectors or limits); null otherwise.
 */
export function addressTokens(tokens: readonly string[]): (AddressToken | null)[] {
  const line = tokens.join('');
  let baseLeft = BASE_LINE.test(line);
  return tokens.map((t, k) => {
    const named = NAMED.exec(t);
    if (named) return { prefix: `${named[1]}=`, address: named[2] };
    // The first bare hex field after the name and selector is the base.
    if (baseLeft && k > 0 && HEX.test(t)) {
      baseLeft = false;
      return { prefix: '', address: t };
    }
    return null;
  });
}
