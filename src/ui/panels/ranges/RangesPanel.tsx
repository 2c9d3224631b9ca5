import { useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectRanges } from '../../store/selectors.ts';
import { MonitorText } from './MonitorText.tsx';
import './ranges.css';

type Tab = 'mem' | 'tlb';

/** `info mem` and `info tlb` exactly as QEMU prints them; click a line to translate it. */
export function RangesPanel() {
  const ranges = useApp(selectRanges);
  const setQuery = useApp((s) => s.setQuery);
  const [tab, setTab] = useState<Tab>('mem');
  const tabs = (
    <div role="tablist" className="tabs">
      {(['mem', 'tlb'] as const).map((t) => (
        <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
          info {t}
        </button>
      ))}
    </div>
  );
  return (
    <Panel title="Ranges" name="ranges" actions={tabs}>
      {!ranges ? (
        <Empty>No machine yet.</Empty>
      ) : (
        <MonitorText
          label={tab === 'mem' ? 'info mem' : 'info tlb'}
          text={tab === 'mem' ? ranges.infoMem : ranges.infoTlb}
          omitted={tab === 'tlb' ? ranges.infoTlbOmitted : 0}
          onAddress={(va) => setQuery({ address: va })}
        />
      )}
    </Panel>
  );
}
