#!/usr/bin/env node
// A minimal ISO 9660 (ECMA-119) image writer: a primary volume descriptor, both path tables,
// one sector per directory, plain level 1 names (uppercase 8.3, ";1" versions), no Rock Ridge,
// Joliet or El Torito. Enough for pagescope, which reads boot/grub/grub.cfg and the kernel it
// names (lookups ignore case and the ";1"); not bootable by firmware. Reproducible: every date
// is fixed, files are laid out in sorted order.
//
//   node mkiso.mjs OUT.iso PATH=FILE...     e.g. boot/grub/grub.cfg=tools/grub.cfg
import { readFileSync, writeFileSync } from 'node:fs';

const SECTOR = 2048;
const FIRST_FREE = 18; // 0-15 system area, 16 PVD, 17 terminator
/** 1980-01-01 00:00:00 UTC, in a directory record's 7-byte form (years since 1900). */
const RECORD_DATE = [80, 1, 1, 0, 0, 0, 0];
/** The same date in the volume descriptor's 17-byte form: digits, hundredths, zone. */
const VOLUME_DATE = '1980010100000000';

function usage(message) {
  console.error(`mkiso: ${message}\nusage: node mkiso.mjs OUT.iso PATH=FILE...`);
  process.exit(2);
}

/** Level 1 identifiers: 8.3, d-characters only. Directories have no extension. */
function isoName(part, directory) {
  const name = part.toUpperCase();
  const ok = directory ? /^[A-Z0-9_]{1,8}$/ : /^[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3}$/;
  if (!ok.test(name))
    usage(`"${part}" is not an ISO 9660 level 1 ${directory ? 'directory' : 'file'} name`);
  return directory ? name : `${name};1`;
}

// --- the tree ------------------------------------------------------------------------------
const [out, ...specs] = process.argv.slice(2);
if (!out || specs.length === 0) usage('nothing to do');

const root = { name: '', dirs: new Map(), files: new Map(), parent: null };
root.parent = root;
for (const spec of specs) {
  const eq = spec.indexOf('=');
  if (eq < 0) usage(`"${spec}" is not PATH=FILE`);
  const parts = spec.slice(0, eq).split('/').filter(Boolean);
  let dir = root;
  for (const p of parts.slice(0, -1)) {
    const n = isoName(p, true);
    if (!dir.dirs.has(n))
      dir.dirs.set(n, { name: n, dirs: new Map(), files: new Map(), parent: dir });
    dir = dir.dirs.get(n);
  }
  dir.files.set(isoName(parts.at(-1), false), { data: readFileSync(spec.slice(eq + 1)) });
}

/** Directories breadth first, children sorted: the path table order (ECMA-119 9.4). */
const dirs = [];
for (let queue = [root]; queue.length > 0;) {
  const d = queue.shift();
  d.number = dirs.length + 1;
  dirs.push(d);
  queue.push(...[...d.dirs.keys()].sort().map((k) => d.dirs.get(k)));
}

// --- layout: path tables, directories, then files, each starting on a sector -------------------
const pathTable = (bigEndian) => {
  const chunks = dirs.map((d) => {
    const id = d === root ? Buffer.from([0]) : Buffer.from(d.name, 'ascii');
    const rec = Buffer.alloc(8 + id.length + (id.length % 2));
    rec[0] = id.length;
    if (bigEndian) {
      rec.writeUInt32BE(d.sector, 2);
      rec.writeUInt16BE(d.parent.number, 6);
    } else {
      rec.writeUInt32LE(d.sector, 2);
      rec.writeUInt16LE(d.parent.number, 6);
    }
    id.copy(rec, 8);
    return rec;
  });
  return Buffer.concat(chunks);
};

let next = FIRST_FREE + 2; // one sector each for the L and M path tables
for (const d of dirs) d.sector = next++;
const files = dirs.flatMap((d) => [...d.files.keys()].sort().map((k) => d.files.get(k)));
for (const f of files) {
  f.sector = next;
  next += Math.max(1, Math.ceil(f.data.length / SECTOR));
}
const totalSectors = next;
const pathTableSize = pathTable(false).length;
if (pathTableSize > SECTOR) usage('too many directories for a one-sector path table');

// --- writing ---------------------------------------------------------------------------------
const image = Buffer.alloc(totalSectors * SECTOR);
const both32 = (at, v) => {
  image.writeUInt32LE(v, at);
  image.writeUInt32BE(v, at + 4);
};
const both16 = (at, v) => {
  image.writeUInt16LE(v, at);
  image.writeUInt16BE(v, at + 2);
};
const text = (at, length, s) => image.write(s.padEnd(length, ' '), at, length, 'ascii');

/** A directory record (ECMA-119 9.1) at `at`; returns its length. */
function record(at, id, sector, size, directory) {
  const length = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
  image[at] = length;
  both32(at + 2, sector);
  both32(at + 10, size);
  RECORD_DATE.forEach((v, i) => (image[at + 18 + i] = v));
  image[at + 25] = directory ? 2 : 0;
  both16(at + 28, 1);
  image[at + 32] = id.length;
  id.copy(image, at + 33);
  return length;
}

// Primary volume descriptor (8.4).
const pvd = 16 * SECTOR;
image[pvd] = 1;
image.write('CD001', pvd + 1, 'ascii');
image[pvd + 6] = 1;
text(pvd + 8, 32, '');
text(pvd + 40, 32, 'PAGESCOPE');
both32(pvd + 80, totalSectors);
both16(pvd + 120, 1);
both16(pvd + 124, 1);
both16(pvd + 128, SECTOR);
both32(pvd + 132, pathTableSize);
image.writeUInt32LE(FIRST_FREE, pvd + 140);
image.writeUInt32BE(FIRST_FREE + 1, pvd + 148);
record(pvd + 156, Buffer.from([0]), root.sector, SECTOR, true);
for (const [at, length] of [
  [190, 128],
  [318, 128],
  [446, 128],
  [574, 128],
  [702, 37],
  [739, 37],
  [776, 37],
])
  text(pvd + at, length, '');
text(pvd + 574, 128, 'PAGESCOPE KERNELS/TOOLS/MKISO.MJS');
for (const at of [813, 830, 847, 864]) image.write(`${VOLUME_DATE}\0`, pvd + at, 17, 'ascii');
image[pvd + 881] = 1;

// Volume descriptor set terminator (8.3).
const term = 17 * SECTOR;
image[term] = 255;
image.write('CD001', term + 1, 'ascii');
image[term + 6] = 1;

pathTable(false).copy(image, FIRST_FREE * SECTOR);
pathTable(true).copy(image, (FIRST_FREE + 1) * SECTOR);

for (const d of dirs) {
  let at = d.sector * SECTOR;
  const end = at + SECTOR;
  at += record(at, Buffer.from([0]), d.sector, SECTOR, true);
  at += record(at, Buffer.from([1]), d.parent.sector, SECTOR, true);
  const children = [
    ...[...d.dirs.values()].map((c) => ({ id: c.name, sector: c.sector, size: SECTOR, dir: true })),
    ...[...d.files.entries()].map(([id, f]) => ({
      id,
      sector: f.sector,
      size: f.data.length,
      dir: false,
    })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const c of children) {
    if (at + 34 + c.id.length > end) usage('a directory does not fit in one sector');
    at += record(at, Buffer.from(c.id, 'ascii'), c.sector, c.size, c.dir);
  }
}
for (const f of files) f.data.copy(image, f.sector * SECTOR);

writeFileSync(out, image);
