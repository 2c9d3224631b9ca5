/**
 * Limine protocol magic numbers (PROTOCOL.md). A request starts with COMMON_MAGIC followed by
 * two words naming the feature; tags and markers are recognised by their own magic.
 */
export const COMMON_MAGIC = [0xc7b1dd30df4c8b88n, 0x0a82e883a194f07bn] as const;
export const BASE_REVISION_MAGIC = [0xf9562b2d5c95a6c8n, 0x6a7b384944536bdcn] as const;
export const REQUESTS_START_MARKER = [
  0xf6b8f4b39de7d1aen, 0xfab91a6940fcb9cfn, 0x785c6ed015d3e316n, 0x181e920a7852b9d9n,
] as const; // prettier-ignore
export const REQUESTS_END_MARKER = [0xadc0e0531bb10d03n, 0x9572709f31764c62n] as const;

/** The features pagescope answers, by the last two words of their ID. */
export const FEATURES = {
  bootloaderInfo: [0xf55038d8e2a1202fn, 0x279426fcf5f59740n],
  executableCmdline: [0x4b161536e598651en, 0xb390ad4a2f1f303an],
  firmwareType: [0x8c2f75d90bef28a8n, 0x7045a4688eac00c3n],
  stackSize: [0x224ef0460a8e8926n, 0xe1cb0fc25f46ea3dn],
  hhdm: [0x48dcf1cb8ad2b852n, 0x63984e959a98244bn],
  framebuffer: [0x9d5827dcd881dd75n, 0xa3148604f6fab11bn],
  pagingMode: [0x95c1a0edab0944cbn, 0xa4e5cb3842f7488an],
  mp: [0x95a67b819a1b857en, 0xa0b61b723b6a73e0n],
  memmap: [0x67cf3d9d378a806fn, 0xe304acdfc50c3c62n],
  entryPoint: [0x13d86c035a1cd3e1n, 0x2b0caa89d8f3026an],
  executableFile: [0xad97e90e83f1ed67n, 0x31eb5d1c5ff23b69n],
  module: [0x3e7e279702be32afn, 0xca1c4f3bd1280ceen],
  rsdp: [0xc5e77b6b397e7b43n, 0x27637845accdcf3cn],
  dateAtBoot: [0x502746e184c088aan, 0xfbc5ec83e6327893n],
  executableAddress: [0x71ba76863cc55f63n, 0xb2644a48c516a487n],
} as const satisfies Record<string, readonly [bigint, bigint]>;

export type FeatureName = keyof typeof FEATURES;

/** The highest base revision pagescope implements; higher requests boot as this one. */
export const MAX_BASE_REVISION = 3;

/** Limine memory map entry types. */
export const LIMINE_MEMMAP = {
  usable: 0,
  reserved: 1,
  'acpi-reclaimable': 2,
  'acpi-nvs': 3,
  bad: 4,
  'bootloader-reclaimable': 5,
  'executable-and-modules': 6,
  framebuffer: 7,
} as const;
