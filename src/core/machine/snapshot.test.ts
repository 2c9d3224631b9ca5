import { describe, expect, it } from 'vitest';
import { blockKey } from '../cpu/block-cache.ts';
import { RAX, RBX } from '../cpu/registers.ts';
import { CpuState } from '../cpu/state.ts';
import { Uart16550 } from '../devices/uart16550.ts';
import { Machine } from '../machine.ts';
import { isStateOwner } from './snapshot-fields.ts';
import { SWEEP_BASE, snapshotGuest } from './snapshot-guest.ts';
import { hashSnapshot } from './snapshot-hash.ts';
import { RamLedger, ramImagesBytes } from './snapshot-ram.ts';
import { CODE, enterLongMode, load } from './test-guest.ts';
import { CR4_PKE } from '../mmu/paging-bits.ts';
import { T_R_SUP, tlbIndex } from '../mmu/tlb.ts';

const hashOf = (m: Machine) => hashSnapshot(m.snapshot());

describe('CpuState', () => {
  it('holds_only_numbers_and_typed_arrays_so_snapshots_copy_it_generically', () => {
    for (const [name, v] of Object.entries(new CpuState())) {
      const plain = typeof v === 'number' || (ArrayBuffer.isView(v) && !(v instanceof DataView));
      expect(plain, `CpuState.${name}`).toBe(true);
    }
  });
});

describe('Machine snapshots', () => {
  it('snapshot_at_n_run_to_m_restore_run_to_m_again_gives_the_same_hash', () => {
    const { machine: m, serial } = snapshotGuest();
    m.run(700_000);
    const atN = m.snapshot();
    const echoedAtN = serial.length;
    m.run(900_000);
    const first = hashOf(m);
    const echoed = serial.length;
    expect(echoed - echoedAtN).toBeGreaterThan(3);
    m.restore(atN);
    expect(m.cpu.now()).toBe(700_000);
    m.run(900_000);
    expect(hashOf(m)).toBe(first);
    // The timers were restored with their deadlines: the same interrupts came again.
    expect(serial.slice(echoed)).toEqual(serial.slice(echoedAtN, echoed));
  });

  it('matches_a_straight_run_sliced_differently_on_another_machine', () => {
    const a = snapshotGuest().machine;
    a.run(700_000);
    const s = a.snapshot();
    a.run(900_000);
    const b = snapshotGuest().machine;
    for (let k = 0; k < 16; k++) b.run(100_000);
    expect(hashOf(b)).toBe(hashOf(a));
    // And a machine restored from a structured clone, as one sent to a worker arrives.
    const c = snapshotGuest().machine;
    c.restore(structuredClone(s));
    c.run(900_000);
    expect(hashOf(c)).toBe(hashOf(a));
  });

  it('clones_and_restores_a_triple_faulted_machine_with_its_fault_chain', () => {
    const { machine: m } = snapshotGuest();
    load(m, [0x0f, 0x0b]); // ud2 with no IDT gate present: #UD, #NP, #DF, shutdown
    expect(m.run(100).reason).toBe('triple-fault');
    const s = structuredClone(m.snapshot());
    const restored = snapshotGuest().machine;
    restored.restore(s);
    expect(restored.cpu.shutdown?.summary).toBe(m.cpu.shutdown?.summary);
    expect(restored.run(100).reason).toBe('triple-fault');
    expect(hashOf(restored)).toBe(hashOf(m));
  });

  it('hash_changes_when_one_byte_of_ram_or_one_register_differs', () => {
    const m = snapshotGuest().machine;
    m.run(10_000);
    const before = m.snapshot();
    m.mem.write(0x123456, 1, 0x5a);
    const byteChanged = m.snapshot();
    m.cpu.gpr[RAX << 1] ^= 1;
    expect(hashSnapshot(byteChanged)).not.toBe(hashSnapshot(before));
    expect(hashOf(m)).not.toBe(hashSnapshot(byteChanged));
  });

  it('dropping_the_decoded_block_cache_changes_nothing', () => {
    const a = snapshotGuest().machine;
    a.cpu.hotBlockRuns = 1;
    a.run(1_500_000);
    const b = snapshotGuest().machine;
    b.cpu.hotBlockRuns = 1;
    b.run(600_000);
    // The store loop's block is cached and compiled: that is what gets dropped.
    const loop = b.cpu.blocks.get(blockKey(CODE + 58, 64));
    expect(loop?.compiled).not.toBeNull();
    b.cpu.blocks.clear();
    b.run(900_000);
    expect(hashOf(b)).toBe(hashOf(a));
  });

  it('keeps_decoded_blocks_of_unchanged_pages_and_drops_those_of_rewritten_ones', () => {
    const { machine: m } = snapshotGuest();
    const runFromCode = () => {
      m.cpu.halted = false;
      m.cpu.rip[0] = CODE;
      m.run(10);
      return m.cpu.gpr[RAX << 1];
    };
    m.run(400_000); // the IRQ0 handler has run: its block is cached
    const handlerBlock = m.cpu.blocks.get(blockKey(0x200000 + 256 * 0x20, 64));
    expect(handlerBlock).toBeDefined();
    load(m, [0xb8, 1, 0, 0, 0, 0xf4]); // mov eax, 1; hlt
    m.cpu.blocks.invalidateFrame(CODE);
    expect(runFromCode()).toBe(1);
    const s = m.snapshot();
    // Other code on the same page, as a loader would put it there.
    m.mem.write(CODE + 1, 1, 2);
    m.cpu.blocks.invalidateFrame(CODE);
    expect(runFromCode()).toBe(2);
    m.restore(s);
    // The code page was rewritten by the restore: its blocks are decoded again.
    expect(runFromCode()).toBe(1);
    // Pages the restore left alone keep theirs.
    expect(m.cpu.blocks.get(blockKey(0x200000 + 256 * 0x20, 64))).toBe(handlerBlock);
  });

  it('keeps_pkru_and_the_keys_of_tlb_entries_across_restore_and_hashes_them', () => {
    const { machine: m } = snapshotGuest();
    // 0x200000-0x3fffff as a user page with protection key 3 (U/S on every level).
    m.mem.write(0x1000, 4, 0x2000 | 7);
    m.mem.write(0x2000, 4, 0x3000 | 7);
    m.mem.write(0x3000 + 8, 4, 0x200000 | 0x87);
    m.mem.write(0x3000 + 12, 4, 3 << 27);
    m.cpu.cr4 |= CR4_PKE;
    // mov eax, [0x300000]; hlt
    load(m, [0x8b, 0x04, 0x25, 0x00, 0x00, 0x30, 0x00, 0xf4]);
    m.run(10);
    const slot = tlbIndex(0x300000, 0);
    expect(m.cpu.tlb.pkey[slot]).toBe(3);
    const before = m.snapshot();
    m.cpu.pkru = 1 << 6; // AD3
    m.cpu.updateKeyRights();
    expect(m.cpu.tlb.perm[slot] & T_R_SUP).toBe(0);
    const s = m.snapshot();
    expect(hashSnapshot(s)).not.toBe(hashSnapshot(before));
    const restored = snapshotGuest().machine;
    restored.restore(structuredClone(s));
    expect(restored.cpu.pkru).toBe(1 << 6);
    expect(restored.cpu.tlb.pkey[slot]).toBe(3);
    expect(restored.cpu.tlb.perm[slot]).toBe(m.cpu.tlb.perm[slot]);
    expect(hashOf(restored)).toBe(hashSnapshot(s));
    // The keyless rights came back too: lifting AD gives the read right back.
    restored.cpu.pkru = 0;
    restored.cpu.updateKeyRights();
    expect(restored.cpu.tlb.perm[slot] & T_R_SUP).toBe(T_R_SUP);
  });

  it('keeps_a_stale_tlb_entry_across_restore_as_the_cpu_would', () => {
    const { machine: m } = snapshotGuest();
    // mov eax, [0x300000]; hlt
    load(m, [0x8b, 0x04, 0x25, 0x00, 0x00, 0x30, 0x00, 0xf4]);
    m.mem.write(0x300000, 4, 0x11111111);
    m.mem.write(0x500000, 4, 0x22222222);
    m.run(10);
    expect(m.cpu.gpr[RAX << 1]).toBe(0x11111111);
    // Remap 0x200000-0x3fffff (PD entry 1) to the frame at 0x400000 without invlpg.
    m.mem.write(0x3000 + 8, 4, 0x400000 | 0x83);
    const s = m.snapshot();
    const again = (target: Machine) => {
      target.cpu.halted = false;
      target.cpu.rip[0] = CODE;
      target.run(10);
      return target.cpu.gpr[RAX << 1];
    };
    const restored = snapshotGuest().machine;
    restored.restore(s);
    expect(again(restored)).toBe(0x11111111);
    // Without the TLB the new mapping shows: the entry is what kept the old frame.
    const flushed = snapshotGuest().machine;
    flushed.restore(s);
    flushed.cpu.tlb.flushAll();
    expect(again(flushed)).toBe(0x22222222);
  });

  it('copies_only_the_pages_written_since_the_previous_snapshot', () => {
    const m = snapshotGuest().machine;
    m.run(100_000);
    const s1 = m.snapshot();
    // 50,000 loop passes of 5 instructions store to about 50 pages of the sweep window.
    m.run(250_000);
    const s2 = m.snapshot();
    const shared = s2.ram.groups.filter((g, i) => g === s1.ram.groups[i]).length;
    expect(shared).toBeGreaterThanOrEqual(s2.ram.groups.length - 2);
    const added = ramImagesBytes([s1.ram, s2.ram]) - ramImagesBytes([s1.ram]);
    expect(added).toBeLessThan(80 * 4096);
    expect(added).toBeGreaterThan(40 * 4096);
    // And restoring the first copies back only what differs, exactly.
    const sweep = () => m.mem.ram.slice(SWEEP_BASE, SWEEP_BASE + 0x100000);
    const window2 = sweep();
    m.restore(s1);
    expect(sweep()).not.toEqual(window2);
    m.restore(s2);
    expect(sweep()).toEqual(window2);
  });

  it('ledger_counts_shared_pages_once_and_frees_them_with_their_last_image', () => {
    const m = snapshotGuest().machine;
    m.run(100_000);
    const s1 = m.snapshot().ram;
    m.run(250_000);
    const s2 = m.snapshot().ram;
    const ledger = new RamLedger();
    ledger.add(s1);
    ledger.add(s2);
    expect(ledger.bytes).toBe(ramImagesBytes([s1, s2]));
    expect(ledger.bytes).toBeLessThan(ramImagesBytes([s1]) + ramImagesBytes([s2]));
    ledger.remove(s1);
    expect(ledger.bytes).toBe(ramImagesBytes([s2]));
    ledger.remove(s2);
    expect(ledger.bytes).toBe(0);
  });

  it('restores_the_uart_input_not_yet_taken_and_the_registers_of_every_device', () => {
    const { machine: m } = snapshotGuest({ serial: ['com1', 'com2', 'com3', 'com4'] });
    const com1 = m.devices.require<Uart16550>('com1');
    com1.receive(new Uint8Array(40));
    const pending = com1.pendingInput;
    expect(pending).toBeGreaterThan(0);
    m.io.out(0x70, 1, 0x0e); // CMOS index
    m.io.out(0x3ff, 1, 0xab); // COM1 scratch
    const s = m.snapshot();
    com1.receive(new Uint8Array(10));
    m.io.out(0x70, 1, 0x0f);
    m.io.out(0x3ff, 1, 0xcd);
    m.restore(s);
    expect(com1.pendingInput).toBe(pending);
    expect(m.rtc.index).toBe(0x0e);
    expect(m.io.in(0x3ff, 1)).toBe(0xab);
  });

  it('covers_every_registered_device_of_a_fully_equipped_machine', () => {
    const { machine: m } = snapshotGuest({
      serial: ['com1', 'com2', 'com3', 'com4'],
      disk: new Uint8Array(64 * 512),
      framebuffer: { base: 0xfd000000, width: 64, height: 32 },
    });
    const owners = m.devices.names().filter((n) => isStateOwner(m.devices.get(n)));
    // 'pc-peripherals' is the bundle of the others, not a device.
    expect(owners.sort()).toEqual(
      m.devices
        .names()
        .filter((n) => n !== 'pc-peripherals')
        .sort(),
    );
    m.run(500_000);
    m.mem.write(0xfd000000, 4, 0x00ff00ff); // framebuffer pixels are the device's own memory
    const s = m.snapshot();
    const h = hashSnapshot(s);
    m.mem.write(0xfd000000, 4, 0);
    m.run(300_000);
    m.restore(s);
    expect(m.mem.read(0xfd000000, 4)).toBe(0x00ff00ff);
    expect(hashOf(m)).toBe(h);
  });

  it('refuses_a_snapshot_of_a_machine_with_other_devices', () => {
    const bare = new Machine({ ramSize: 16 << 20 });
    enterLongMode(bare);
    const s = bare.snapshot();
    expect(() => snapshotGuest().machine.restore(s)).toThrow(/devices missing \[.*com1/);
  });

  it('counts_interrupts_the_same_after_restoring_onto_a_machine_that_ran_elsewhere', () => {
    const a = snapshotGuest().machine;
    a.run(400_000);
    const s = a.snapshot();
    a.run(800_000);
    const b = snapshotGuest().machine;
    b.run(2_000_000); // a different history: other timers set, other pages written
    b.restore(s);
    b.run(800_000);
    expect(b.cpu.gpr[RBX << 1]).toBe(a.cpu.gpr[RBX << 1]);
    expect(hashOf(b)).toBe(hashOf(a));
  });
});
