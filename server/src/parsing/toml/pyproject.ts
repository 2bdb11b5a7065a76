import { parse, TomlError } from 'smol-toml';
import { LineIndex } from '../../core/lineIndex';
import type { Span } from '../../core/types';
import { EMPTY_CONFIG, readLensConfig, type LensConfigFacts } from './lensConfig';

export interface KedroToolConfig {
  readonly packageName?: string;
  readonly projectName?: string;
  readonly kedroInitVersion?: string;
  /** The ≤ 0.18 key, replaced by kedro_init_version in 0.18.5 and rejected from 0.19.0. */
  readonly projectVersion?: string;
  readonly sourceDir: string;
  /** Every key of the table, for the version-dependent check of which keys Kedro accepts. */
  readonly keys: readonly string[];
  /** The `[tool.kedro]` header, where problems with the table are shown. */
  readonly headerSpan: Span;
  /** The `package_name = ...` line of the table, when written on one line. */
  readonly packageNameSpan?: Span;
}

export interface PyprojectProblem {
  readonly message: string;
  readonly span: Span;
}

export interface PyprojectFacts {
  readonly uri: string;
  /** Kedro's cheap check: the raw text mentions `[tool.kedro]`. */
  readonly isKedro: boolean;
  readonly kedro?: KedroToolConfig;
  readonly problems: readonly PyprojectProblem[];
  /** `[tool.kedro-lens]`, when present. */
  readonly lens?: LensConfigFacts;
  /** Modules the project's `kedro.hooks` entry points name: hooks it ships as a plugin, for other projects' runs. */
  readonly pluginHookModules?: readonly string[];
}

/** `[project.entry-points."kedro.hooks"]` (or Poetry's `[tool.poetry.plugins."kedro.hooks"]`): `name = "module:attr"`. */
function pluginHookModules(data: Record<string, unknown>): string[] {
  const table = (o: unknown, ...keys: string[]): Record<string, unknown> | undefined => {
    let cur = o;
    for (const k of keys) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
    return typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>) : undefined;
  };
  const hooks = { ...table(data, 'tool', 'poetry', 'plugins', 'kedro.hooks'), ...table(data, 'project', 'entry-points', 'kedro.hooks') };
  return [...new Set(Object.values(hooks).flatMap((v) => (typeof v === 'string' && v.split(':')[0]?.trim() ? [(v.split(':')[0] as string).trim()] : [])))];
}

/** Reads `[tool.kedro]` as Kedro's metadata loader does; malformed TOML is a problem, not an exception. */
export function extractPyprojectFacts(uri: string, text: string): PyprojectFacts {
  const isKedro = text.includes('[tool.kedro]');
  if (!isKedro) return { uri, isKedro, problems: [] };
  const lines = new LineIndex(text);
  const headerOffset = text.indexOf('[tool.kedro]');
  const headerSpan = lines.span(headerOffset, headerOffset + '[tool.kedro]'.length);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (err) {
    const span = err instanceof TomlError ? lines.span(lines.offsetAt({ line: err.line - 1, character: err.column - 1 }), lines.offsetAt({ line: err.line - 1, character: err.column - 1 })) : headerSpan;
    const msg = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    return { uri, isKedro, problems: [{ message: `Failed to parse 'pyproject.toml': ${msg}`, span }] };
  }
  const tool = (data['tool'] as Record<string, unknown> | undefined)?.['kedro'];
  if (typeof tool !== 'object' || tool === null) {
    return { uri, isKedro, problems: [{ message: "There is no '[tool.kedro]' table in 'pyproject.toml'.", span: headerSpan }] };
  }
  const t = tool as Record<string, unknown>;
  let lens: LensConfigFacts | undefined;
  try {
    lens = readLensConfig(data, text, lines);
  } catch (err) {
    // The locator recurses per nesting level: a table smol-toml accepted may still be too deep for it.
    lens = { config: EMPTY_CONFIG, problems: [{ message: `[tool.kedro-lens] could not be read (${err instanceof Error ? err.message : String(err)}); it is ignored.`, span: headerSpan }], codes: [], span: headerSpan };
  }
  const str = (k: string): string | undefined => (typeof t[k] === 'string' ? (t[k] as string) : undefined);
  const packageName = str('package_name');
  const projectName = str('project_name');
  const kedroInitVersion = str('kedro_init_version');
  const projectVersion = str('project_version');
  const plugins = pluginHookModules(data);
  const keyLine = /^[ \t]*package_name[ \t]*=.*$/m.exec(text.slice(headerOffset));
  const packageNameSpan = keyLine ? lines.span(headerOffset + keyLine.index, headerOffset + keyLine.index + keyLine[0].trimEnd().length) : undefined;
  return {
    uri,
    isKedro,
    kedro: {
      ...(packageName ? { packageName } : {}),
      ...(projectName ? { projectName } : {}),
      ...(kedroInitVersion ? { kedroInitVersion } : {}),
      ...(projectVersion ? { projectVersion } : {}),
      sourceDir: str('source_dir') ?? 'src',
      keys: Object.keys(t),
      headerSpan,
      ...(packageName && packageNameSpan ? { packageNameSpan } : {}),
    },
    problems: [],
    ...(lens ? { lens } : {}),
    ...(plugins.length ? { pluginHookModules: plugins } : {}),
  };
}
