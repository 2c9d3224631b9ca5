import { useState } from 'react';
import type { BootInfo, MachineConfig } from '../../engine/views.ts';
import { bytes } from '../format/numbers.ts';
import { useApp } from '../store/index.ts';
import { DiskSlot, ModuleList } from './MachineFiles.tsx';
import { useAppStore } from './use-app-store.ts';
import './machine-menu.css';

const MIB = 1 << 20;
/** RAM sizes offered: 16 MiB to the 4 GiB the machine takes (from 3.5 GiB split as QEMU's pc). */
const RAM_CHOICES = [16, 32, 64, 128, 256, 512, 1024, 2048, 3072, 4096].map((m) => m * MIB);

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What the running machine has besides RAM, for the menu's button: "1 module · 2 disks". */
function filesSummary(boot: BootInfo): string {
  const disks = [boot.disk, boot.diskSlave].filter((d) => d !== null).length;
  const parts = [];
  if (boot.modules.length > 0) parts.push(plural(boot.modules.length, 'module'));
  if (disks > 0) parts.push(plural(disks, 'disk'));
  return parts.join(' · ');
}

/** The running machine's files, one a line, with their sizes (the button's tooltip). */
function filesTitle(boot: BootInfo): string {
  const lines = boot.modules.map((m) => `module ${m.name} (${bytes(m.size)}) ${m.cmdline}`);
  if (boot.disk) lines.push(`master disk ${boot.disk.name} (${bytes(boot.disk.size)})`);
  if (boot.diskSlave)
    lines.push(`slave disk ${boot.diskSlave.name} (${bytes(boot.diskSlave.size)})`);
  return ['Guest RAM, command line, modules and disks', ...lines].join('\n');
}

/**
 * The machine the kernel boots on: guest RAM, the kernel's command line, modules and the
 * primary ATA channel's disks (what QEMU's -m, -append, -initrd and -drive give). "Boot with
 * these" boots the current kernel again on it; later kernels and resets boot on it too.
 * Shared links carry it, files included.
 */
export function MachineMenu() {
  const boot = useApp((s) => s.boot);
  const machine = useApp((s) => s.machine);
  const setMachine = useApp((s) => s.setMachine);
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  /** The user's edits not booted yet; null: the form shows the machine chosen now. */
  const [draft, setDraft] = useState<MachineConfig | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  if (!boot) return null;
  const current = draft ?? machine ?? { ramSize: boot.ramSize, cmdline: boot.cmdline };
  const edit = (change: Partial<MachineConfig>) => {
    setProblems([]);
    setDraft({ ...current, ...change });
  };
  const onProblem = (p: string) => setProblems((ps) => [...ps, p]);
  const files = filesSummary(boot);
  return (
    <details className="menu machine" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary title={filesTitle(boot)} data-testid="machine-summary">
        Machine{files && <span className="machine-summary-files"> · {files}</span>} ▾
      </summary>
      <form
        className="menu-body machine-body"
        aria-label="Machine"
        onSubmit={async (e) => {
          e.preventDefault();
          setProblems([]);
          if (await setMachine(current)) {
            setDraft(null);
            setOpen(false);
            return;
          }
          const failure = store.getState().bootFailure;
          if (failure) onProblem(`${failure.message} ${failure.hint}`);
        }}
      >
        <label>
          RAM{' '}
          <select
            value={current.ramSize}
            onChange={(e) => edit({ ramSize: Number(e.target.value) })}
          >
            {RAM_CHOICES.map((r) => (
              <option key={r} value={r}>
                {bytes(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Command line{' '}
          <input
            value={current.cmdline}
            maxLength={4000}
            placeholder="none"
            onChange={(e) => edit({ cmdline: e.target.value })}
          />
        </label>
        <ModuleList
          modules={current.modules ?? []}
          onChange={(modules) => edit({ modules })}
          onProblem={onProblem}
        />
        <fieldset className="machine-files">
          <legend>Disks (primary ATA channel)</legend>
          <DiskSlot
            label="Master"
            testId="machine-disk-input"
            disk={current.disk ?? null}
            onChange={(disk) => edit({ disk })}
            onProblem={onProblem}
          />
          <DiskSlot
            label="Slave"
            testId="machine-disk-slave-input"
            disk={current.diskSlave ?? null}
            onChange={(diskSlave) => edit({ diskSlave })}
            onProblem={onProblem}
          />
        </fieldset>
        {problems.map((p, i) => (
          <p key={i} className="input-error" role="alert">
            {p}
          </p>
        ))}
        <button type="submit">Boot with these</button>
      </form>
    </details>
  );
}
