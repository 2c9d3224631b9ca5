import type { AppStore } from '../store/index.ts';

/**
 * Files past this are refused before reading: the machine has 256 MiB of RAM, and reading a
 * multi-gigabyte file into the page could take the tab down with it.
 */
export const MAX_FILE = 512 << 20;

function fail(store: AppStore, name: string, message: string): void {
  store.setState({
    bootFailure: {
      name,
      code: 'FILE',
      message,
      hint: 'Pick the kernel image your build produces.',
    },
  });
}

/** Reads a picked or dropped file and boots it; a file that cannot be read is a boot failure. */
export async function bootFile(file: File, store: AppStore): Promise<void> {
  if (file.size > MAX_FILE) {
    const mib = Math.round(file.size / (1 << 20));
    fail(store, file.name, `${file.name} is ${mib} MiB; pagescope boots images up to 512 MiB.`);
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    fail(
      store,
      file.name,
      `${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  await store.getState().bootImage(bytes, file.name);
  // A file that booted is kept for the next visit (the recent kernels in the gallery).
  if (!store.getState().bootFailure) await store.getState().rememberImage(file.name, bytes);
}
