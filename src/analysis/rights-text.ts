/** Effective rights in a few letters, as the CLI and findings print them: `rw- kernel`, `r-x user`. */
export function rightsText(r: { user: boolean; writable: boolean; noExecute: boolean }): string {
  return `${r.writable ? 'rw' : 'r-'}${r.noExecute ? '-' : 'x'} ${r.user ? 'user' : 'kernel'}`;
}
