// Builds `kedro run` command lines. Pure (no vscode import) so it is unit-tested and reused by every run command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODERN_RUN, type RunDialect, type RunFilter } from '../../../common/pipelineModel';

/** POSIX shell quoting: safe words stay bare, anything else is single-quoted (`'` → `'\''`). */
export function quoteForShell(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface RunOptions {
  /** Registered pipelines to union (`--pipelines=a,b`); none = `__default__`. */
  readonly pipelines?: readonly string[];
  readonly nodes?: readonly string[];
  readonly fromNodes?: readonly string[];
  readonly toNodes?: readonly string[];
  readonly fromInputs?: readonly string[];
  readonly toOutputs?: readonly string[];
  readonly tags?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly env?: string;
  /** `SequentialRunner` (default, omitted), `ThreadRunner`, `ParallelRunner`, or a dotted path to a custom runner. */
  readonly runner?: string;
  readonly async?: boolean;
  readonly params?: Readonly<Record<string, string>>;
  readonly loadVersions?: Readonly<Record<string, string>>;
  readonly onlyMissingOutputs?: boolean;
}

/**
 * `--env=<env>` for an environment the user picked ('' = none picked: the command's own default) unless the command
 * runs that one without the flag anyway: `kedro run` the project's default_run_env, which is not always `local`
 * (`runsWithout` undefined when the server could not read it: then a picked env is always passed).
 */
export function envArgs(env: string | undefined, runsWithout: string | undefined): string[] {
  return env && env !== runsWithout ? [`--env=${env}`] : [];
}

const list = (flag: string, values: readonly string[] | undefined): string[] => (values?.length ? [`${flag}=${values.join(',')}`] : []);
/** Plural flags take one comma list; the 0.18 singular ones are repeated. */
const flagFor = (name: string, values: readonly string[] | undefined, plural: boolean): string[] => (plural ? list(`--${name}`, values) : (values ?? []).map((v) => `--${name}=${v}`));

/**
 * argv after the kedro executable, in the forms the project's Kedro accepts (`dialect`, from the server). Lists are
 * comma-joined in one argument as Kedro parses them; a value with a comma cannot be expressed (Kedro splits on every
 * comma), so callers validate first (see `commaProblem` and `dialectProblem`). `defaultRunEnv`: the project's
 * (ProjectJson.defaultRunEnv), so a picked env equal to it is left out; unknown, a picked env is always written.
 */
export function kedroRunArgs(o: RunOptions, dialect: RunDialect = MODERN_RUN, defaultRunEnv?: string): string[] {
  const pipelines = (o.pipelines ?? []).filter((p) => p !== '__default__');
  const loadVersions = o.loadVersions && Object.keys(o.loadVersions).length ? Object.entries(o.loadVersions).map(([k, v]) => `${k}:${v}`) : undefined;
  return [
    'run',
    ...flagFor(dialect.pipelines, pipelines, dialect.pipelines === 'pipelines'),
    ...flagFor(dialect.nodes, o.nodes, dialect.nodes === 'nodes'),
    ...list('--from-nodes', o.fromNodes),
    ...list('--to-nodes', o.toNodes),
    ...list('--from-inputs', o.fromInputs),
    ...list('--to-outputs', o.toOutputs),
    ...flagFor(dialect.tags, o.tags, dialect.tags === 'tags'),
    ...(dialect.namespaces ? flagFor(dialect.namespaces, o.namespaces, dialect.namespaces === 'namespaces') : []),
    ...envArgs(o.env, defaultRunEnv),
    ...(o.runner && o.runner !== 'SequentialRunner' ? [`--runner=${o.runner}`] : []),
    ...(o.async ? ['--async'] : []),
    ...(o.params && Object.keys(o.params).length ? [`--params=${Object.entries(o.params).map(([k, v]) => `${k}${dialect.params}${v}`).join(',')}`] : []),
    ...flagFor(dialect.loadVersions, loadVersions, dialect.loadVersions === 'load-versions'),
    ...(o.onlyMissingOutputs && dialect.onlyMissingOutputs ? ['--only-missing-outputs'] : []),
  ];
}

/** What the project's Kedro cannot express of `o` (several pipelines before 1.2, namespaces before 0.18.5, …). */
export function dialectProblem(o: RunOptions, dialect: RunDialect, kedro: string): string | undefined {
  const pipelines = (o.pipelines ?? []).filter((p) => p !== '__default__');
  if (pipelines.length > 1 && dialect.pipelines === 'pipeline') return `Kedro ${kedro} runs one pipeline at a time (--pipelines came in 1.2.0): run ${pipelines.join(', ')} one by one.`;
  if (o.namespaces?.length && !dialect.namespaces) return `Kedro ${kedro} has no --namespace option (it came in 0.18.5).`;
  if ((o.namespaces?.length ?? 0) > 1 && dialect.namespaces === 'namespace') return `Kedro ${kedro} takes one --namespace (--namespaces came in 1.0.0).`;
  if (o.onlyMissingOutputs && !dialect.onlyMissingOutputs) return `Kedro ${kedro} has no --only-missing-outputs (it came in 1.0.0).`;
  return undefined;
}

/** The selection part of run options, as the server's preview takes it. */
export function previewFilter(o: RunOptions): RunFilter {
  const pipelines = (o.pipelines ?? []).filter((p) => p !== '__default__');
  return {
    ...(pipelines.length ? { pipelines } : {}),
    ...(o.tags?.length ? { tags: o.tags } : {}),
    ...(o.nodes?.length ? { nodeNames: o.nodes } : {}),
    ...(o.fromNodes?.length ? { fromNodes: o.fromNodes } : {}),
    ...(o.toNodes?.length ? { toNodes: o.toNodes } : {}),
    ...(o.fromInputs?.length ? { fromInputs: o.fromInputs } : {}),
    ...(o.toOutputs?.length ? { toOutputs: o.toOutputs } : {}),
    ...(o.namespaces?.length ? { namespaces: o.namespaces } : {}),
    ...(o.onlyMissingOutputs ? { onlyMissingOutputs: true } : {}),
    ...(o.loadVersions && Object.keys(o.loadVersions).length ? { loadVersions: o.loadVersions } : {}),
    ...(o.runner === 'ParallelRunner' ? { parallel: true } : {}),
  };
}

/** `o` with its selection replaced by `f` (a fix the preview offered); runner, env, params and the rest are kept. */
export function withSelection(o: RunOptions, f: RunFilter): RunOptions {
  const { pipelines: _p, nodes: _n, fromNodes: _fn, toNodes: _tn, fromInputs: _fi, toOutputs: _to, tags: _t, namespaces: _ns, ...rest } = o;
  void [_p, _n, _fn, _tn, _fi, _to, _t, _ns];
  return {
    ...rest,
    ...(f.pipelines?.length ? { pipelines: f.pipelines } : {}),
    ...(f.nodeNames?.length ? { nodes: f.nodeNames } : {}),
    ...(f.fromNodes?.length ? { fromNodes: f.fromNodes } : {}),
    ...(f.toNodes?.length ? { toNodes: f.toNodes } : {}),
    ...(f.fromInputs?.length ? { fromInputs: f.fromInputs } : {}),
    ...(f.toOutputs?.length ? { toOutputs: f.toOutputs } : {}),
    ...(f.tags?.length ? { tags: f.tags } : {}),
    ...(f.namespaces?.length ? { namespaces: f.namespaces } : {}),
  };
}

/** Names Kedro's comma-splitting would mangle; undefined when all are safe. */
export function commaProblem(o: RunOptions): string | undefined {
  const all = [...(o.pipelines ?? []), ...(o.nodes ?? []), ...(o.fromNodes ?? []), ...(o.toNodes ?? []), ...(o.fromInputs ?? []), ...(o.toOutputs ?? []), ...(o.tags ?? []), ...(o.namespaces ?? []), ...Object.values(o.params ?? {})];
  const bad = all.filter((v) => v.includes(','));
  return bad.length ? `Kedro splits these values on commas, so they cannot be passed on the command line: ${bad.join(' | ')}` : undefined;
}

export const commandLine = (argv: readonly string[]): string => argv.map(quoteForShell).join(' ');

/**
 * Why a line must not be typed into a terminal, or undefined. sendText types into the shell's line editor, where a
 * control character (Ctrl-U, Ctrl-W, ESC, tab, a newline, a bracketed-paste end) edits or submits the line: quoting
 * for `bash -c` does not protect it, so such a line is never sent.
 */
export function terminalLineProblem(line: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.exec(line);
  if (!m) return undefined;
  const code = `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `Kedro Lens did not send this command to the terminal: it contains a control character (${code}), which a shell's line editor would act on. Rename what contains it (a node, pipeline or dataset name, a path) and try again.`;
}

/** An absolute or relative path that exists, or a bare name found in one of the PATH folders. */
export function findProgram(program: string, pathVar: string, exists: (p: string) => boolean = (p) => fs.existsSync(p)): boolean {
  if (program.includes('/') || program.includes(path.sep)) return exists(program);
  return pathVar.split(path.delimiter).some((dir) => dir !== '' && exists(path.join(dir, program)));
}
