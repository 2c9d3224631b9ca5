/**
 * A minimal ISO 9660 writer for tests (ECMA-119): a primary volume descriptor with upper-case
 * 8.3-style names, optionally Rock Ridge NM entries carrying the real names, and optionally a
 * Joliet supplementary descriptor with UCS-2 names. Enough for a boot loader to find its
 * config and files; no path tables, no El Torito.
 */
export interface IsoOptions {
  rockRidge?: boolean;
  joliet?: boolean;
}

const SECTOR = 2048;

interface Dir {
  name: string;
  dirs: Map<string, Dir>;
  files: Map<string, Uint8Array>;
  lba: [number, number];
  size: [number, number];
}

interface Entry {
  isoName: Uint8Array;
  realName: string;
  lba: number;
  size: number;
  dir: boolean;
}

export function buildIso(
  files: Record<string, Uint8Array | string>,
  opts: IsoOptions = {},
): Uint8Array {
  const root: Dir = newDir('');
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/').filter((p) => p);
    let d = root;
    for (const p of parts.slice(0, -1)) {
      if (!d.dirs.has(p)) d.dirs.set(p, newDir(p));
      d = d.dirs.get(p)!;
    }
    d.files.set(
      parts[parts.length - 1],
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
    );
  }
  const trees = opts.joliet ? [0, 1] : [0];
  const dirs = allDirs(root);
  const fileList = dirs.flatMap((d) => [...d.files.values()]);
  // Sectors: 16 system, the descriptors, the directories of each tree, then file data.
  let next = 16 + trees.length + 1;
  const fileLba = new Map<Uint8Array, number>();
  for (const t of trees) {
    for (const d of dirs) {
      d.size[t] = dirSize(d, t, opts);
      d.lba[t] = next;
      next += d.size[t] / SECTOR;
    }
  }
  for (const f of fileList) {
    fileLba.set(f, next);
    next += Math.max(1, Math.ceil(f.length / SECTOR));
  }
  const out = new Uint8Array(next * SECTOR);
  trees.forEach((t, i) => descriptor(out, 16 + i, t, root, next));
  out.set([255, ...ascii('CD001'), 1], (16 + trees.length) * SECTOR);
  for (const t of trees) {
    for (const d of dirs) {
      let at = d.lba[t] * SECTOR;
      for (const e of entries(d, t, fileLba)) {
        const rec = record(e, t === 0 && !!opts.rockRidge);
        if ((at % SECTOR) + rec.length > SECTOR) at = Math.ceil(at / SECTOR) * SECTOR;
        out.set(rec, at);
        at += rec.length;
      }
    }
  }
  for (const f of fileList) out.set(f, fileLba.get(f)! * SECTOR);
  return out;
}

function newDir(name: string): Dir {
  return { name, dirs: new Map(), files: new Map(), lba: [0, 0], size: [0, 0] };
}

function allDirs(d: Dir): Dir[] {
  return [d, ...[...d.dirs.values()].flatMap(allDirs)];
}

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

function isoName(name: string, tree: number, file: boolean): Uint8Array {
  if (tree === 1) {
    const s = file ? `${name};1` : name;
    return new Uint8Array([...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
  }
  const upper = name.toUpperCase().replace(/[^A-Z0-9_.]/g, '_');
  return new Uint8Array(ascii(file ? `${upper};1` : upper));
}

function entries(d: Dir, t: number, fileLba: Map<Uint8Array, number>): Entry[] {
  const self = {
    isoName: new Uint8Array([0]),
    realName: '',
    lba: d.lba[t],
    size: d.size[t],
    dir: true,
  };
  const parent = { ...self, isoName: new Uint8Array([1]) };
  const subdirs = [...d.dirs.values()].map((s) => ({
    isoName: isoName(s.name, t, false),
    realName: s.name,
    lba: s.lba[t],
    size: s.size[t],
    dir: true,
  }));
  const files = [...d.files].map(([n, data]) => ({
    isoName: isoName(n, t, true),
    realName: n,
    lba: fileLba.get(data) ?? 0,
    size: data.length,
    dir: false,
  }));
  return [self, parent, ...subdirs, ...files];
}

function dirSize(d: Dir, t: number, opts: IsoOptions): number {
  let at = 0;
  for (const e of entries(d, t, new Map())) {
    const len = record(e, t === 0 && !!opts.rockRidge).length;
    if ((at % SECTOR) + len > SECTOR) at = Math.ceil(at / SECTOR) * SECTOR;
    at += len;
  }
  return Math.max(1, Math.ceil(at / SECTOR)) * SECTOR;
}

function bothEndian32(v: DataView, at: number, value: number): void {
  v.setUint32(at, value, true);
  v.setUint32(at + 4, value, false);
}

function record(e: Entry, rockRidge: boolean): Uint8Array {
  const n = e.isoName.length;
  const nm =
    rockRidge && e.realName
      ? [...ascii('NM'), 5 + e.realName.length, 1, 0, ...ascii(e.realName)]
      : [];
  let len = 33 + n + (n % 2 === 0 ? 1 : 0) + nm.length;
  len += len % 2;
  const out = new Uint8Array(len);
  const v = new DataView(out.buffer);
  out[0] = len;
  bothEndian32(v, 2, e.lba);
  bothEndian32(v, 10, e.size);
  out[25] = e.dir ? 2 : 0;
  v.setUint16(28, 1, true);
  v.setUint16(30, 1, false);
  out[32] = n;
  out.set(e.isoName, 33);
  out.set(nm, 33 + n + (n % 2 === 0 ? 1 : 0));
  return out;
}

function descriptor(out: Uint8Array, sector: number, tree: number, root: Dir, total: number): void {
  const at = sector * SECTOR;
  const v = new DataView(out.buffer, at, SECTOR);
  out.set([tree === 0 ? 1 : 2, ...ascii('CD001'), 1], at);
  out.set(ascii('PAGESCOPE_TEST'.padEnd(32)), at + 40);
  bothEndian32(v, 80, total);
  if (tree === 1) out.set(ascii('%/E'), at + 88);
  v.setUint16(120, 1, true);
  v.setUint16(122, 1, false);
  v.setUint16(124, 1, true);
  v.setUint16(126, 1, false);
  v.setUint16(128, SECTOR, true);
  v.setUint16(130, SECTOR, false);
  out.set(
    record(
      {
        isoName: new Uint8Array([0]),
        realName: '',
        lba: root.lba[tree],
        size: root.size[tree],
        dir: true,
      },
      false,
    ),
    at + 156,
  );
  out[at + 881] = 1;
}
