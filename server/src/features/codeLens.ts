import { command, type CommandCall } from '../../../common/commands';
import { LENS_AUTO_MAX_NODES, type CodeLensSetting } from '../../../common/settings';
import type { Loc } from '../core/types';
import type { ProjectModel } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';
import { VALID_NODE_NAME } from '../project/pipelines/nodeName';
import { positionIndex } from './positions';
import { previewRun } from './runPreview';

/** A lens: where, its title, and the client command it invokes (typed by common/commands.ts). */
export interface LensJson {
  readonly loc: Loc;
  readonly title: string;
  readonly call: CommandCall;
}

/**
 * "▶ Run <node>" · "Debug" · "Reveal in Kedro view" above each node call (per resolved node); "▶ Run pipeline" above each
 * registered pipeline. A node Kedro cannot run alone (memory inputs written by other nodes: its runner refuses it
 * before anything runs) gets "▶ Run with upstream" instead, which runs it with the nodes producing those inputs.
 * `kedro.codeLens` trims them: `pipelines` keeps the pipeline lenses, `auto` does so in modules with many node calls.
 */
export function codeLensesFor(model: ProjectModel, uri: string, setting: CodeLensSetting = 'auto'): LensJson[] {
  const out: LensJson[] = [];
  if (setting === 'off') return out;
  // Each node call of the file with the nodes it yields, one per name: a template pipeline under several namespaces
  // yields one per instance (the index lists a node at every place that names it).
  const calls = new Map<string, Map<string, ResolvedNode>>();
  for (const e of positionIndex(model).inFile(uri)) {
    if (e.target.kind !== 'node') continue;
    const n = e.target.node;
    const key = `${n.callLoc.span.start.line}:${n.callLoc.span.start.character}`;
    const nodes = calls.get(key) ?? new Map<string, ResolvedNode>();
    calls.set(key, nodes);
    if (!nodes.has(n.name)) nodes.set(n.name, n);
  }
  const perNode = setting === 'all' || (setting === 'auto' && calls.size <= LENS_AUTO_MAX_NODES);
  if (perNode) for (const nodes of calls.values()) out.push(...[...nodes.values()].flatMap((n) => nodeLenses(model, uri, n, nodes.size > 1)));
  const root = model.layout.rootUri;
  for (const p of model.registry.pipelines.values()) {
    if (p.loc?.uri !== uri) continue;
    out.push({ loc: { uri, span: { start: p.loc.span.start, end: p.loc.span.start } }, title: `▶ Run pipeline ${p.name}`, call: command('runPipeline', { rootUri: root, name: p.name }) });
  }
  return out.sort((a, b) => a.loc.span.start.line - b.loc.span.start.line || a.loc.span.start.character - b.loc.span.start.character);
}

/** "▶ Run" (or "▶ Run with upstream") · "Debug" · "Reveal in Kedro view" above one node's call; `several`: the call yields other instances too. */
function nodeLenses(model: ProjectModel, uri: string, n: ResolvedNode, several: boolean): LensJson[] {
  const root = model.layout.rootUri;
  const at: Loc = { uri, span: { start: n.callLoc.span.start, end: n.callLoc.span.start } };
  // An unnamed node calling a function outside the project has no computable name: the "Name this node" action helps.
  if (n.nameUncertain) return [];
  // Kedro rejects the name (KL022), so `--nodes` could never select it; and such a name may hold control characters.
  if (!VALID_NODE_NAME.test(n.name)) return [{ loc: at, title: 'Reveal in Kedro view', call: command('revealNode', { rootUri: root, name: n.name }) }];
  const fix = previewRun(model, { nodeNames: [n.name] }).fixes?.[0];
  // Several instances of one call: each lens group starts with whose it is, and the name below it is the call's own
  // (`modeling: ▶ Run`, not `▶ Run modeling.build_audience_node`: two such groups ran off a 1400-px editor).
  const whose = several && n.namespace ? `${n.namespace}: ` : '';
  return [
    fix?.filter.nodeNames?.every((x) => VALID_NODE_NAME.test(x))
      ? { loc: at, title: `${whose}▶ Run with upstream (${fix.nodes.length} nodes)`, call: command('runNode', { rootUri: root, name: n.name, nodes: fix.filter.nodeNames }) }
      : { loc: at, title: whose ? `${whose}▶ Run` : `▶ Run ${n.name}`, call: command('runNode', { rootUri: root, name: n.name }) },
    { loc: at, title: 'Debug', call: command('debugNode', { rootUri: root, name: n.name }) },
    { loc: at, title: 'Reveal in Kedro view', call: command('revealNode', { rootUri: root, name: n.name }) },
  ];
}
