/** JSON for the CLI's --json output: BigInts (addresses, entries) as 0x-prefixed hex strings. */
export function jsonText(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v),
      2,
    ) + '\n'
  );
}
