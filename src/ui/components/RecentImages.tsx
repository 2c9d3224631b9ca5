import { useApp } from '../store/index.ts';

const kib = (n: number) =>
  n < 1 << 20 ? `${Math.ceil(n / 1024)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;

/** Kernels the user booted from files, kept in the browser: click one to boot it again. */
export function RecentImages() {
  const recent = useApp((s) => s.recent);
  const current = useApp((s) => s.kernelName);
  const booting = useApp((s) => s.booting);
  const bootRecent = useApp((s) => s.bootRecent);
  if (recent.length === 0) return null;
  return (
    <section aria-label="Recent kernels">
      <h3>Recent</h3>
      <ul>
        {recent.map((r) => (
          <li key={r.sha256}>
            <button
              className={r.name === current ? 'kernel current' : 'kernel'}
              aria-label={`Boot ${r.name} again`}
              disabled={booting !== null}
              onClick={() => void bootRecent(r.sha256)}
              title={`${r.name}, ${kib(r.size)}, SHA-256 ${r.sha256}`}
            >
              <span className="kernel-name">{r.name}</span>
              <span className="kernel-boot">{kib(r.size)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
