// Builds `kedro run` command lines. Pure (no vscode import) so it is unit-tested and reused by every run command.

/** POSIX shell quoting: safe words stay bare, anything else is single-quoted (`'` → `'\''`). */
export function quoteForShell(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface RunOptions {
  readonly pipeline?: string;
  readonly nodes?: readonly string[];
  readonly env?: string;
}

/** argv for `kedro run`; names go through `--nodes=` / `--pipelines=` as Kedro 1.x parses them. */
export function kedroRunArgv(o: RunOptions): string[] {
  const argv = ['kedro', 'run'];
  if (o.pipeline && o.pipeline !== '__default__') argv.push(`--pipelines=${o.pipeline}`);
  if (o.nodes?.length) argv.push(`--nodes=${o.nodes.join(',')}`);
  if (o.env && o.env !== 'local') argv.push(`--env=${o.env}`);
  return argv;
}

export const commandLine = (argv: readonly string[]): string => argv.map(quoteForShell).join(' ');
