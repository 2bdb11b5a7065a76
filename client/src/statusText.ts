import type { ProjectSummary } from '../../common/protocol';
import { envChainText } from '../../common/words';

/** The status bar's environment: the one merged last ("local"), and the whole chain for its tooltip. */
export function statusEnvironment(p: Pick<ProjectSummary, 'envChain'> | undefined): { readonly text: string; readonly chain: string } {
  const chain = p?.envChain.length ? p.envChain : ['base'];
  return { text: envChainText(chain.slice(-1)), chain: envChainText(chain) };
}

export interface EnvironmentChoice {
  readonly env: string;
  /** What the row reads when it is not the environment's name (an empty one is the conf folder itself). */
  readonly label?: string;
  readonly description?: string;
}

/**
 * The environment picker's rows: the project's own empty run environment first when it has one (Kedro then reads the
 * conf folder itself, every environment folder's files over base), every conf folder but the base one (merged over
 * it), then the base environment alone (`kedro run --env base`), so it can be picked and picked back. Current is the
 * environment merged last, as the status bar names it.
 */
export function environmentChoices(projects: readonly Pick<ProjectSummary, 'envChain' | 'envs' | 'defaultRunEnv'>[]): EnvironmentChoice[] {
  const first = projects[0];
  const base = first?.envChain[0] ?? 'base';
  // With several projects, each one's environment is current.
  const current = new Set(projects.map((p) => (p.envChain.length ? (p.envChain[p.envChain.length - 1] as string) : base)));
  const describe = (env: string, what?: string): string | undefined => {
    const parts = [current.has(env) ? 'current' : '', first?.defaultRunEnv === env ? "the project's default_run_env" : '', what ?? ''].filter(Boolean);
    return parts.length ? parts.join(' · ') : undefined;
  };
  const envs = [...new Set(projects.flatMap((p) => p.envs))].filter((e) => e !== base).sort();
  const whole = first?.defaultRunEnv === '' && base !== '' ? [{ env: '', label: envChainText(['']), ...opt(describe('', 'every environment folder over base')) }] : [];
  return [...whole, ...envs.map((env) => ({ env, ...opt(describe(env)) })), ...(base ? [{ env: base, ...opt(describe(base, 'alone, no run environment')) }] : [])];
}

const opt = (description: string | undefined): { description?: string } => (description ? { description } : {});

/**
 * The status bar's text for every project of the window: one environment, or each distinct one when the projects run
 * with different ones ("base, local"); the chains for the tooltip, one per project.
 */
export function statusEnvironments(projects: readonly Pick<ProjectSummary, 'envChain'>[]): { readonly text: string; readonly chains: readonly string[] } {
  const each = projects.map((p) => statusEnvironment(p));
  return { text: [...new Set(each.map((e) => e.text))].join(', ') || statusEnvironment(undefined).text, chains: each.map((e) => e.chain) };
}

/** A project's line in the status bar's tooltip: what the analysis found, and that it is partial when it is. */
export function projectCounts(p: Pick<ProjectSummary, 'nodeCount' | 'pipelineCount' | 'pipelinesPartial' | 'catalogCount' | 'parameterCount'>): string {
  const n = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;
  // "0 nodes" alone read as an empty project where the registry is built at run time.
  const pipelines =
    p.pipelineCount === undefined ? '' : p.pipelineCount === 0 && p.pipelinesPartial ? 'no pipeline could be analysed, ' : `${n(p.pipelineCount, 'pipeline')}${p.pipelinesPartial ? ' (partly analysed)' : ''}, `;
  return `${pipelines}${n(p.nodeCount, 'node')}, ${n(p.catalogCount, 'catalog entry', 'catalog entries')}, ${n(p.parameterCount, 'parameter')}`;
}
