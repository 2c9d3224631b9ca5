import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The kernels' sources and Makefile. */
export const KERNELS_DIR = resolve(here, '../../kernels');
/** The committed release images. */
export const PUBLIC_KERNELS = resolve(here, '../../public/kernels');
/** Expected serial output, one file per kernel. */
export const EXPECTED_DIR = join(here, 'expected');
