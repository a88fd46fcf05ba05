import { Command, CommanderError } from 'commander';
import { PathCreditError } from '../errors.js';
import { attributeCommand } from './commands/attribute.js';
import { flowsCommand } from './commands/flows.js';
import { journeysCommand } from './commands/journeys.js';
import { reportCommand } from './commands/report.js';
import { sqlCommand } from './commands/sql.js';
import { transitionsCommand } from './commands/transitions.js';
import type { CliIO } from './io.js';

declare const __PATHCREDIT_VERSION__: string | undefined;

/**
 * Runs the `pathcredit` command line with `argv` (without `node` and the
 * script) against the given streams, and returns the exit code: 0 on success,
 * 1 on bad input or a failed run (one line on stderr), 2 on a usage error.
 * Pure apart from the files it is told to read and write, so tests call it in-process.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const program = new Command('pathcredit')
    .description('Exact multi-touch marketing attribution: heuristic models and Markov removal effects over CSV and Arrow journeys.')
    .version(typeof __PATHCREDIT_VERSION__ === 'string' ? __PATHCREDIT_VERSION__ : '0.0.0-dev')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    });
  attributeCommand(program, io);
  transitionsCommand(program, io);
  journeysCommand(program, io);
  reportCommand(program, io, argv);
  sqlCommand(program, io);
  flowsCommand(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  program.addHelpText('after', '\nExample:\n  $ pathcredit attribute fixtures/examples/touchpoints.csv\n');
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit with 0; commander has already printed the message.
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof PathCreditError ? err.message : err instanceof Error ? err.message : String(err);
    io.stderr.write(`pathcredit: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
