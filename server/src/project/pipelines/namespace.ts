import { defaultNodeName, describedNodeName, type NameStyle } from './nodeName';
import { namedNode, sameEvaluation, type DatasetRef, type ResolvedNode } from './types';
import type { WrapSource } from './wrapSites';

/** The arguments of `Pipeline(nodes, namespace=..., inputs=..., outputs=..., parameters=..., tags=...)`. */
export interface NamespaceWrap {
  readonly namespace: string | undefined;
  readonly namespaceUnknown: boolean;
  readonly inputs: ReadonlyMap<string, string> | 'unknown' | undefined;
  readonly outputs: ReadonlyMap<string, string> | 'unknown' | undefined;
  readonly parameters: ReadonlyMap<string, string> | 'unknown' | undefined;
  readonly prefix: boolean;
  readonly tags: readonly string[];
  /** How the project's Kedro names unnamed nodes (the renamed node is named again). */
  readonly nameStyle: NameStyle;
  /** The call's literal strings, kept on each renamed node for the editor features. */
  readonly source?: WrapSource;
}

const withParamsPrefix = (s: string): string => (s === 'parameters' || s.startsWith('params:') ? s : `params:${s}`);

/** Kedro's renaming rules (spec 4.1), first match wins. */
export function renameDataset(name: string, mapping: ReadonlyMap<string, string>, ns: string | undefined, prefix: boolean): string {
  const mapped = mapping.get(name);
  if (mapped !== undefined) return mapped;
  if (name === 'parameters') return name;
  const at = name.indexOf('@');
  if (at >= 0) {
    const base = mapping.get(name.slice(0, at));
    if (base !== undefined) return `${base}${name.slice(at)}`;
  }
  if (prefix && ns && name.startsWith('params:')) return `params:${ns}.${name.slice('params:'.length)}`;
  if (prefix && ns) return `${ns}.${name}`;
  return name;
}

const isParam = (s: string): boolean => s === 'parameters' || s.startsWith('params:');

/**
 * Renames a node's datasets as the wrapper does. A mapping (or namespace) that is not known drops the refs it could
 * rename and marks the node partial: a guessed name would be a wrong graph. `inputs=` only renames free inputs,
 * `outputs=` an output and its readers, `parameters=` the `params:` inputs; an unknown namespace any of them.
 */
export function applyNamespace(node: ResolvedNode, wrap: NamespaceWrap): ResolvedNode {
  const all = wrap.namespaceUnknown;
  const dropInput = (r: DatasetRef): boolean =>
    all || (isParam(r.name) ? wrap.parameters === 'unknown' : wrap.inputs === 'unknown' || wrap.outputs === 'unknown');
  const dropOutput = all || wrap.outputs === 'unknown';
  const unknownMapping = all || wrap.inputs === 'unknown' || wrap.outputs === 'unknown' || wrap.parameters === 'unknown';
  const mapping = new Map<string, string>();
  for (const m of [wrap.inputs, wrap.outputs]) if (m && m !== 'unknown') for (const [k, v] of m) mapping.set(k, v);
  if (wrap.parameters && wrap.parameters !== 'unknown') {
    for (const [k, v] of wrap.parameters) mapping.set(withParamsPrefix(k), withParamsPrefix(v));
  }
  const rename = (r: DatasetRef): DatasetRef => ({ name: renameDataset(r.name, mapping, wrap.namespace, wrap.prefix), written: r.written, loc: r.loc, literal: r.literal });
  const namespace = wrap.namespace ? (node.namespace ? `${wrap.namespace}.${node.namespace}` : wrap.namespace) : node.namespace;
  const keepIn = unknownMapping ? node.inputs.map((r) => !dropInput(r)) : undefined;
  const keepOut = dropOutput ? node.outputs.map(() => false) : undefined;
  // Every field written (not `...node` then overrides): the renamed node is built once, with one hidden class.
  const renamed: Omit<ResolvedNode, 'name' | 'nameUncertain'> = {
    uri: node.uri,
    callLoc: node.callLoc,
    func: node.func,
    inputs: (keepIn ? node.inputs.filter((_, i) => keepIn[i]) : node.inputs).map(rename),
    outputs: (keepOut ? [] : node.outputs).map(rename),
    inputsForm: node.inputsForm,
    outputsForm: node.outputsForm,
    inputKeys: keepIn && node.inputKeys ? node.inputKeys.filter((_, i) => keepIn[i]) : node.inputKeys,
    inputKeyLocs: node.inputKeyLocs,
    outputKeys: keepOut && node.outputKeys ? [] : node.outputKeys,
    explicitName: node.explicitName,
    namespace: namespace ? namespace : node.namespace,
    tags: [...new Set([...node.tags, ...wrap.tags])],
    confirms: unknownMapping ? [] : node.confirms.map((c) => renameDataset(c, mapping, wrap.namespace, wrap.prefix)),
    partial: node.partial || unknownMapping,
    conditional: node.conditional,
    wraps: wrap.source ? [...(node.wraps ?? []), { source: wrap.source, namespace: wrap.namespace, prefix: wrap.prefix, mapping: unknownMapping ? undefined : mapping }] : node.wraps,
  };
  return sameEvaluation(node, namedNode(renamed, nodeFullName(renamed, wrap.nameStyle)));
}

/** Full node name as Kedro 1.x computes it; `nameUncertain` when a piece (module, signature order) is unknown. */
export function nodeFullName(n: Omit<ResolvedNode, 'name' | 'nameUncertain'>, style: NameStyle = 'hash'): { name: string; nameUncertain: boolean } {
  const prefix = n.namespace ? `${n.namespace}.` : '';
  if (n.explicitName) return { name: `${prefix}${n.explicitName.value}`, nameUncertain: n.partial };
  const module = n.func?.module;
  const text = n.func?.text;
  // Before 1.0 the name needs only the function's __name__ (a bare builtin such as len included), not its module.
  const func = n.func?.name ?? (style !== 'hash' && style !== 'unknown' && text && /^[A-Za-z_]\w*$/.test(text) ? text : undefined);
  if (!func || (!module && (style === 'hash' || style === 'unknown'))) return { name: `${prefix}${func ?? n.func?.text ?? 'node'}`, nameUncertain: true };
  let inputs = n.inputs.map((r) => r.name);
  let uncertain = n.partial;
  if (n.inputsForm === 'dict') {
    // node.inputs for dict inputs follows the function's parameter order (then **kwargs in dict order).
    const params = n.func?.target?.fn.params.map((p) => p.name);
    if (!params || !n.inputKeys) uncertain = true;
    else {
      const order = (key: string): number => {
        const i = params.indexOf(key);
        return i < 0 ? params.length : i;
      };
      inputs = n.inputs
        .map((r, i) => ({ r, key: n.inputKeys?.[i] ?? '', i }))
        .sort((a, b) => order(a.key) - order(b.key) || a.i - b.i)
        .map((x) => x.r.name);
    }
  }
  const outputs = n.outputs.map((r) => r.name);
  if (style === 'comma' || style === 'semicolon') return { name: `${prefix}${describedNodeName(func, inputs, outputs, style === 'comma' ? ',' : ';')}`, nameUncertain: uncertain };
  return { name: `${prefix}${defaultNodeName(module ?? '', func, inputs, outputs)}`, nameUncertain: uncertain || style === 'unknown' };
}
