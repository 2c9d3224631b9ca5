import { useState } from 'react';
import { bytes } from '../format/numbers.ts';
import { useApp } from '../store/index.ts';

const MIB = 1 << 20;
/** RAM sizes offered: 16 MiB to the 4 GiB the machine takes (from 3.5 GiB split as QEMU's pc). */
const RAM_CHOICES = [16, 32, 64, 128, 256, 512, 1024, 2048, 3072, 4096].map((m) => m * MIB);

/**
 * The machine the kernel boots on: guest RAM and the kernel's command line (what QEMU's -m and
 * -append give). Choosing boots the current kernel again on the new machine; later kernels
 * boot on it too. Shared links carry it.
 */
export function MachineMenu() {
  const boot = useApp((s) => s.boot);
  const setMachine = useApp((s) => s.setMachine);
  const [open, setOpen] = useState(false);
  const [ramSize, setRamSize] = useState<number | null>(null);
  const [cmdline, setCmdline] = useState<string | null>(null);
  if (!boot) return null;
  // Until the user picks, the form shows the machine running now.
  const ram = ramSize ?? boot.ramSize;
  const line = cmdline ?? boot.cmdline;
  return (
    <details className="menu machine" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary title="Guest RAM and the kernel's command line">Machine ▾</summary>
      <form
        className="menu-body"
        aria-label="Machine"
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(false);
          void setMachine({ ramSize: ram, cmdline: line });
        }}
      >
        <label>
          RAM{' '}
          <select value={ram} onChange={(e) => setRamSize(Number(e.target.value))}>
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
            value={line}
            maxLength={4000}
            placeholder="none"
            onChange={(e) => setCmdline(e.target.value)}
          />
        </label>
        <button type="submit">Boot again on this machine</button>
      </form>
    </details>
  );
}
