import { count } from '../../format/numbers.ts';

/** A line starts with a 16-digit address in both `info mem` and `info tlb`. */
const LEADING_ADDRESS = /^([0-9a-f]{16})[-:]/;

/**
 * QEMU monitor output, one button per line so a line can be clicked (or focused and entered)
 * to translate the address it starts with. The text itself is shown unchanged.
 */
export function MonitorText(props: {
  label: string;
  text: string;
  omitted: number;
  onAddress(va: string): void;
}) {
  const lines = props.text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  return (
    <div className="monitor" aria-label={props.label} data-testid={props.label.replace(' ', '-')}>
      <div className="monitor-prompt">(qemu) {props.label}</div>
      {lines.length === 0 && (
        <div className="monitor-more">(QEMU prints nothing: no page is mapped)</div>
      )}
      {lines.map((line, i) => {
        const m = LEADING_ADDRESS.exec(line);
        return m ? (
          <button
            key={i}
            className="monitor-line"
            onClick={() => props.onAddress('0x' + m[1])}
            title={`Translate 0x${m[1]}`}
          >
            {line}
          </button>
        ) : (
          <div key={i} className="monitor-line">
            {line}
          </div>
        );
      })}
      {props.omitted > 0 && (
        <div className="monitor-more">… {count(props.omitted)} more lines not shown</div>
      )}
    </div>
  );
}
