// The reference kernels' output, line by line. A case line is "<case> -> <outcome>"; where
// the outcome is not what the manuals say, the kernel appends "  !! expected <outcome>".

export interface CaseLine {
  /** The case, everything before " -> ". */
  head: string;
  /** What the machine did. */
  got: string;
  /** What the manuals say, where it differs from `got`. */
  expected?: string;
}

const ARROW = ' -> ';
const MISMATCH = '  !! expected ';
const SUMMARY = /^((?:access|exception|task)-test: \d+ cases, )(\d+)( mismatches.*)$/;

export function parseCase(line: string): CaseLine | undefined {
  const at = line.indexOf(ARROW);
  if (at < 0) return undefined;
  const head = line.slice(0, at);
  const rest = line.slice(at + ARROW.length);
  const bang = rest.indexOf(MISMATCH);
  if (bang < 0) return { head, got: rest };
  return { head, got: rest.slice(0, bang), expected: rest.slice(bang + MISMATCH.length) };
}

export function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

export function mismatches(text: string): CaseLine[] {
  return lines(text)
    .map(parseCase)
    .filter((c): c is CaseLine => c?.expected !== undefined);
}

/**
 * The manual/CPU variant of an output: every case line carries the manuals' outcome, and the
 * summary counts no mismatches. What pagescope must print, line for line.
 */
export function cpuVariant(text: string): string {
  const out = lines(text).map((line) => {
    const c = parseCase(line);
    if (c?.expected !== undefined) return `${c.head}${ARROW}${c.expected}`;
    const s = SUMMARY.exec(line);
    return s ? `${s[1]}0${s[3]}` : line;
  });
  return out.join('\n') + '\n';
}

/** "key=value" fields of an exception-test outcome; `vector` is its first word. */
export function fields(outcome: string): Map<string, string> {
  const words = outcome.split(' ');
  const map = new Map<string, string>([['vector', words[0]]]);
  for (const w of words.slice(1)) {
    const eq = w.indexOf('=');
    if (eq > 0) map.set(w.slice(0, eq), w.slice(eq + 1));
  }
  return map;
}

export function withField(outcome: string, key: string, value: string): string {
  return outcome
    .split(' ')
    .map((w) => (w.startsWith(`${key}=`) ? `${key}=${value}` : w))
    .join(' ');
}
