import { execCommand } from './exec-command.ts';
import { runCommand } from './run-command.ts';
import { checkCommand } from './check-command.ts';
import { inspectCommand } from './inspect-command.ts';
import { CliError } from './cli-error.ts';

const USAGE = `usage: pagescope <command> [options]

commands:
  run      boot a kernel image headless; serial output to stdout
           IMAGE [--ram 256M] [--append CMDLINE] [--initrd 'FILE [ARGS]']... [--disk FILE]
           [--disk-slave FILE] [--disk-secondary FILE] [--max-instructions N] [--max-seconds S]
           [--stop-at exit|halt|N] [--screen] [--keys 'a b ret shift-a' [--keys-at N]]
           [--framebuffer]
           --screen: print the VGA text screen at the end (to stdout, after the serial output)
           --framebuffer: offer a 1024x768x32 framebuffer to kernels that ask for one
           --disk, --disk-slave: images for the primary ATA master and slave (QEMU's
             -drive file=FILE,index=0 and index=1); guest writes stay in memory
           --disk-secondary: an image for the secondary ATA master (index=2)
           --keys: QEMU sendkey names, typed from instruction N (default 20000000)
           exit status: the guest's isa-debug-exit status ((n << 1) | 1, as QEMU), or
           0 halted/powered off, 2 bad input, 4 triple fault, 6 limit reached, 8 reset
  check    boot a kernel, run it to the end, and report the paging bugs pagescope finds
           IMAGE [--ram 256M] [--append CMDLINE] [--max-instructions N] [--max-seconds S]
           [--framebuffer] [--json] [--serial]   (--serial: the guest's serial output to stderr)
           exit status: 0 nothing found, 1 warnings only, 3 errors found, 2 bad input
  inspect  run a kernel to a stopping point and print views of the machine there
           IMAGE --at STOP [VIEW...] [--json] [--serial] [and check's options]
           STOP: N (instruction count), cr3 (the first CR3 write), cr3:N (the Nth),
                 vector:V (exception V, once delivered), triple-fault, halt, exit
           VIEW: info mem, info tlb, info registers (QEMU's monitor text), translate VA,
                 aliases PA, regions, diff CR3, descriptors, tree, findings (the default)
           exit status: 0 stopped at STOP, 6 the machine ended or a limit hit first, 2 bad input
  exec     run raw x86 bytes from a register state and print the registers
           --mode 64|32   --bytes HEX   [--set rax=1,rbx=0x10]...   [--rflags 0x2]   [--max N]
  help     show this text`;

const stdout = (s: string) => void process.stdout.write(s);
const stderr = (s: string) => void process.stderr.write(s);

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
      case 'check':
        return checkCommand(rest, stdout, stderr);
      case 'inspect':
        return inspectCommand(rest, stdout, stderr);
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
