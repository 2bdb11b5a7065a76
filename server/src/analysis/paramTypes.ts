import { interpolationsIn, type ParamFact } from '../parsing/yaml/confFacts';
import type { ConfigLoaderClass } from '../project/settings';

/**
 * One way a parameter's YAML can be read: the Python class it gives and which of the project's possible config loaders
 * read it that way (`custom`: a CONFIG_LOADER_CLASS of the project's own, which may read either way).
 */
export interface ParamReading {
  /** Python class (`str`, `datetime.date`), as pythonTypes.ts names it. */
  readonly cls: string;
  /** Short name for messages (`str`, `date`). */
  readonly text: string;
  readonly loaders: readonly ConfigLoaderClass[];
}

/**
 * The Python class a parameter value has under each loader the project may run with. Only plain YAML timestamps
 * differ: OmegaConf's YAML loader drops PyYAML's timestamp resolver (a str), ConfigLoader and TemplatedConfigLoader
 * read through PyYAML's safe loader (a datetime.date or datetime.datetime). Everything else reads the same.
 */
export function paramReadings(fact: Pick<ParamFact, 'type' | 'timestamp'>, loaders: readonly ConfigLoaderClass[]): readonly ParamReading[] {
  if (!fact.timestamp) return [{ cls: fact.type, text: fact.type, loaders }];
  const asTimestamp = loaders.filter((l) => l !== 'OmegaConfigLoader');
  const asStr = loaders.filter((l) => l === 'OmegaConfigLoader' || l === 'custom');
  return [
    ...(asTimestamp.length ? [{ cls: `datetime.${fact.timestamp}`, text: fact.timestamp, loaders: asTimestamp }] : []),
    ...(asStr.length ? [{ cls: 'str', text: 'str', loaders: asStr }] : []),
  ];
}

/**
 * The type for people: `str`, `int`; for a timestamp always with who reads it so: `date under ConfigLoader`,
 * `str under OmegaConfigLoader`, `date under ConfigLoader, str under OmegaConfigLoader` (0.18 and 0.19 both possible),
 * `date or str, by the custom CONFIG_LOADER_CLASS`.
 */
export function paramTypeText(fact: Pick<ParamFact, 'type' | 'timestamp'>, loaders: readonly ConfigLoaderClass[]): string {
  const readings = paramReadings(fact, loaders);
  if (!fact.timestamp) return fact.type;
  if (loaders.includes('custom')) return `${readings.map((r) => r.text).join(' or ')}, by the custom CONFIG_LOADER_CLASS`;
  return readings.map((r) => `${r.text} under ${r.loaders.join(' or ')}`).join(', ');
}

/**
 * `key: ${globals:ids}`: OmegaConf (and TemplatedConfigLoader) replace the whole value, keeping the referenced type
 * (TemplatedConfigLoader's known globals are already in the merged parameters: what is left is not known here).
 */
export function wholeInterpolation(value: Pick<ParamFact, 'type' | 'preview'>): boolean {
  if (value.type !== 'str' || !value.preview?.startsWith('${')) return false;
  const found = interpolationsIn(value.preview);
  return found.length === 1 && found[0]?.start === 0 && found[0].end === value.preview.length;
}
