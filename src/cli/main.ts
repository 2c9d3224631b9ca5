import { execCommand } from './exec-command.ts';
import { CliError } from './cli-error.ts';

const USAGE = `usage: pagescope <command> [options]

commands:
  exec     run raw x86 bytes from a register state and print the registers
           --mode 64|32   --bytes HEX   [--set rax=1,rbx=0x10]   [--rflags 0x2]   [--max N]
  help     show this text`;

/** The `pagescope` command. Returns the process exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
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
