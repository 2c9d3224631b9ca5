import type { Framebuffer } from '../core/devices/framebuffer.ts';
import type { VgaText } from '../core/devices/vga-text.ts';
import type { Machine } from '../core/machine.ts';
import { hexShort } from './format.ts';
import type { ScreenView } from './inspector-views.ts';

/** One RGBA frame per framebuffer, converted into in place: only changed rows are redone. */
const frames = new WeakMap<Framebuffer, Uint8Array>();
/** Framebuffers the guest has drawn on: checked in the rows that change, so once each. */
const drawn = new WeakSet<Framebuffer>();

/** Whether RGBA rows hold a pixel that is not black (alpha aside). */
function anyColour(rgba: Uint8Array): boolean {
  for (let k = 0; k < rgba.length; k += 4) if (rgba[k] | rgba[k + 1] | rgba[k + 2]) return true;
  return false;
}

/**
 * What the screen shows: the VGA text screen (rendered by the device from text memory and
 * its CRTC registers) and the framebuffer's rows that changed since the last call, or all of
 * them with `full` (a panel that has drawn nothing yet), and whether the guest has drawn on
 * the framebuffer at all (else it writes to the text screen). The framebuffer may be MMIO outside
 * RAM, where the page's shared RAM cannot see it, so its pixels travel in the view.
 */
export function screenView(machine: Machine, full: boolean): ScreenView {
  const vga = machine.devices.get<VgaText>('vga');
  const fb = machine.devices.get<Framebuffer>('framebuffer');
  let framebuffer: ScreenView['framebuffer'] = null;
  if (fb) {
    let frame = frames.get(fb);
    if (!frame) {
      frame = new Uint8Array(fb.width * fb.height * 4);
      frames.set(fb, frame);
    }
    const dirty = fb.readRgba(frame, full);
    const row = fb.width * 4;
    if (dirty && !drawn.has(fb) && anyColour(frame.subarray(dirty.top * row, dirty.bottom * row)))
      drawn.add(fb);
    const address = hexShort(fb.base);
    framebuffer = {
      width: fb.width,
      height: fb.height,
      address,
      drawn: drawn.has(fb),
      rows: dirty && {
        width: fb.width,
        height: fb.height,
        address,
        top: dirty.top,
        bottom: dirty.bottom,
        rgba: frame.slice(dirty.top * row, dirty.bottom * row),
      },
    };
  }
  return { text: vga ? vga.render() : null, framebuffer };
}
