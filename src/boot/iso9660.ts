import { ByteReader } from './bytes.ts';
import { fail } from './errors.ts';

/**
 * A read-only ISO 9660 volume (ECMA-119) with the two name extensions boot ISOs use: Rock Ridge
 * (long POSIX names in the records' system use area, IEEE P1282) and Joliet (UCS-2 names in a
 * supplementary volume descriptor). Lookups are case-insensitive, so a path matches whichever
 * of the names the ISO writer produced.
 */
const SECTOR = 2048;
const FIRST_DESCRIPTOR = 16;
const MAX_DESCRIPTORS = 64;
const MAX_ENTRIES = 100_000;
const FLAG_DIRECTORY = 0x02;
const FLAG_MULTI_EXTENT = 0x80;

interface DirEntry {
  name: string;
  directory: boolean;
  /** Extents (byte offset, length) making up the data; files over 4 GiB have several. */
  extents: [number, number][];
}

interface Tree {
  root: DirEntry;
  joliet: boolean;
}

export function isIso(bytes: Uint8Array): boolean {
  const at = FIRST_DESCRIPTOR * SECTOR + 1;
  return bytes.length >= at + 5 && String.fromCharCode(...bytes.subarray(at, at + 5)) === 'CD001';
}

export class IsoVolume {
  private readonly r: ByteReader;
  private readonly trees: Tree[] = [];
  private blockSize = SECTOR;

  constructor(bytes: Uint8Array) {
    this.r = new ByteReader(bytes, 'BOOT_ISO_BAD');
    for (let i = 0; i < MAX_DESCRIPTORS; i++) {
      const at = (FIRST_DESCRIPTOR + i) * SECTOR;
      if (!this.r.has(at, SECTOR))
        fail('BOOT_ISO_BAD', 'the volume descriptors run past the end of the file');
      const type = this.r.u8(at);
      if (type === 255) break;
      if (type === 1) {
        this.blockSize = this.r.u16(at + 128) || SECTOR;
        this.trees.unshift({ root: this.record(at + 156, false).entry, joliet: false });
      } else if (type === 2 && this.isJoliet(at)) {
        this.trees.push({ root: this.record(at + 156, true).entry, joliet: true });
      }
    }
    if (!this.trees.some((t) => !t.joliet))
      fail('BOOT_ISO_BAD', 'there is no primary volume descriptor');
  }

  /** Joliet marks its descriptor with a UCS-2 level escape sequence: %/@, %/C or %/E. */
  private isJoliet(at: number): boolean {
    return (
      this.r.u8(at + 88) === 0x25 &&
      this.r.u8(at + 89) === 0x2f &&
      [0x40, 0x43, 0x45].includes(this.r.u8(at + 90))
    );
  }

  /** The bytes of the file at `path` ('/'-separated, leading slash optional), if it exists. */
  read(path: string): Uint8Array | undefined {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    for (const tree of this.trees) {
      let entry: DirEntry | undefined = tree.root;
      for (const part of parts) {
        if (!entry?.directory) return undefined;
        entry = this.list(entry, tree.joliet).find(
          (e) => e.name.toLowerCase() === part.toLowerCase(),
        );
      }
      if (entry && !entry.directory) return this.data(entry);
    }
    return undefined;
  }

  private data(entry: DirEntry): Uint8Array {
    const chunks = entry.extents.map(([at, len]) => this.r.slice(at, len));
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  /** The entries of a directory, '.' and '..' left out, multi-extent files joined. */
  private list(dir: DirEntry, joliet: boolean): DirEntry[] {
    const out: DirEntry[] = [];
    let previousContinues = false;
    for (const [start, length] of dir.extents) {
      let at = start;
      const end = start + length;
      while (at < end && out.length < MAX_ENTRIES) {
        const len = this.r.u8(at);
        // Records never cross a sector; a zero length pads to the next one.
        if (len === 0) {
          at = (Math.floor(at / SECTOR) + 1) * SECTOR;
          continue;
        }
        const { entry, special, more } = this.record(at, joliet);
        at += len;
        if (special) continue;
        const last = out[out.length - 1];
        if (previousContinues && last?.name === entry.name) last.extents.push(...entry.extents);
        else out.push(entry);
        previousContinues = more;
      }
    }
    return out;
  }

  private record(
    at: number,
    joliet: boolean,
  ): { entry: DirEntry; special: boolean; more: boolean } {
    const r = this.r;
    const len = r.u8(at);
    if (len < 34 || !r.has(at, len))
      fail('BOOT_ISO_BAD', `a directory record at offset ${at} is cut short`);
    const extent = r.u32(at + 2) * this.blockSize;
    const size = r.u32(at + 10);
    const flags = r.u8(at + 25);
    const nameLen = r.u8(at + 32);
    if (33 + nameLen > len)
      fail('BOOT_ISO_BAD', `a directory record at offset ${at} has a name longer than itself`);
    const raw = r.slice(at + 33, nameLen);
    const special = nameLen === 1 && (raw[0] === 0 || raw[0] === 1);
    let name = joliet ? ucs2(raw) : String.fromCharCode(...raw);
    if (!joliet)
      name = this.rockRidgeName(at + 33 + nameLen + (nameLen % 2 === 0 ? 1 : 0), at + len) ?? name;
    const entry: DirEntry = {
      name: name.replace(/;\d*$/, '').replace(/\.$/, ''),
      directory: (flags & FLAG_DIRECTORY) !== 0,
      extents: [[extent, size]],
    };
    return { entry, special, more: (flags & FLAG_MULTI_EXTENT) !== 0 };
  }

  /** The Rock Ridge NM name in a system use area, following continuation areas (CE). */
  private rockRidgeName(start: number, end: number): string | undefined {
    const r = this.r;
    let name: string | undefined;
    for (let hops = 0; hops < 8 && start < end; hops++) {
      let next: [number, number] | undefined;
      for (let at = start; at + 4 <= end;) {
        const sig = String.fromCharCode(r.u8(at), r.u8(at + 1));
        const len = r.u8(at + 2);
        if (len < 4 || at + len > end) break;
        if (sig === 'NM' && len >= 5 && (r.u8(at + 4) & 0x06) === 0) {
          name = (name ?? '') + String.fromCharCode(...r.slice(at + 5, len - 5));
        } else if (sig === 'CE' && len >= 28) {
          const ceStart = r.u32(at + 4) * this.blockSize + r.u32(at + 12);
          next = [ceStart, ceStart + r.u32(at + 20)];
        } else if (sig === 'ST') {
          break;
        }
        at += len;
      }
      if (!next || !r.has(next[0], next[1] - next[0])) break;
      [start, end] = next;
    }
    return name;
  }
}

function ucs2(raw: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode((raw[i] << 8) | raw[i + 1]);
  return s;
}
