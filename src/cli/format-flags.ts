/** QEMU's `[DOSZAPC]` flag string: a letter where the flag is set, '-' where clear. */
export function formatFlags(rflags: number): string {
  const bits: [number, string][] = [
    [10, 'D'],
    [11, 'O'],
    [7, 'S'],
    [6, 'Z'],
    [4, 'A'],
    [2, 'P'],
    [0, 'C'],
  ];
  return '[' + bits.map(([b, ch]) => ((rflags >> b) & 1 ? ch : '-')).join('') + ']';
}
