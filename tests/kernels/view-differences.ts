// Where pagescope's `info registers` and `info tlb` legitimately differ from QEMU's at the same
// stop, as a reviewed list: each difference names the kernels it applies to, the view and the
// part of it, and why. qemu-views.test.ts applies them to pagescope's lines and then wants
// equality, and fails on a difference that no kernel shows any more, so the list stays true.
// The kinds: QEMU TCG departing from the CPU (ids of docs/qemu-differences.md where it has
// one), pagescope departing from the CPU (to be fixed in the core; none at present), the
// loaders (pagescope's own against the limine-shim, QEMU's Multiboot loader or GRUB) handing
// over different, equally valid state, and the way each side stops.

export type ViewName = 'info registers' | 'info tlb';

export interface ViewDifference {
  id: string;
  kind: 'qemu-departure' | 'pagescope-departure' | 'loader' | 'stop';
  view: ViewName;
  kernels: readonly string[];
  why: string;
  /** Both sides' lines with this difference's part made equal; lines it does not explain untouched. */
  fix(pagescope: string[], qemu: string[]): { pagescope: string[]; qemu: string[] };
}

/** Kernels stopped at qemu_exit with their own GDT, TSS and page tables loaded. */
const LIMINE_OWN = [
  'demo-limine',
  'pitfall-stale-tlb',
  'pitfall-nx-without-nxe',
  'pitfall-misaligned-2m',
  'pitfall-user-wx',
  'pitfall-stack-guard',
];
/** Kernels that triple fault at their CR3 switch, stopped at kmain: the loader's state. */
const LIMINE_LOADER = [
  'pitfall-higher-half-alloc',
  'pitfall-gdt-idt-unmapped',
  'pitfall-bad-cr3',
  'pitfall-bad-cr3-garbage',
];
/** Kernels whose CS was last loaded by a far jump or return (pitfall-no-identity-map's by QEMU's loader). */
const FAR_CS = [...LIMINE_OWN, 'multiboot1-hello', 'multiboot2-hello', 'pitfall-no-identity-map'];

/** The register `name` (RBX, CR3, R12...) takes QEMU's value in pagescope's line. */
function registerField(name: string) {
  const re = new RegExp(`(^|\\s)${name}=([0-9a-f]+)`);
  return (pagescope: string[], qemu: string[]) => {
    const q = qemu.map((l) => re.exec(l)?.[2]).find((v) => v !== undefined);
    if (q === undefined) return { pagescope, qemu };
    return { pagescope: pagescope.map((l) => l.replace(re, `$1${name}=${q}`)), qemu };
  };
}

/** The lines starting with one of `names` (`CS =`, `GDT=`) take QEMU's line whole. */
function wholeLines(names: string[]) {
  const starts = names.map((n) => n.padEnd(3) + '=');
  return (pagescope: string[], qemu: string[]) => ({
    pagescope: pagescope.map((l) => {
      const at = starts.find((s) => l.startsWith(s));
      return at === undefined ? l : (qemu.find((q) => q.startsWith(at)) ?? l);
    }),
    qemu,
  });
}

/** One segment line changed where `from` (in pagescope's) becomes `to`, when QEMU shows `to`. */
function segmentText(name: string, from: [RegExp, string][]) {
  const start = name.padEnd(3) + '=';
  return (pagescope: string[], qemu: string[]) => {
    const q = qemu.find((l) => l.startsWith(start));
    return {
      pagescope: pagescope.map((l) => {
        if (!l.startsWith(start) || q === undefined) return l;
        const fixed = from.reduce((s, [re, to]) => s.replace(re, to), l);
        return fixed === q ? fixed : l;
      }),
      qemu,
    };
  };
}

const HHDM = 0xffff800000000000n;
const KERNEL = 0xffffffff80000000n;
const TLB_LINE = /^([0-9a-f]{16}): ([0-9a-f]{16}) (\S+)$/;

function tlbParts(l: string) {
  const m = TLB_LINE.exec(l);
  return m ? { va: BigInt('0x' + m[1]), pa: BigInt('0x' + m[2]), flags: m[3] } : null;
}

/** Lines of RAM in the HHDM (not device pages: those are cached differently, C or T set). */
function isHhdmRam(l: string): boolean {
  const p = tlbParts(l);
  return p !== null && p.va >= HHDM && p.va < HHDM + (1n << 32n) && !/[CT]/.test(p.flags);
}

export const VIEW_DIFFERENCES: readonly ViewDifference[] = [
  {
    id: 'cs-loaded-without-accessed',
    kind: 'qemu-departure',
    view: 'info registers',
    kernels: FAR_CS,
    why:
      'QEMU 7.2 TCG caches CS without the accessed bit when a far jump or far return loads it; ' +
      'the CPU sets A when it loads a descriptor (SDM Vol. 3A 3.4.5.1), and VM entry requires ' +
      'A set in a usable CS (SDM Vol. 3C 27.3.1.2). pagescope keeps A set: [-RA].',
    fix: segmentText('CS', [
      [/ 00af9b00 /, ' 00af9a00 '],
      [/ 00cf9b00 /, ' 00cf9a00 '],
      [/\[-RA\]/, '[-R-]'],
    ]),
  },
  {
    id: 'tr-cached-available',
    kind: 'qemu-departure',
    view: 'info registers',
    kernels: LIMINE_OWN,
    why:
      'QEMU 7.2 ltr marks the TSS descriptor busy in the GDT but caches the type it read ' +
      '(9, available); the CPU caches the busy type (11), which VM entry requires of TR ' +
      '(SDM Vol. 3C 27.3.1.2). pagescope shows TSS64-busy.',
    fix: segmentText('TR', [
      [/ 00008b00 /, ' 00008900 '],
      [/TSS64-busy$/, 'TSS64-avl'],
    ]),
  },
  {
    id: 'ist-loads-null-ss',
    kind: 'qemu-departure',
    view: 'info registers',
    kernels: ['pitfall-stack-guard'],
    why:
      'docs/qemu-differences.md#ist-loads-null-ss: the #DF arrives through IST1 at CPL 0; QEMU ' +
      'loads a null SS, the CPU keeps SS = 0x10 when the CPL does not change.',
    fix: wholeLines(['SS']),
  },
  {
    id: 'kernel-tables-from-the-memory-map',
    kind: 'loader',
    view: 'info registers',
    kernels: LIMINE_OWN,
    why:
      "The kernel takes its page tables from the memory map's usable frames, and the shim and " +
      "pagescope's Limine loader report different usable ranges: CR3 (and, in " +
      'pitfall-misaligned-2m, R12, a pointer into those tables) differ.',
    fix(pagescope, qemu) {
      const a = registerField('CR3')(pagescope, qemu);
      return registerField('R12')(a.pagescope, a.qemu);
    },
  },
  {
    id: 'limine-loader-handover',
    kind: 'loader',
    view: 'info registers',
    kernels: LIMINE_LOADER,
    why:
      "At kmain the state is the loader's. Each loader builds its own GDT (the shim's data " +
      "and code descriptors have limit 0xfffff with G; pagescope's, limit 0: 64-bit mode " +
      'ignores both) at its own address, and the shim leaves IDTR as the BIOS did (limit ' +
      "0x3ff) where pagescope's loader clears it. CR3 holds each loader's own tables.",
    fix(pagescope, qemu) {
      const a = wholeLines(['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'GDT', 'IDT'])(pagescope, qemu);
      return registerField('CR3')(a.pagescope, a.qemu);
    },
  },
  {
    id: 'grub-multiboot2-handover',
    kind: 'loader',
    view: 'info registers',
    kernels: ['multiboot2-hello'],
    why:
      'GRUB places the Multiboot 2 information elsewhere than pagescope (RBX and R12 point into ' +
      "it) and leaves IDTR's limit 0 where pagescope's loader leaves the real-mode 0x3ff.",
    fix(pagescope, qemu) {
      const a = registerField('RBX')(pagescope, qemu);
      const b = registerField('R12')(a.pagescope, a.qemu);
      return wholeLines(['IDT'])(b.pagescope, b.qemu);
    },
  },
  {
    id: 'qemu-multiboot-gdt',
    kind: 'loader',
    view: 'info registers',
    kernels: ['pitfall-no-identity-map'],
    why:
      "At kmain32 GDTR is still the loader's: QEMU's Multiboot option ROM keeps its GDT in " +
      'its ROM area, pagescope places its own in low memory.',
    fix: wholeLines(['GDT']),
  },
  {
    id: 'kernel-placement',
    kind: 'loader',
    view: 'info tlb',
    kernels: [...LIMINE_OWN, ...LIMINE_LOADER],
    why:
      'Each loader chooses where the kernel image lies in RAM: its pages map the same offsets ' +
      'of the image, at a physical base that differs by one constant.',
    fix(pagescope, qemu) {
      const first = (lines: string[]) =>
        lines.map(tlbParts).find((p) => p !== null && p.va >= KERNEL);
      const [p0, q0] = [first(pagescope), first(qemu)];
      if (!p0 || !q0) return { pagescope, qemu };
      const shift = q0.pa - p0.pa;
      return {
        pagescope: pagescope.map((l) => {
          const p = tlbParts(l);
          // The image: pages at the same offset from its first page, virtually and physically.
          if (p === null || p.va < KERNEL || p.pa - p0.pa !== p.va - p0.va) return l;
          return l.replace(/ [0-9a-f]{16} /, ` ${(p.pa + shift).toString(16).padStart(16, '0')} `);
        }),
        qemu,
      };
    },
  },
  {
    id: 'kernel-frames-from-the-memory-map',
    kind: 'loader',
    view: 'info tlb',
    kernels: ['pitfall-nx-without-nxe', 'pitfall-stale-tlb'],
    why:
      'The page the kernel maps at 0xffffffff90000000 is a frame from its allocator, which ' +
      'hands out the usable memory each loader reports: the frame differs, the mapping and ' +
      'its flags do not.',
    fix(pagescope, qemu) {
      const at = (lines: string[], va: bigint) => lines.find((l) => tlbParts(l)?.va === va);
      const va = 0xffffffff90000000n;
      const [p, q] = [at(pagescope, va), at(qemu, va)];
      if (!p || !q || tlbParts(p)!.flags !== tlbParts(q)!.flags) return { pagescope, qemu };
      return { pagescope: pagescope.map((l) => (l === p ? q : l)), qemu };
    },
  },
  {
    id: 'breakpoint-after-the-fetch-walk',
    kind: 'stop',
    view: 'info tlb',
    kernels: ['pitfall-gdt-idt-unmapped'],
    why:
      "kmain starts the kernel's first text page, which nothing touched before. pagescope's " +
      'instruction breakpoint stops once the CPU has fetched the block at RIP (the walk set ' +
      "the PTE's accessed bit); QEMU's gdb stub stops before translating it.",
    fix(pagescope, qemu) {
      const line = pagescope.find((l) => tlbParts(l)?.va === KERNEL);
      const q = qemu.find((l) => tlbParts(l)?.va === KERNEL);
      if (!line || !q || line.replace('----A----', '---------') !== q) return { pagescope, qemu };
      return { pagescope: pagescope.map((l) => (l === line ? q : l)), qemu };
    },
  },
  {
    id: 'hhdm-from-the-memory-map',
    kind: 'loader',
    view: 'info tlb',
    kernels: [...LIMINE_OWN, ...LIMINE_LOADER],
    why:
      'The HHDM covers what the memory map lists (the kernel maps its regions, in 2 MiB pages ' +
      'where aligned; at kmain the loader maps 4 GiB in pages of its choice), and the maps ' +
      "differ: compared as a direct map (every line's physical address is its virtual one " +
      'minus 0xffff800000000000) with one set of rights on both sides (flags but page size, ' +
      'dirty and accessed), not line by line.',
    fix(pagescope, qemu) {
      const hhdm = (lines: string[]) =>
        lines.filter((l) => isHhdmRam(l) && tlbParts(l)!.va - HHDM === tlbParts(l)!.pa);
      // X G P(S) D A C T U W: the rights and caching, without PS, D and A.
      const rights = (l: string) => tlbParts(l)!.flags.replace(/^(..)(...)/, '$1---');
      const [p, q] = [hhdm(pagescope), hhdm(qemu)];
      if (new Set([...p, ...q].map(rights)).size !== 1) return { pagescope, qemu };
      const drop = (lines: string[], gone: string[]) => {
        const set = new Set(gone);
        return lines.filter((l) => !set.has(l));
      };
      return { pagescope: drop(pagescope, p), qemu: drop(qemu, q) };
    },
  },
];
