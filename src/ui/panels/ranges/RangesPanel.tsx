import { useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { count } from '../../format/numbers.ts';
import { useApp } from '../../store/index.ts';
import { selectRanges } from '../../store/selectors.ts';
import { CopyButton } from './CopyButton.tsx';
import { MonitorText } from './MonitorText.tsx';
import { RangesTable } from './RangesTable.tsx';
import './ranges.css';

type Tab = 'mem' | 'tlb' | 'ranges';

const TAB_NAMES: Record<Tab, string> = { mem: 'info mem', tlb: 'info tlb', ranges: 'ranges' };

/**
 * `info mem` and `info tlb` exactly as QEMU prints them, and pagescope's own ranges table
 * beside them; click a line or a row to translate its address.
 */
export function RangesPanel() {
  const ranges = useApp(selectRanges);
  const setQuery = useApp((s) => s.setQuery);
  const filter = useApp((s) => s.rangeFilter);
  const setFilter = useApp((s) => s.setRangeFilter);
  const [tab, setTab] = useState<Tab>('mem');
  const translate = (va: string) => setQuery({ address: va });
  const tabs = (
    <div role="tablist" className="tabs">
      {(['mem', 'tlb', 'ranges'] as const).map((t) => (
        <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
          {TAB_NAMES[t]}
        </button>
      ))}
    </div>
  );
  const monitorText = tab === 'tlb' ? ranges?.infoTlb : ranges?.infoMem;
  const omitted = tab === 'tlb' ? (ranges?.infoTlbOmitted ?? 0) : 0;
  // The copy says what the view left out, as the panel does.
  const copied = () =>
    (monitorText ?? '') + (omitted > 0 ? `… ${count(omitted)} more lines not shown\n` : '');
  return (
    <Panel title="Ranges" name="ranges" actions={tabs}>
      {!ranges ? (
        <Empty>No machine yet.</Empty>
      ) : tab === 'ranges' ? (
        <RangesTable
          table={ranges.table}
          filter={filter}
          onFilter={setFilter}
          onAddress={translate}
        />
      ) : (
        <>
          <div className="ranges-summary">
            <CopyButton text={copied} what={`the ${TAB_NAMES[tab]} text`} />
          </div>
          <MonitorText
            label={TAB_NAMES[tab]}
            text={monitorText ?? ''}
            omitted={omitted}
            onAddress={translate}
          />
        </>
      )}
    </Panel>
  );
}
