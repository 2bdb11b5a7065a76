// What the modal before a run says when the server's preview finds that Kedro would refuse the selection. Pure (no
// vscode import) so the exact texts are unit-tested.
import type { RunPreviewJson } from '../../../common/pipelineModel';
import { andList, envChainText } from '../../../common/words';

export const RUN_ANYWAY = 'Run anyway';
/**
 * The dialog's first button is its default and VS Code always renders the close affordance (Cancel) apart from the
 * others: when no selection works, a harmless first button keeps Enter from running a command that fails.
 */
export const DONT_RUN = "Don't run";

export interface BlockedRun {
  readonly message: string;
  readonly detail: string;
  /** In order: the first is the dialog's default. */
  readonly buttons: readonly string[];
  /** The environment whose catalog defines every missing input: its button runs with `--env=<env>`. */
  readonly env?: { readonly env: string; readonly button: string };
}

/** `fixes`: the selections that work, already titled (Run with upstream …). */
export function blockedRun(cmd: string, preview: RunPreviewJson, fixes: readonly { readonly title: string; readonly nodes: readonly string[] }[]): BlockedRun {
  const missing = preview.missingInputs ?? [];
  const unwritten = preview.unwrittenInputs ?? [];
  const chain = envChainText(preview.envChain ?? []);
  const current = chain ? ` (the current environment is ${chain})` : '';
  const sentences: string[] = [];
  for (const u of unwritten.filter((x) => x.otherEnvs.length)) {
    sentences.push(`${u.dataset} is defined in ${andList(u.otherEnvs.map((e) => e.dir))} only${current} and no node writes it.`);
  }
  const nowhere = unwritten.filter((x) => !x.otherEnvs.length).map((x) => x.dataset);
  if (nowhere.length) {
    const one = nowhere.length === 1;
    sentences.push(`${nowhere.join(', ')} ${one ? 'is' : 'are'} in no catalog of the current environment${chain ? ` (${chain})` : ''} and no node writes ${one ? 'it' : 'them'}.`);
  }
  const memory = missing.filter((d) => !unwritten.some((u) => u.dataset === d));
  if (memory.length) sentences.push(`${memory.join(', ')} ${memory.length === 1 ? 'is a memory dataset' : 'are memory datasets'} that only nodes outside the selection write.`);
  const message = missing.length ? `${cmd} would stop before running any node: ${preview.error ?? ''}. ${sentences.join(' ')}` : `${cmd} would fail: ${preview.error ?? ''}.`;

  // One environment defines every missing input: running there is the fix (the other inputs would still be missing).
  const first = unwritten[0];
  const shared = unwritten.length === missing.length && first ? first.otherEnvs.find((e) => unwritten.every((u) => u.otherEnvs.some((o) => o.env === e.env))) : undefined;
  const env = shared ? { env: shared.env, button: `Run with --env=${shared.env}` } : undefined;

  const lines = fixes.map((f) => `${f.title}: ${f.nodes.join(', ')}`);
  if (!lines.length) {
    const names = unwritten.map((u) => u.dataset);
    if (env) lines.push(`Kedro reads ${names.length === 1 ? 'it' : 'them'} from ${shared?.dir} with --env=${env.env}.`);
    if (names.length) lines.push(`No selection of nodes helps: no node writes ${names.join(', ')}.`);
    else if (missing.length || preview.absentInputs?.length) lines.push('No registered pipeline holds a selection that writes them.');
  }
  const safe = [...fixes.map((f) => f.title), ...(env ? [env.button] : [])];
  return { message, detail: lines.join('\n'), buttons: [...(safe.length ? safe : [DONT_RUN]), RUN_ANYWAY], ...(env ? { env } : {}) };
}
