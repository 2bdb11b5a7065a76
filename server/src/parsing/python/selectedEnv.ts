/**
 * The Kedro environment a notebook or script selects for its own session: `%reload_kedro --env prod` (also `-e prod`,
 * `--env=prod`) or `KedroSession.create(..., env="prod")`. Its `catalog` is that environment's, not the one selected in
 * the editor. `'?'` when an environment is chosen but not as a literal (`--env $ENV`, `env=os.environ[...]`);
 * undefined when the file selects none (the default environment).
 */
export function selectedEnv(text: string): string | undefined {
  // Most files mention neither: one cheap test before the line scans.
  if (!/reload_kedro|KedroSession/.test(text)) return undefined;
  let found: string | undefined;
  for (const m of text.matchAll(/^[ \t]*%reload_kedro\b([^\n]*)$/gm)) {
    const arg = /(?:^|\s)(?:--env|-e)(?:=|\s+)(\S+)/.exec(m[1] ?? '');
    if (arg?.[1]) found = literalEnv(arg[1]);
  }
  for (const m of text.matchAll(/KedroSession\s*\.\s*create\s*\(([^)]*)\)/g)) {
    const arg = /\benv\s*=\s*([^,\s)]+)/.exec(m[1] ?? '');
    if (arg?.[1] && arg[1] !== 'None') found = literalEnv(arg[1]);
  }
  return found;
}

function literalEnv(raw: string): string {
  const unquoted = /^(['"]?)([\w.-]+)\1$/.exec(raw);
  return unquoted?.[2] ?? '?';
}
