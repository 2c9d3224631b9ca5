// The run's seed: fixed, so CI is reproducible, unless PAGESCOPE_DIFF_SEED names another
// (decimal or 0x hex).
const DEFAULT_SEED = 0x9a6e5c09en;

export function runSeed(): bigint {
  const fromEnv = process.env.PAGESCOPE_DIFF_SEED?.trim();
  if (!fromEnv) return DEFAULT_SEED;
  try {
    return BigInt(fromEnv);
  } catch {
    throw new Error(`PAGESCOPE_DIFF_SEED must be a decimal or 0x-hex integer, not "${fromEnv}"`);
  }
}

export function seedText(seed: bigint): string {
  return `0x${seed.toString(16)}`;
}
