import type { Loc } from '../../core/types';
import type { Val } from './values';
import { renameDataset } from './namespace';
import type { DatasetRef, ResolvedNode } from './types';

/** A string literal written in a wrapper's `inputs=`/`outputs=`/`parameters=` argument. */
export interface WrapString {
  readonly arg: 'inputs' | 'outputs' | 'parameters';
  /**
   * `key`: a dict key, the name the wrapped pipeline's nodes use; `value`: a dict value, the name it becomes;
   * `both`: an entry of a str/list/set, which keeps its name (only the namespace prefix is left out).
   */
  readonly side: 'key' | 'value' | 'both';
  /** The mapping key this string belongs to, as Kedro normalises it (`params:` prepended for `parameters=`). */
  readonly key: string;
  /** The name the key maps to, normalised the same way. */
  readonly value: string;
  /** Where the string's content is written. */
  readonly loc: Loc;
}

/** The source of one `Pipeline(...)`/`pipeline(...)` call that renames: its literal strings and where it is. */
export interface WrapSource {
  readonly loc: Loc;
  /** The `namespace=` string when it is a literal in this call (not a variable). */
  readonly namespaceLoc?: Loc;
  readonly strings: readonly WrapString[];
}

/** One wrapper applied to a node: its source, and the renaming it did (replayed to find a name at any stage). */
export interface AppliedWrap {
  readonly source: WrapSource;
  readonly namespace: string | undefined;
  readonly prefix: boolean;
  /** `{**inputs, **outputs, **parameters}` as Kedro merges it; undefined when a part was not known. */
  readonly mapping: ReadonlyMap<string, string> | undefined;
}

const withParamsPrefix = (s: string): string => (s === 'parameters' || s.startsWith('params:') ? s : `params:${s}`);

/** A string whose loc is exactly its content in the source (a dict key loc falls back to the dict's otherwise). */
const literalLoc = (v: string, loc: Loc | undefined): Loc | undefined =>
  loc && loc.span.start.line === loc.span.end.line && loc.span.end.character - loc.span.start.character === v.length ? loc : undefined;

/** The literal strings of a wrapper call's mapping arguments (the call's kwargs, already evaluated). */
export function wrapSource(kwargs: ReadonlyMap<string, Val>, loc: Loc): WrapSource {
  const strings: WrapString[] = [];
  for (const arg of ['inputs', 'outputs', 'parameters'] as const) {
    const v = kwargs.get(arg);
    const norm = arg === 'parameters' ? withParamsPrefix : (s: string): string => s;
    const entry = (s: Val): void => {
      if (s.kind !== 'str' || !s.literal || !s.loc) return;
      strings.push({ arg, side: 'both', key: norm(s.value), value: norm(s.value), loc: s.loc });
    };
    if (!v) continue;
    if (v.kind === 'str') entry(v);
    else if (v.kind === 'list') v.items.forEach(entry);
    else if (v.kind === 'dict') {
      for (const [k, x, kLoc] of v.entries) {
        const value = x.kind === 'str' ? norm(x.value) : '';
        const at = literalLoc(k, kLoc);
        if (at) strings.push({ arg, side: 'key', key: norm(k), value, loc: at });
        if (x.kind === 'str' && x.literal && x.loc) strings.push({ arg, side: 'value', key: norm(k), value, loc: x.loc });
      }
    }
  }
  const ns = kwargs.get('namespace');
  return { loc, ...(ns?.kind === 'str' && ns.literal && ns.loc ? { namespaceLoc: ns.loc } : {}), strings };
}

/** The name `ref` has inside the pipeline wrapped by `node.wraps[stage]` (stage 0: as written in the node). */
export function nameAtStage(node: ResolvedNode, ref: DatasetRef, stage: number): string | undefined {
  let name = ref.written;
  const wraps = node.wraps ?? [];
  for (let i = 0; i < stage && i < wraps.length; i++) {
    const w = wraps[i] as AppliedWrap;
    if (!w.mapping) return undefined;
    name = renameDataset(name, w.mapping, w.namespace, w.prefix);
  }
  return name;
}

/** Does mapping key `key` (normalised) rename `name`? Exactly, or its transcoded `key@fmt` form (rules 1 and 3). */
export const keyMatches = (key: string, name: string): boolean => name === key || (name.startsWith(`${key}@`) && !key.includes('@'));
