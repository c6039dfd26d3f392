/**
 * JSON lines: the CLI's machine-readable output, and its input for batch commands. One output
 * line per input line, in order; a malformed line answers {"error": ...} and the rest still run.
 */
import readline from 'node:readline';

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export async function* readLines(input: NodeJS.ReadableStream = process.stdin): AsyncGenerator<string> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield line;
}

/** Apply handle to each JSON line of stdin; returns how many lines failed. */
export async function mapJsonLines(handle: (value: unknown) => unknown, input?: NodeJS.ReadableStream): Promise<number> {
  let failures = 0;
  for await (const line of readLines(input)) {
    let output: unknown;
    try {
      output = handle(JSON.parse(line));
    } catch (error) {
      output = { error: error instanceof SyntaxError ? `not JSON: ${error.message}` : error instanceof Error ? error.message : String(error) };
    }
    if (output && typeof output === 'object' && 'error' in output) failures += 1;
    writeJson(output);
  }
  return failures;
}
