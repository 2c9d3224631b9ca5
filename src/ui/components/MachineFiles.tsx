import { useRef } from 'react';
import type { MachineFile, MachineModule } from '../../engine/views.ts';
import { bytes } from '../format/numbers.ts';
import { readMachineFile } from './machine-files.ts';
import type { MachineFileKind } from './machine-files.ts';

/** What a file field reports: the files read, or why one cannot be used. */
interface FileEvents {
  onProblem(problem: string): void;
}

/** A button over a hidden file input (the input is what tests drive). */
function FileButton(
  props: FileEvents & {
    label: string;
    kind: MachineFileKind;
    multiple?: boolean;
    testId: string;
    onFiles(files: MachineFile[]): void;
  },
) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {props.label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple={props.multiple}
        data-testid={props.testId}
        onChange={async (e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = ''; // picking the same file again must take it again
          const read = await Promise.all(picked.map((f) => readMachineFile(f, props.kind)));
          const files = read.flatMap((r) => (r.ok ? [r.file] : []));
          if (files.length > 0) props.onFiles(files);
          for (const r of read) if (!r.ok) props.onProblem(r.problem);
        }}
      />
    </>
  );
}

/**
 * The modules, in the order the loader lists them: each with its command line (Multiboot's
 * module string after the name, Limine's module cmdline), moved up or down, removed.
 */
export function ModuleList(
  props: FileEvents & {
    modules: MachineModule[];
    onChange(modules: MachineModule[]): void;
  },
) {
  const { modules, onChange } = props;
  const swap = (i: number, j: number) => {
    const next = [...modules];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  return (
    <fieldset className="machine-files">
      <legend>Modules</legend>
      {modules.length === 0 && <p className="machine-none">none</p>}
      <ol className="module-list">
        {modules.map((m, i) => (
          <li key={i}>
            <span className="machine-file-name" title={m.name}>
              {m.name}
            </span>
            <span className="machine-file-size">{bytes(m.bytes.length)}</span>
            <input
              aria-label={`Command line of ${m.name}`}
              placeholder="command line"
              maxLength={4000}
              value={m.cmdline}
              onChange={(e) =>
                onChange(modules.map((o, k) => (k === i ? { ...o, cmdline: e.target.value } : o)))
              }
            />
            <button
              type="button"
              aria-label={`Move ${m.name} up`}
              disabled={i === 0}
              onClick={() => swap(i, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`Move ${m.name} down`}
              disabled={i === modules.length - 1}
              onClick={() => swap(i, i + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={`Remove ${m.name}`}
              onClick={() => onChange(modules.filter((_, k) => k !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <FileButton
        label="Add modules…"
        kind="module"
        multiple
        testId="machine-module-input"
        onProblem={props.onProblem}
        onFiles={(files) => onChange([...modules, ...files.map((f) => ({ ...f, cmdline: '' }))])}
      />
    </fieldset>
  );
}

/** One disk of the primary ATA channel: its image (name and size), or a picker. */
export function DiskSlot(
  props: FileEvents & {
    label: string;
    testId: string;
    disk: MachineFile | null;
    onChange(disk: MachineFile | null): void;
  },
) {
  const { disk, label } = props;
  return (
    <div className="disk-slot" role="group" aria-label={`${label} disk`}>
      <span className="disk-label">{label}</span>
      {disk ? (
        <>
          <span className="machine-file-name" title={disk.name}>
            {disk.name}
          </span>
          <span className="machine-file-size">{bytes(disk.bytes.length)}</span>
          <button
            type="button"
            aria-label={`Remove ${disk.name}`}
            onClick={() => props.onChange(null)}
          >
            ✕
          </button>
        </>
      ) : (
        <span className="machine-none">none</span>
      )}
      <FileButton
        label={disk ? 'Replace…' : 'Choose…'}
        kind="disk"
        testId={props.testId}
        onProblem={props.onProblem}
        onFiles={([file]) => props.onChange(file)}
      />
    </div>
  );
}
