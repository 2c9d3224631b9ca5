import type { Block } from './block-cache.ts';
import type { Cpu } from './cpu.ts';

/**
 * A compiled block. Runs the block's instructions in order and returns how many retired in
 * its last pass. A block that branches back to its own start keeps looping while `budget`
 * allows another full pass and nothing asks for attention; each full pass adds to
 * c.icount[0] and c.loopRetired as it completes, so guest time stays exact.
 */
export type CompiledBlock = (c: Cpu, budget: number) => number;

/**
 * Compiles a hot block into one JavaScript function that calls each instruction's handler
 * directly. The decoded instructions stay the only semantics: the generated code is just the
 * dispatch, unrolled. Every call site then sees a single handler, so V8 can inline the
 * handlers into the block and drops the interpreter's per-instruction indirect call.
 * The block's key goes into the source so V8 never shares one compiled function (and its
 * type feedback) between blocks that happen to have the same length.
 */
export function compileBlock(block: Block): CompiledBlock {
  const n = block.insns.length;
  const last = block.insns[n - 1];
  // A block ending in a relative branch (jcc, jmp, loop) may branch back to its own start.
  const mayLoop = last.entry.parse.imms[0]?.startsWith('J') === true;
  const params: string[] = [];
  const body: string[] = [];
  for (let k = 0; k < n; k++) {
    params.push(`h${k}`, `i${k}`);
    body.push(`c.pos = ${k};`, `h${k}(c, i${k});`);
    if (k < n - 1) body.push(`if (c.exitBlock) return ${k + 1};`);
  }
  const lines = [`// block ${block.key.toString(16)}`, 'return function (c, budget) {'];
  if (mayLoop) {
    lines.push(
      `  const rip = c.rip, start = c.blockRip;`,
      `  for (let left = budget - ${n}; ; left -= ${n}) {`,
      ...body.map((l) => '    ' + l),
      `    if (left < ${n} || c.exitBlock || c.attention || rip[0] !== start[0] || rip[1] !== start[1]) return ${n};`,
      `    c.icount[0] += ${n};`,
      `    c.loopRetired += ${n};`,
      '  }',
    );
  } else lines.push(...body.map((l) => '  ' + l), `  return ${n};`);
  lines.push('};');
  const args: unknown[] = [];
  for (const ins of block.insns) args.push(ins.exec, ins);
  const factory = new Function(...params, lines.join('\n')) as (...a: unknown[]) => CompiledBlock;
  return factory(...args);
}
