import * as path from 'node:path';
import { pythonParser } from '../parsing/python/treeSitter';
import { KedroWorkspace } from '../project/workspace';
import { FsSourceHost } from '../host/fsHost';
import { fileUri } from '../core/uri';
import type { Logger, Problem, Severity } from '../core/types';
import { formatProblems, type OutputFormat } from './report';

const USAGE = `Usage: kedro-lens check [PATH] [--env ENV] [--format text|json] [--fail-on error|warning|information|never] [--verbose]

Statically checks the Kedro project(s) under PATH (default: the current folder) without running Python.
Exit codes: 0 clean, 1 findings at or above --fail-on (default error), 2 usage or internal error.`;

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

interface Args {
  command: string;
  path: string;
  env?: string;
  format: OutputFormat;
  failOn: Severity | 'never';
  verbose: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { command: '', path: '.', format: 'text', failOn: 'error', verbose: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string | undefined => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      i++;
      return argv[i];
    };
    if (a === '--help' || a === '-h') return USAGE;
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a.startsWith('--env') || a === '-e') {
      const v = value();
      if (!v) return 'missing value for --env';
      args.env = v;
    } else if (a.startsWith('--format')) {
      const v = value();
      if (v !== 'text' && v !== 'json') return `unknown --format '${v ?? ''}' (text or json)`;
      args.format = v;
    } else if (a.startsWith('--fail-on')) {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'information' && v !== 'never') return `unknown --fail-on '${v ?? ''}'`;
      args.failOn = v;
    } else if (a.startsWith('-')) return `unknown option '${a}'`;
    else rest.push(a);
  }
  args.command = rest[0] ?? '';
  if (args.command !== 'check') return args.command ? `unknown command '${args.command}'` : USAGE;
  if (rest[1]) args.path = rest[1];
  return args;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    const isHelp = parsed === USAGE;
    (isHelp ? process.stdout : process.stderr).write(isHelp ? `${USAGE}\n` : `kedro-lens: ${parsed}\n${USAGE}\n`);
    return isHelp && argv.some((a) => a === '--help' || a === '-h') ? 0 : 2;
  }
  const log: Logger = {
    debug: (m) => parsed.verbose && process.stderr.write(`debug ${m}\n`),
    info: (m) => parsed.verbose && process.stderr.write(`info ${m}\n`),
    warn: (m) => process.stderr.write(`warn ${m}\n`),
    error: (m, e) => process.stderr.write(`error ${m} ${e instanceof Error ? e.message : ''}\n`),
  };
  const root = path.resolve(parsed.path);
  const ws = new KedroWorkspace(new FsSourceHost(), await pythonParser(__dirname), log);
  const roots = await ws.discover([fileUri(root)]);
  if (roots.length === 0) {
    process.stderr.write(`kedro-lens: no Kedro project (pyproject.toml with [tool.kedro]) under ${root}\n`);
    return 2;
  }
  const result = await ws.analyze(parsed.env ? { env: parsed.env } : {});
  if (!result) return 2;
  const problems: Problem[] = result.projects.flatMap((p) => p.problems);
  process.stdout.write(formatProblems(problems, parsed.format, process.cwd()));
  if (parsed.failOn === 'never') return 0;
  const threshold = RANK[parsed.failOn];
  return problems.some((p) => RANK[p.severity] >= threshold) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kedro-lens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
