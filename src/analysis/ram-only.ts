import { PhysicalMemory } from '../core/memory/physical-memory.ts';

const views = new WeakMap<PhysicalMemory, PhysicalMemory>();

/**
 * The same RAM without the MMIO map, for the walker when analysis calls it: a page-table
 * read that lands on a device must not reach the device (reads can have effects), so it
 * reads as unbacked memory does, all ones. Shares the buffer: no copy, always current.
 */
export function ramOnly(mem: PhysicalMemory): PhysicalMemory {
  let v = views.get(mem);
  if (!v) {
    if (mem.ram.byteOffset !== 0) throw new RangeError('guest RAM must start its buffer');
    v = new PhysicalMemory(mem.size, mem.ram.buffer);
    views.set(mem, v);
  }
  return v;
}
