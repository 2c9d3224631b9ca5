import type { TextScreen } from '../core/devices/vga-text.ts';

/**
 * The VGA text screen as plain text for a terminal: a header naming its size and the
 * instruction it was taken at, then its rows without trailing blanks, and without the blank
 * rows at the bottom (a kernel that printed three lines gives three lines).
 */
export function formatScreen(screen: TextScreen, instruction: number): string {
  const rows = screen.text.split('\n').map((row) => row.trimEnd());
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  const header = `--- VGA text ${screen.cols}x${screen.rows} at instruction ${instruction} ---`;
  return [header, ...rows, ''].join('\n');
}
