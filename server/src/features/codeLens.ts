import { command, type CommandCall } from '../../../common/commands';
import { LENS_AUTO_MAX_NODES, type CodeLensSetting } from '../../../common/settings';
import type { Loc } from '../core/types';
import type { ProjectModel } from '../project/model';
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
  const nodeCalls = setting === 'all' ? 0 : new Set(positionIndex(model).inFile(uri).flatMap((e) => (e.target.kind === 'node' ? [`${e.target.node.callLoc.span.start.line}:${e.target.node.callLoc.span.start.character}`] : []))).size;
  const perNode = setting === 'all' || (setting === 'auto' && nodeCalls <= LENS_AUTO_MAX_NODES);
  const root = model.layout.rootUri;
  const seen = new Set<string>();
  // Calls that yield several nodes (a template pipeline under several namespaces): "Run with upstream" names whose.
  const perCall = new Map<string, Set<string>>();
  for (const e of positionIndex(model).inFile(uri)) {
    if (e.target.kind !== 'node') continue;
    const k = `${e.target.node.callLoc.span.start.line}:${e.target.node.callLoc.span.start.character}`;
    perCall.set(k, (perCall.get(k) ?? new Set()).add(e.target.node.name));
  }
  for (const e of positionIndex(model).inFile(uri)) {
    if (!perNode || e.target.kind !== 'node') continue;
    const n = e.target.node;
    const key = `${n.callLoc.span.start.line}:${n.callLoc.span.start.character}`;
    // The same call can yield several nodes (a namespaced pipeline reused): one lens per resolved node.
    const at: Loc = { uri, span: { start: n.callLoc.span.start, end: n.callLoc.span.start } };
    // An unnamed node calling a function outside the project has no computable name: the "Name this node" action helps.
    if (n.nameUncertain) continue;
    if (seen.has(`${key}|${n.name}`)) continue;
    seen.add(`${key}|${n.name}`);
    // Kedro rejects the name (KL022), so `--nodes` could never select it; and such a name may hold control characters.
    if (!VALID_NODE_NAME.test(n.name)) {
      out.push({ loc: at, title: 'Reveal in Kedro view', call: command('revealNode', { rootUri: root, name: n.name }) });
      continue;
    }
    const fix = previewRun(model, { nodeNames: [n.name] }).fixes?.[0];
    const whose = (perCall.get(key)?.size ?? 0) > 1 && n.namespace ? `${n.namespace}: ` : '';
    out.push(
      fix?.filter.nodeNames?.every((x) => VALID_NODE_NAME.test(x))
        ? { loc: at, title: `${whose}▶ Run with upstream (${fix.nodes.length} nodes)`, call: command('runNode', { rootUri: root, name: n.name, nodes: fix.filter.nodeNames }) }
        : { loc: at, title: `▶ Run ${n.name}`, call: command('runNode', { rootUri: root, name: n.name }) },
    );
    out.push({ loc: at, title: 'Debug', call: command('debugNode', { rootUri: root, name: n.name }) });
    out.push({ loc: at, title: 'Reveal in Kedro view', call: command('revealNode', { rootUri: root, name: n.name }) });
  }
  for (const p of model.registry.pipelines.values()) {
    if (p.loc?.uri !== uri) continue;
    out.push({ loc: { uri, span: { start: p.loc.span.start, end: p.loc.span.start } }, title: `▶ Run pipeline ${p.name}`, call: command('runPipeline', { rootUri: root, name: p.name }) });
  }
  return out.sort((a, b) => a.loc.span.start.line - b.loc.span.start.line || a.loc.span.start.character - b.loc.span.start.character);
}
