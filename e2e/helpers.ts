import { expect } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { buildElf } from '../src/boot/test-helpers/elf-builder.ts';
import { concat, mb1Header } from '../src/boot/test-helpers/headers.ts';

/** Collects console errors and uncaught exceptions; each spec ends by expecting none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Opens the app on a laptop-sized window and waits for the demo to run to its exit. */
export async function openDemo(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  await expect(page.getByTestId('run-state')).toHaveText('ended');
}

/** A Multiboot 1 ELF32 kernel that spins forever (`jmp $`): a machine that never ends. */
export function spinningKernel(): Uint8Array {
  const header = mb1Header(0);
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, new Uint8Array([0xeb, 0xfe])) }],
  });
}

/** Shares the session on `page`: the link the share dialog gives. */
export async function shareLink(page: Page): Promise<string> {
  await page.getByTestId('share-button').click();
  return page.getByTestId('share-url').inputValue();
}

/** Another user: a page in a browser context of its own, sharing nothing with the others. */
export async function otherUser(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, errors: watchErrors(page), close: () => context.close() };
}

/** A file as a file input takes it. */
export const inputFile = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(bytes),
});

/** Opens a kernel image from a file, as picking or dropping one does, and waits for its boot. */
export async function openKernel(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(inputFile(name, bytes));
  await expect(page.getByTestId('kernel-title')).toContainText(name);
}
