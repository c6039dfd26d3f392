/** A CLI command: a name, one line of help, and a run that returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Flags and input, shown by `desk <command> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A failure the user caused (bad flag, bad file): printed without a stack, exit code 2. */
export class UsageError extends Error {}
