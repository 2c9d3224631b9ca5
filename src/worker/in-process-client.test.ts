import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { NO_FILTER } from '../engine/range-filter.ts';
import { mediaEchoKernel } from '../session/media-echo-guest.ts';
import { EngineHost } from './engine-host.ts';
import type { UpdateEvent, WorkerMessage } from './protocol.ts';
import { demo, testClient, updateWhere } from './test-client.ts';

describe('in-process engine client', () => {
  it('boots_and_runs_the_demo_to_its_exit_with_serial_output_and_views', async () => {
    const c = testClient();
    expect((await c.connect()).isolated).toBe(false);
    let serial = '';
    c.onUpdate((u) => (serial += u.serial));
    const ended = updateWhere(c, (u) => u.status.run === 'ended');
    const reply = await c.boot(demo(), 'demo-limine.elf', { run: true });
    expect(reply.ok).toBe(true);
    const last = await ended;
    expect(last.status.stop?.reason).toBe('exit');
    expect(last.views?.cr3.value).toBe('0x0000000000100000');
    expect(serial).toContain('demo-limine: done, exit 0');
  });

  it('boots_on_the_machine_asked_for_and_resets_onto_the_same_or_another', async () => {
    const c = testClient();
    await c.connect();
    const image = new Uint8Array(readFileSync(join(PUBLIC_KERNELS, 'multiboot1-hello.elf')));
    let serial = '';
    c.onUpdate((u) => (serial += u.serial));
    const ended = updateWhere(c, (u) => u.status.run === 'ended');
    const machine = { ramSize: 64 << 20, cmdline: 'quiet' };
    const reply = await c.boot(image, 'multiboot1-hello.elf', { run: true, machine });
    expect(reply.ok && reply.info).toMatchObject(machine);
    await ended;
    // 64 MiB: the Multiboot information counts the 63 MiB above the first, less the 128 KiB
    // of ACPI tables at the top (as SeaBIOS leaves them).
    expect(serial).toContain('64384 KiB high');
    const again = await c.reset();
    expect(again.ok && again.info).toMatchObject(machine);
    const other = await c.reset({ ramSize: 32 << 20, cmdline: '' });
    expect(other.ok && other.info).toMatchObject({ ramSize: 32 << 20, cmdline: '' });
  });

  it('boots_with_modules_and_disks_and_resets_onto_the_same_files', async () => {
    const c = testClient();
    await c.connect();
    let serial = '';
    let epoch = -1;
    c.onUpdate((u) => {
      // Serial output of the machine booted last only.
      if (u.epoch !== epoch) serial = '';
      epoch = u.epoch;
      serial += u.serial;
    });
    const text = (s: string) => new TextEncoder().encode(s);
    const sector = (s: string) => {
      const bytes = new Uint8Array(512);
      bytes.set(text(s));
      return bytes;
    };
    const machine = {
      ramSize: 64 << 20,
      cmdline: '',
      modules: [{ name: 'initrd.txt', bytes: text('initrd bytes'), cmdline: 'root=/dev/ram0' }],
      disk: { name: 'hda.img', bytes: sector('master sector\n') },
      diskSlave: { name: 'hdb.img', bytes: sector('slave sector\n') },
    };
    // The guest prints each module's string and bytes, then sector 0 of each disk.
    const output = 'initrd.txt root=/dev/ram0=initrd bytes\nmaster sector\nslave sector\n';
    let ended = updateWhere(c, (u) => u.status.run === 'ended');
    const reply = await c.boot(mediaEchoKernel(), 'media-echo.elf', { run: true, machine });
    const files = {
      modules: [{ name: 'initrd.txt', size: 12, cmdline: 'root=/dev/ram0' }],
      disk: { name: 'hda.img', size: 512 },
      diskSlave: { name: 'hdb.img', size: 512 },
    };
    expect(reply.ok && reply.info).toMatchObject(files);
    await ended;
    expect(serial).toBe(output);

    // Modules too large for the RAM: the boot error, and the machine running stays.
    const huge = { name: 'huge.bin', bytes: new Uint8Array(20 << 20), cmdline: '' };
    const refused = await c.reset({ ...machine, ramSize: 16 << 20, modules: [huge] });
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'BOOT_SEGMENT_OUTSIDE_RAM',
      message: expect.stringContaining('module /huge.bin spans'),
    });

    const again = await c.reset();
    expect(again.ok && again.info).toMatchObject({ ramSize: 64 << 20, ...files });
    ended = updateWhere(c, (u) => u.status.run === 'ended');
    await c.run();
    await ended;
    expect(serial).toBe(output);
  });

  it('steps_after_a_reset_and_reports_the_new_registers', async () => {
    const c = testClient();
    await c.connect();
    await c.boot(demo(), 'demo-limine.elf', { run: false });
    let views: UpdateEvent['views'] = null;
    c.onUpdate((u) => (views = u.views ?? views));
    await c.step(1);
    const first = views!.registers;
    await c.step(5);
    expect(views!.registers).not.toBe(first);
  });

  it('answers_a_bad_file_with_the_boot_error_and_keeps_the_session', async () => {
    const c = testClient();
    await c.connect();
    await c.boot(demo(), 'demo-limine.elf', { run: false });
    const bad = await c.boot(new Uint8Array([1, 2, 3, 4]), 'junk.bin', { run: false });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('BOOT_NOT_ELF');
    await expect(c.step(1)).resolves.toBeNull();
  });

  it('watches_a_translation_and_pushes_its_view', async () => {
    const c = testClient();
    await c.connect();
    await c.boot(demo(), 'demo-limine.elf', { run: false });
    const next = updateWhere(c, (u) => u.views?.translation != null);
    await c.watch({ address: '0xffffffff80000000', access: 'read', cpl: 0 }, [], NO_FILTER);
    const u = await next;
    expect(u.views?.translation?.ok).toBe(true);
  });

  it('copies_guest_ram_on_request_when_it_is_not_shared', async () => {
    const c = testClient();
    await c.connect();
    await c.boot(demo(), 'demo-limine.elf', { run: false });
    expect(c.ramShared).toBe(false);
    // The RSDP copy the machine puts in the BIOS area.
    const bytes = await c.readRam(0xe0000, 8);
    expect(new TextDecoder().decode(bytes)).toBe('RSD PTR ');
  });
});

describe('engine host protocol', () => {
  it('refuses_a_page_of_another_protocol_version_and_every_call_before_hello', () => {
    const out: WorkerMessage[] = [];
    const host = new EngineHost({
      post: (m) => out.push(m),
      now: () => 0,
      schedule: () => {},
      isolated: false,
    });
    host.handle({ type: 'request', id: 1, call: 'run', args: {} });
    host.handle({ type: 'request', id: 2, call: 'hello', args: { version: 999 } });
    expect(out).toMatchObject([
      { id: 1, ok: false, error: expect.stringMatching(/hello/) },
      { id: 2, ok: false, error: expect.stringMatching(/version mismatch/) },
    ]);
  });
});
