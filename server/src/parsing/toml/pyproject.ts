import { parse, TomlError } from 'smol-toml';
import { LineIndex } from '../../core/lineIndex';
import type { Span } from '../../core/types';

export interface KedroToolConfig {
  readonly packageName?: string;
  readonly projectName?: string;
  readonly kedroInitVersion?: string;
  readonly sourceDir: string;
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
}

const REQUIRED = ['package_name', 'project_name', 'kedro_init_version'] as const;
const OPTIONAL = ['source_dir', 'tools', 'example_pipeline'] as const;

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
  const str = (k: string): string | undefined => (typeof t[k] === 'string' ? (t[k] as string) : undefined);
  const problems: PyprojectProblem[] = [];
  const missing = REQUIRED.filter((k) => str(k) === undefined);
  if (missing.length) problems.push({ message: `Missing required keys [${missing.join(', ')}] in '[tool.kedro]'.`, span: headerSpan });
  const allowed = new Set<string>([...REQUIRED, ...OPTIONAL]);
  const unexpected = Object.keys(t).filter((k) => !allowed.has(k));
  if (unexpected.length) problems.push({ message: `Unexpected keys [${unexpected.join(', ')}] in '[tool.kedro]'; Kedro only accepts ${[...allowed].join(', ')}.`, span: headerSpan });
  const packageName = str('package_name');
  const projectName = str('project_name');
  const kedroInitVersion = str('kedro_init_version');
  return {
    uri,
    isKedro,
    kedro: {
      ...(packageName ? { packageName } : {}),
      ...(projectName ? { projectName } : {}),
      ...(kedroInitVersion ? { kedroInitVersion } : {}),
      sourceDir: str('source_dir') ?? 'src',
    },
    problems,
  };
}
