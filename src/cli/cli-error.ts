/** A mistake in how the command was called: printed as one line, exit status 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}
