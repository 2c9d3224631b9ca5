import type {
  GateRowView,
  Reach,
  SegmentRowView,
  TableHead,
  TssRowView,
} from '../../../engine/descriptors-view.ts';
import { useApp } from '../../store/index.ts';

/** Where a table is, how big, and what is wrong with it as a whole. */
export function TableHeadLine(props: { name: string; head: TableHead }) {
  const h = props.head;
  return (
    <div className="descriptor-head">
      <span>
        {props.name} at <Address value={h.base} /> limit <code>{h.limit}</code>
        {h.unreadable > 0 && <span className="bad"> · {h.unreadable} entries unreadable</span>}
      </span>
      {h.problems.map((p) => (
        <p key={p} className="problem">
          {p}
        </p>
      ))}
    </div>
  );
}

export function SegmentTable(props: { label: string; entries: SegmentRowView[] }) {
  return (
    <table className="descriptors" aria-label={props.label}>
      <thead>
        <tr>
          <th>sel</th>
          <th>type</th>
          <th>DPL</th>
          <th>base</th>
          <th>limit</th>
          <th>raw</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((s) => (
          <tr key={s.index} className={s.present ? '' : 'absent'}>
            <td>
              <code>{s.selector}</code>
            </td>
            <td>{s.kind === 'null' ? 'null' : s.kind === 'upper' ? '(upper half)' : s.name}</td>
            <td>{s.kind === 'null' || s.kind === 'upper' ? '' : s.dpl}</td>
            <td>
              {s.kind !== 'null' && s.kind !== 'upper' && (
                <>
                  <Address value={s.base} /> <Mark reach={s.reach} />
                </>
              )}
            </td>
            <td>
              <code>{s.kind === 'null' || s.kind === 'upper' ? '' : s.limit}</code>
            </td>
            <td>
              <code className="raw">{s.raw}</code>
              <Problems list={s.problems} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GateTable(props: { entries: GateRowView[] }) {
  const present = props.entries.filter((g) => g.present);
  return (
    <>
      <table className="descriptors" aria-label="IDT">
        <thead>
          <tr>
            <th>vector</th>
            <th>gate</th>
            <th>sel</th>
            <th>handler</th>
            <th>IST</th>
            <th>DPL</th>
          </tr>
        </thead>
        <tbody>
          {present.map((g) => (
            <tr key={g.vector} data-testid="idt-gate">
              <td>
                {g.vector} {g.name && <span className="muted">{g.name}</span>}
              </td>
              <td>
                {g.kind} {g.bits}
              </td>
              <td>
                <code>{g.selector}</code>
              </td>
              <td>
                {g.handler !== null && (
                  <>
                    <Address value={g.handler} />
                    {g.symbol && <em> {g.symbol}</em>} <Mark reach={g.reach} />
                  </>
                )}
                <Problems list={g.problems} />
              </td>
              <td>{g.ist || ''}</td>
              <td>{g.dpl}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        {present.length} present gate{present.length === 1 ? '' : 's'} of {props.entries.length}{' '}
        read.
      </p>
    </>
  );
}

export function TssTable(props: { fields: TssRowView[] }) {
  return (
    <table className="descriptors" aria-label="TSS">
      <thead>
        <tr>
          <th>field</th>
          <th>offset</th>
          <th>value</th>
        </tr>
      </thead>
      <tbody>
        {props.fields.map((f) => (
          <tr key={f.name}>
            <td>{f.name}</td>
            <td>
              <code>{f.offset}</code>
            </td>
            <td>
              {f.value === null ? (
                <span className="muted">past the limit</span>
              ) : f.reach ? (
                <>
                  <Address value={f.value} /> <Mark reach={f.reach} />
                </>
              ) : (
                <code>{f.value}</code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An address that opens in the translation panel. */
function Address(props: { value: string }) {
  const setQuery = useApp((s) => s.setQuery);
  return (
    <button
      className="address-link"
      onClick={() => setQuery({ address: props.value })}
      title="Translate this address"
    >
      {props.value}
    </button>
  );
}

function Mark(props: { reach: Reach | null }) {
  const r = props.reach;
  if (!r) return null;
  return r.mapped ? (
    <span className="mark mapped" title="Mapped for this use under the current tables">
      mapped
    </span>
  ) : (
    <span className="mark unmapped" title={r.problem ?? ''}>
      unmapped
    </span>
  );
}

function Problems(props: { list: string[] }) {
  return props.list.map((p) => (
    <p key={p} className="problem">
      {p}
    </p>
  ));
}
