import type { ProjectSummary } from '../../common/protocol';
import { envChainText } from '../../common/words';

/** The status bar's environment: the one merged last ("local"), and the whole chain for its tooltip. */
export function statusEnvironment(p: Pick<ProjectSummary, 'envChain'> | undefined): { readonly text: string; readonly chain: string } {
  const chain = p?.envChain.length ? p.envChain : ['base'];
  return { text: envChainText(chain.slice(-1)), chain: envChainText(chain) };
}
