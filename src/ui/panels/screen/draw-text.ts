import type { TextScreen } from '../../../core/devices/vga-text.ts';

export const CELL_W = 9;
export const CELL_H = 16;

const css = (rgb: number) => '#' + rgb.toString(16).padStart(6, '0');

/**
 * Draws a VGA text screen as the monitor shows it: each cell's background and character in
 * the attribute's colours through the palette, bit 7 a blink (drawn steady) or a bright
 * background, and the CRTC's cursor as an underline.
 */
export function drawTextScreen(g: CanvasRenderingContext2D, s: TextScreen, font: string): void {
  const lines = s.text.split('\n');
  g.font = `${CELL_H - 2}px ${font}`;
  g.textBaseline = 'top';
  for (let y = 0; y < s.rows; y++) {
    const line = lines[y] ?? '';
    for (let x = 0; x < s.cols; x++) {
      const a = s.attrs[y * s.cols + x];
      const bg = s.blink ? (a >> 4) & 7 : a >> 4;
      g.fillStyle = css(s.palette[bg]);
      g.fillRect(x * CELL_W, y * CELL_H, CELL_W, CELL_H);
      const ch = line[x] ?? ' ';
      if (ch === ' ' || ch === '\u00a0') continue;
      g.fillStyle = css(s.palette[a & 15]);
      g.fillText(ch, x * CELL_W, y * CELL_H + 1, CELL_W);
    }
  }
  if (s.cursor.visible) {
    const a = s.attrs[s.cursor.row * s.cols + s.cursor.col] ?? 7;
    g.fillStyle = css(s.palette[a & 15]);
    g.fillRect(s.cursor.col * CELL_W, s.cursor.row * CELL_H + CELL_H - 3, CELL_W, 2);
  }
}
