/** A run of text in the registers dump, and whether it differs from before the step. */
export interface Piece {
  text: string;
  changed: boolean;
}

/**
 * Marks what changed between two `info registers` dumps, token by token: the layout is fixed
 * (same lines, same fields in the same places), so the nth word of a line is the same field
 * before and after, whatever the field is (a register, a flag string, a segment's base).
 * Whitespace is kept so the QEMU layout renders unchanged.
 */
export function diffRegisters(now: string, before: string | null): Piece[][] {
  const old = before?.split('\n') ?? [];
  return now.split('\n').map((line, i) => {
    const was = old[i]?.split(/(\s+)/) ?? null;
    return line.split(/(\s+)/).map((text, k) => ({
      text,
      changed: was !== null && text.trim() !== '' && was[k] !== text,
    }));
  });
}
