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

/**
 * Whether one kind's patterns take a path (relative to an env folder). OmegaConfigLoader matches each kind's patterns on
 * their own, so a file can be read as two kinds (`globals.yml` added to the parameters patterns is parameters and globals).
 */
export function kindMatcher(kind: Exclude<ConfKind, 'other'>, patterns: Readonly<Record<string, readonly string[]>> = DEFAULT_CONFIG_PATTERNS): (relPath: string) => boolean {
  const match = picomatch([...(patterns[kind] ?? DEFAULT_CONFIG_PATTERNS[kind])], { dot: false });
  return (relPath) => CONF_EXTENSIONS.test(relPath) && !relPath.split('/').some((s) => s.startsWith('.')) && (match(relPath) || match(relPath.replace(CONF_EXTENSIONS, '')));
}

/** Builds a classifier for paths relative to an env folder; undefined = not a config file Kedro would read. */
export function confClassifier(patterns: Readonly<Record<string, readonly string[]>> = DEFAULT_CONFIG_PATTERNS): ConfClassifier {
  const kinds: [ConfKind, (p: string) => boolean][] = (['catalog', 'parameters', 'credentials', 'globals'] as const).map((k) => [
    k,
    picomatch([...(patterns[k] ?? DEFAULT_CONFIG_PATTERNS[k])], { dot: false }),
  ]);
  return (relPath) => {
    if (!CONF_EXTENSIONS.test(relPath)) return undefined;
    // Kedro skips any path component starting with '.'.
    if (relPath.split('/').some((s) => s.startsWith('.'))) return undefined;
    const stem = relPath.replace(CONF_EXTENSIONS, '');
    for (const [kind, match] of kinds) if (match(relPath) || match(stem)) return kind;
    return 'other';
  };
}
