/**
 * The desk's CLI for scripting and batch work: `npm run -s desk -- <command> [flags]`.
 * Machine-readable output is JSON lines on stdout; errors go to stderr with a non-zero exit.
 */
import { UsageError } from './command';
import { COMMANDS } from './commands/index';

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: npm run -s desk -- <command> [flags]     (desk <command> --help for its flags)',
    '',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'\n${help()}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`usage: npm run -s desk -- ${command.name} [flags]\n${command.summary}\n\n${command.usage}`);
    return 0;
  }
  return command.run(rest);
}

// A reader that stops early (`desk quote ... | head`) closes the pipe: that ends the output, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`desk: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = usage ? 2 : 1;
  },
);
