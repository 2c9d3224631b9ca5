import { describe, expect, it } from 'vitest';
import { loadFields, saveFields } from './snapshot-fields.ts';

class Part {
  count = 3;
  on = true;
  readonly regs = new Int32Array([1, 2]);
  queue: number[] = [7];
  readonly callback = () => {};
}

class Device {
  level = 1;
  readonly part = new Part();
}

describe('saveFields', () => {
  it('copies_plain_fields_and_leaves_out_callbacks', () => {
    const p = new Part();
    const s = saveFields(p);
    expect(s).toEqual({ count: 3, on: true, regs: new Int32Array([1, 2]), queue: [7] });
    // Copies, not views of the live part.
    p.regs[0] = 9;
    p.queue.push(8);
    expect(s.regs).toEqual(new Int32Array([1, 2]));
    expect(s.queue).toEqual([7]);
  });

  it('throws_for_an_object_field_neither_skipped_nor_saved_as_a_part', () => {
    expect(() => saveFields(new Device())).toThrow(/Device\.part is neither plain state/);
    expect(saveFields(new Device(), ['part'])).toEqual({ level: 1 });
  });

  it('loads_typed_arrays_in_place_and_ignores_nested_part_states', () => {
    const p = new Part();
    const regs = p.regs;
    loadFields(p, { count: 5, regs: new Int32Array([4, 5]), nested: { level: 2 } });
    expect(p.count).toBe(5);
    expect(p.regs).toBe(regs);
    expect(Array.from(p.regs)).toEqual([4, 5]);
    expect('nested' in p).toBe(false);
  });
});
