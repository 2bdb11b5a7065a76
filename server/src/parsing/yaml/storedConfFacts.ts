// Conf file facts as the persistent facts store keeps them (host/factStore.ts encodes plain objects and arrays, not Maps): a warm start reads them
// instead of parsing the YAML again: the first use of the `yaml` parser in a process costs ~10 ms of cold code, about
// a tenth of the example project's first answer. Credentials files are stored too: their facts hold keys, never values.
import type { CatalogEntryFact, ConfFileFacts, ConfKind } from './confFacts';

/**
 * Version of what extractConfFacts produces: part of the store key, so facts an older extraction wrote are parsed again
 * (the salt already changes with each build; this covers a build whose script identity stays). Bump it with any change
 * to the facts. 2: ParamFact.timestamp. 3: commentedKeys. 4: ParamFact.itemTexts and keyTypes.
 */
export const CONF_FACTS_VERSION = 4;

/** The store key's kind for a conf file: what its facts depend on besides the text (`.json` files allow tabs). */
export const confStoreKind = (uri: string, kind: ConfKind): string => `conf${CONF_FACTS_VERSION}:${kind}:${/\.json$/i.test(uri) ? 'json' : 'yaml'}`;

/** What the store keeps: without the URI (files with one text share an entry) and with Maps as entry lists. */
export function storableConfFacts(facts: ConfFileFacts): unknown {
  return {
    ...facts,
    uri: '',
    catalog: facts.catalog.map((e) => ({ ...e, args: [...e.args], scalars: [...e.scalars], scalarSpans: [...e.scalarSpans] })),
  };
}

/** Facts back from the store for `uri`, or undefined when the value is not such facts (then the file is parsed). */
export function restoredConfFacts(value: unknown, uri: string, kind: ConfKind): ConfFileFacts | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const lists = ['problems', 'duplicateKeys', 'topKeys', 'catalog', 'params', 'interpolations'];
  if (v['kind'] !== kind || !lists.every((k) => Array.isArray(v[k]))) return undefined;
  try {
    const catalog = (v['catalog'] as Record<string, unknown>[]).map((e) => ({
      ...e,
      args: new Map(e['args'] as [string, never][]),
      scalars: new Map(e['scalars'] as [string, string][]),
      scalarSpans: new Map(e['scalarSpans'] as [string, never][]),
    })) as unknown as CatalogEntryFact[];
    return { ...(v as unknown as ConfFileFacts), uri, catalog };
  } catch {
    // An entry without its lists: not facts this build wrote.
    return undefined;
  }
}
