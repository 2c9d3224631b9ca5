import { describe, expect, it } from 'vitest';
import { execCommand } from './exec-command.ts';
import { CliError } from './cli-error.ts';

describe('pagescope exec', () => {
  it('adds two registers and prints the result with QEMU-style flags', () => {
    const out = execCommand(['--mode', '64', '--bytes', '4801d8', '--set', 'rax=1,rbx=-1']);
    expect(out).toContain('RAX=0000000000000000');
    expect(out).toContain('RBX=ffffffffffffffff');
    expect(out).toContain('RIP=0000000000100003 RFL=00000057 [---ZAPC]');
    expect(out).toContain('instructions: 1');
  });

  it('takes --set more than once, keeping every assignment', () => {
    const out = execCommand(['--bytes', '90', '--set', 'rcx=0x10000', '--set', 'rdx=5,rsi=7']);
    expect(out).toContain('RCX=0000000000010000 RDX=0000000000000005');
    expect(out).toContain('RSI=0000000000000007');
  });

  it('reports an exception by name with the instruction that raised it', () => {
    const out = execCommand(['--mode', '64', '--bytes', '0f0b']);
    expect(out).toContain('RIP=0000000000100000');
    expect(out).toContain('exception: #UD (ud2)');
  });

  it('rejects bytes that are not hex with a usage error', () => {
    expect(() => execCommand(['--bytes', 'zz'])).toThrow(CliError);
    expect(() => execCommand(['--mode', '16', '--bytes', '90'])).toThrow(/--mode must be 64 or 32/);
    expect(() => execCommand(['--bytes', '90', '--set', 'foo=1'])).toThrow(/not register=value/);
  });
});
