import { execCommand } from './exec-command.ts';
import { runCommand } from './run-command.ts';
import { CliError } from './cli-error.ts';

const USAGE = `usage: pagescope <command> [options]

commands:
  run      boot a kernel image headless; serial output to stdout
           IMAGE [--ram 128M] [--append CMDLINE] [--max-instructions N] [--max-seconds S]
           [--stop-at exit|halt|N]
           exit status: the guest's isa-debug-exit status ((n << 1) | 1, as QEMU), or
           0 halted/powered off, 2 bad input, 4 triple fault, 6 limit reached, 8 reset
  exec     run raw x86 bytes from a register state and print the registers
           --mode 64|32   --bytes HEX   [--set rax=1,rbx=0x10]   [--rflags 0x2]   [--max N]
  help     show this text`;

/** The `pagescope` command. Returns the process exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return runCommand(
          rest,
          (s) => process.stdout.write(s),
          (s) => process.stderr.write(s),
        );
      case 'exec':
        process.stdout.write(execCommand(rest));
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        throw new CliError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`pagescope: ${e.message}`);
      if (e.showUsage) console.error(USAGE);
      return 2;
    }
    throw e;
  }
}
