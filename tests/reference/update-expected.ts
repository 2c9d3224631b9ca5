// Rewrites tests/reference/expected/ from the committed images in public/kernels/:
//   <kernel>.qemu-tcg.txt  QEMU 7.2 TCG, -cpu max
//   <kernel>.cpu.txt       the same with every case the manuals decide otherwise corrected
//   <kernel>.kvm.txt       QEMU with KVM, -cpu host,-arch-capabilities (only where /dev/kvm works)
// Run: npx tsx tests/reference/update-expected.ts [kernel...] (all of them without names)
// Then read the diff: every new "!!" line needs a rule in departures.ts and a section in
// docs/qemu-differences.md before reference.test.ts passes again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuVariant } from './lines.ts';
import { EXPECTED_DIR, KERNELS, type KernelName, kvmUsable, publicImage, runQemu } from './qemu.ts';

const named = process.argv.slice(2) as KernelName[];
for (const name of named.length > 0 ? named : (Object.keys(KERNELS) as KernelName[])) {
  const tcg = await runQemu(publicImage(name), 'tcg');
  writeFileSync(join(EXPECTED_DIR, `${name}.qemu-tcg.txt`), tcg.output);
  writeFileSync(join(EXPECTED_DIR, `${name}.cpu.txt`), cpuVariant(tcg.output));
  console.log(`${name}: TCG exit status ${tcg.status}`);
  const noKvm = KERNELS[name].noKvmRun;
  if (noKvm !== undefined) {
    console.log(`${name}: no KVM run (${noKvm})`);
  } else if (kvmUsable()) {
    const kvm = await runQemu(publicImage(name), 'kvm', KERNELS[name].kvmCommandLine);
    writeFileSync(join(EXPECTED_DIR, `${name}.kvm.txt`), kvm.output);
    console.log(`${name}: KVM exit status ${kvm.status}`);
  } else {
    console.log(`${name}: no usable /dev/kvm, ${name}.kvm.txt left as it is`);
  }
}
