import { VERSION } from '../version';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonParser } from '../parsing/python/treeSitter';
import { PY_FACTS_VERSION } from '../parsing/python/moduleFacts';
import { factStoreUnder } from '../host/factStore';
import { parseWorkersBeside } from '../host/parseWorkers';
import { flatTreesWanted } from '../host/flatTrees';
import { KedroWorkspace, type WorkspaceAnalysis } from '../analysis/workspace';
import { FsSourceHost } from '../host/fsHost';
import { fileUri } from '../core/uri';
import type { Logger, Problem, Severity } from '../core/types';
import { projectJson } from '../features/pipelineModel';
import { escapeControls } from '../core/escape';
import { maskSecretText } from '../core/secrets';
import { formatProblems, OUTPUT_FORMATS, statistics, type OutputFormat } from './report';
import { problemsOfPipeline } from './pipelineFilter';
import { fixOrDiff } from './fix';
import { writeKedroViz } from './kedroVizOutput';

const USAGE = `Usage:
  kedro-lens check [PATH...] [--env ENV] [--format text|json|sarif|github|gitlab|junit]
                   [--severity error|warning|info|hint] [--pipeline NAME] [--kedro-version SPEC]
                   [--output-file PATH] [--exit-zero] [--statistics] [--fix | --diff] [--cache-dir DIR] [--verbose]
  kedro-lens pipelines [PATH] [--env ENV] [--kedro-version SPEC] [--format json] [--cache-dir DIR]
  kedro-lens pipelines [PATH] --format kedro-viz --output-dir DIR   (then: kedro viz run --load-file DIR)

Statically checks the Kedro project(s) under each PATH (default: the current folder) without running Python.
  --env ENV          run environment merged over base (default: the project's default_run_env, usually local)
  --format FMT       text (path:line:col severity code message), json, sarif (SARIF 2.1.0), github (Actions
                     annotations), gitlab (Code Quality JSON) or junit (JUnit XML, a testsuite per file)
  --severity LEVEL   lowest severity to print (default: hint, i.e. everything)
  --pipeline NAME    only findings in the nodes, datasets and config of this registered pipeline
  --kedro-version SPEC  judge projects by this Kedro release or range (0.18.14, ">=0.19,<1") instead of their pins
  --output-file PATH write the report to PATH instead of standard output
  --exit-zero        exit 0 even when errors are found (usage errors still exit 2)
  --cache-dir DIR    keep what was extracted from each Python file under DIR/facts (by content), so the next run
                     parses only changed files (size-bounded; safe to share between concurrent runs)
  --statistics       after the report, print the number of findings per code (to standard error when a
                     machine-readable report goes to standard output, so it stays parseable)
  --fix              apply the safe quick fixes (a did-you-mean with one candidate, DataSet -> Dataset where
                     both exist, HOOKS entries without '()'), print what changed, then report what remains
  --diff             print those fixes as a unified diff without writing (exit 1 when there are any)
pipelines --format kedro-viz writes the API files Kedro-Viz serves (DIR/api/main, pipelines/, nodes/), so its web UI
shows the project without the project's dependencies installed.
Exit codes: 0 no errors, 1 errors found, 2 usage error or no Kedro project.`;

const LEVEL: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint' };
const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

interface Args {
  command: 'check' | 'pipelines';
  paths: string[];
  env?: string;
  format: OutputFormat;
  severity: Severity;
  pipeline?: string;
  kedroVersion?: string;
  outputFile?: string;
  /** pipelines --format kedro-viz: the folder to write. */
  kedroVizDir?: string;
  cacheDir?: string;
  verbose: boolean;
  exitZero: boolean;
  statistics: boolean;
  fix?: 'fix' | 'diff';
}

class UsageError extends Error {}

/** Part of the facts cache's key (with the bundle's identity). */

function parseArgs(argv: readonly string[]): Args | 'help' {
  const rest: string[] = [];
  const opts: Record<string, string> = {};
  let verbose = false;
  let exitZero = false;
  let stats = false;
  let fix: 'fix' | 'diff' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--exit-zero') exitZero = true;
    else if (a === '--statistics') stats = true;
    else if (a === '--fix' || a === '--diff') {
      if (fix && fix !== a.slice(2)) throw new UsageError('--fix and --diff exclude each other');
      fix = a.slice(2) as 'fix' | 'diff';
    }
    else if (a.startsWith('-')) {
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const name = flag === '-e' ? 'env' : flag.replace(/^--/, '');
      if (!['env', 'format', 'severity', 'pipeline', 'kedro-version', 'output-file', 'output-dir', 'cache-dir'].includes(name)) throw new UsageError(`unknown option '${flag}'`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`missing value for --${name}`);
      opts[name] = value;
    } else rest.push(a);
  }
  const command = rest.shift();
  if (!command) return 'help';
  if (command !== 'check' && command !== 'pipelines') throw new UsageError(`unknown command '${command}'`);
  const format = opts['format'] ?? 'text';
  const formats: readonly string[] = command === 'check' ? OUTPUT_FORMATS : ['json', 'kedro-viz'];
  if (!formats.includes(format) && !(command === 'pipelines' && format === 'text')) throw new UsageError(`unknown --format '${format}' (${formats.join(', ')})`);
  const severity = LEVEL[opts['severity'] ?? 'hint'];
  if (!severity) throw new UsageError(`unknown --severity '${opts['severity']}' (error, warning, info, hint)`);
  if (command === 'pipelines' && rest.length > 1) throw new UsageError('pipelines takes one PATH');
  if (command === 'pipelines' && fix) throw new UsageError(`--${fix} is for check`);
  const kedroViz = command === 'pipelines' && format === 'kedro-viz';
  if (kedroViz !== (opts['output-dir'] !== undefined)) throw new UsageError('--output-dir DIR goes with pipelines --format kedro-viz (and is required by it)');
  return {
    command,
    paths: rest.length ? rest : ['.'],
    format: (kedroViz ? 'json' : format) as OutputFormat,
    ...(kedroViz ? { kedroVizDir: opts['output-dir'] } : {}),
    severity,
    verbose,
    exitZero,
    statistics: stats,
    ...(fix ? { fix } : {}),
    ...(opts['env'] ? { env: opts['env'] } : {}),
    ...(opts['pipeline'] ? { pipeline: opts['pipeline'] } : {}),
    ...(opts['kedro-version'] ? { kedroVersion: opts['kedro-version'] } : {}),
    ...(opts['output-file'] ? { outputFile: opts['output-file'] } : {}),
    ...(opts['cache-dir'] ? { cacheDir: path.resolve(opts['cache-dir']) } : {}),
  };
}

async function analyse(args: Args, log: Logger): Promise<WorkspaceAnalysis | number> {
  const roots = args.paths.map((p) => path.resolve(p));
  // Nothing outside the given folders is read, even if a check upstream missed a path (docs/workspace-boundary.md).
  const host = new FsSourceHost({ roots, onRefused: (p) => log.debug(`outside_refused ${p}`) });
  const factStore = factStoreUnder(args.cacheDir, __dirname, VERSION, PY_FACTS_VERSION, log);
  // With a store, the parser loads on the first file it misses: a run whose files are all stored needs no wasm.
  const factsPool = parseWorkersBeside(__dirname, log);
  const loadParser = (): ReturnType<typeof pythonParser> => pythonParser(__dirname, { flatTrees: flatTreesWanted() });
  const ws = new KedroWorkspace(host, factStore ? loadParser : await loadParser(), log, { ...(factStore ? { factStore } : {}), ...(factsPool ? { factsPool } : {}) });
  const found = await ws.discover(roots.map(fileUri));
  if (found.length === 0) {
    process.stderr.write(`kedro-lens: no Kedro project (pyproject.toml with [tool.kedro]) under ${roots.join(', ')}\n`);
    return 2;
  }
  const result = await ws.analyze({ ...(args.env ? { env: args.env } : {}), ...(args.kedroVersion ? { kedroVersion: args.kedroVersion } : {}) });
  factsPool?.dispose();
  await factStore?.flush();
  return result ?? 2;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`kedro-lens: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length ? 0 : 2;
  }
  const verbose = args.verbose;
  const log: Logger = {
    // Log lines can quote catalog values: masked like every other output.
    debug: (m) => void (verbose && process.stderr.write(`debug ${maskSecretText(m)}\n`)),
    info: (m) => void (verbose && process.stderr.write(`info ${maskSecretText(m)}\n`)),
    warn: (m) => void process.stderr.write(`warn ${maskSecretText(m)}\n`),
    error: (m, e) => void process.stderr.write(`error ${maskSecretText(`${m} ${e instanceof Error ? e.message : ''}`)}\n`),
  };
  let result = await analyse(args, log);
  if (typeof result === 'number') return result;
  if (args.fix && args.command === 'check') {
    // Fix lines go where they cannot spoil a machine-readable report.
    const note = (s: string): void => void (args.format === 'text' && !args.outputFile ? process.stdout : process.stderr).write(s);
    const done = fixOrDiff(result, args.fix, process.cwd(), (s) => process.stdout.write(s), args.fix === 'diff' ? (s) => process.stderr.write(s) : note);
    if (done !== 'fixed') return done;
    result = await analyse(args, log);
    if (typeof result === 'number') return result;
  }

  if (args.command === 'pipelines' && args.kedroVizDir !== undefined) {
    const [project, ...more] = result.projects;
    if (!project || more.length) {
      process.stderr.write(`kedro-lens: --format kedro-viz takes one project; found ${result.projects.length} under ${args.paths.join(', ')}\n`);
      return 2;
    }
    return writeKedroViz(projectJson(project.model), project.model.layout.rootUri, args.kedroVizDir, (m) => process.stderr.write(`kedro-lens: ${m}\n`));
  }
  if (args.command === 'pipelines') {
    process.stdout.write(`${JSON.stringify({ projects: result.projects.map((p) => projectJson(p.model)) }, null, 2)}\n`);
    return 0;
  }

  let problems: Problem[] = result.projects.flatMap((p) => p.problems);
  if (args.pipeline) {
    const name = args.pipeline;
    const owners = result.projects.filter((p) => p.model.registry.pipelines.has(name));
    if (!owners.length) {
      const known = [...new Set(result.projects.flatMap((p) => [...p.model.registry.pipelines.keys()]))];
      process.stderr.write(`kedro-lens: no registered pipeline '${escapeControls(name)}'; known: ${known.map(escapeControls).join(', ') || '(none)'}\n`);
      return 2;
    }
    problems = owners.flatMap((p) => problemsOfPipeline(p.model, p.problems, name));
  }
  const shown = problems.filter((p) => RANK[p.severity] >= RANK[args.severity]);
  let report = formatProblems(shown, args.format, process.cwd());
  if (args.format === 'text') {
    // Text: which releases each project was judged by, just above the summary line (which stays last).
    const lines = report.replace(/\n$/, '').split('\n');
    const judged = result.projects.map((p) => {
      const v = p.model.versions;
      return escapeControls(`${path.relative(process.cwd(), fileURLToPath(p.model.layout.rootUri)) || '.'}: judged as ${v.text} (kedro from ${v.kedroSource})`);
    });
    report = `${[...lines.slice(0, -1), ...judged, ...lines.slice(-1)].join('\n')}\n`;
  }
  if (args.outputFile) {
    try {
      fs.writeFileSync(path.resolve(args.outputFile), report);
    } catch (err) {
      process.stderr.write(`kedro-lens: cannot write --output-file ${args.outputFile}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  } else process.stdout.write(report);
  if (args.statistics) {
    const toStderr = !args.outputFile && args.format !== 'text';
    (toStderr ? process.stderr : process.stdout).write(statistics(shown));
  }
  return !args.exitZero && problems.some((p) => p.severity === 'error') ? 1 : 0;
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
