import picomatch from 'picomatch';
import type { ConfKind } from '../parsing/yaml/confFacts';

/** OmegaConfigLoader's default patterns, evaluated relative to each environment folder. */
export const DEFAULT_CONFIG_PATTERNS: Readonly<Record<Exclude<ConfKind, 'other'>, readonly string[]>> = {
  catalog: ['catalog*', 'catalog*/**', '**/catalog*'],
  parameters: ['parameters*', 'parameters*/**', '**/parameters*'],
  credentials: ['credentials*', 'credentials*/**', '**/credentials*'],
  globals: ['globals.yml'],
};

const CONF_EXTENSIONS = /\.(ya?ml|json)$/i;

export type ConfClassifier = (relPath: string) => ConfKind | undefined;

// Kedro reads YAML/JSON files only, and skips any path component starting with '.'.
const readable = (relPath: string): boolean => CONF_EXTENSIONS.test(relPath) && !relPath.split('/').some((s) => s.startsWith('.'));

/** One kind's patterns, tried on the path and on its stem (`catalog*` takes `catalog.yml`). */
function patternTest(kind: Exclude<ConfKind, 'other'>, patterns: Readonly<Record<string, readonly string[]>>): (relPath: string) => boolean {
  const match = picomatch([...(patterns[kind] ?? DEFAULT_CONFIG_PATTERNS[kind])], { dot: false });
  return (relPath) => match(relPath) || match(relPath.replace(CONF_EXTENSIONS, ''));
}

/**
 * Whether one kind's patterns take a path (relative to an env folder). OmegaConfigLoader matches each kind's patterns on
 * their own, so a file can be read as two kinds (`globals.yml` added to the parameters patterns is parameters and globals).
 */
export function kindMatcher(kind: Exclude<ConfKind, 'other'>, patterns: Readonly<Record<string, readonly string[]>> = DEFAULT_CONFIG_PATTERNS): (relPath: string) => boolean {
  const test = patternTest(kind, patterns);
  return (relPath) => readable(relPath) && test(relPath);
}

/** Builds a classifier for paths relative to an env folder; undefined = not a config file Kedro would read. */
export function confClassifier(patterns: Readonly<Record<string, readonly string[]>> = DEFAULT_CONFIG_PATTERNS): ConfClassifier {
  const kinds = (['catalog', 'parameters', 'credentials', 'globals'] as const).map((k) => [k, patternTest(k, patterns)] as const);
  return (relPath) => (readable(relPath) ? (kinds.find(([, test]) => test(relPath))?.[0] ?? 'other') : undefined);
}
