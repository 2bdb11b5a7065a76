import type { Span } from '../../core/types';
import type { Expr, Stmt } from './ir';
import type { Suppression } from '../suppressions';

/** A string literal as written: `value` is its content, `span` covers the content (inside the quotes). */
export interface StrLit {
  readonly value: string;
  readonly span: Span;
}

export interface ImportFact {
  /** Name bound in this module (`g` in `from x import f as g`, `pd` in `import pandas as pd`). */
  readonly local: string;
  /** Absolute or relative (`.nodes`, `..x`) module path. */
  readonly module: string;
  /** Imported attribute for `from` imports; undefined for `import x`; `*` (and `local` `*`) for `from m import *`. */
  readonly name?: string;
  readonly span: Span;
}

export type ParamKind = 'positional-only' | 'positional' | 'var-positional' | 'keyword-only' | 'var-keyword';

export interface ParamFact {
  readonly name: string;
  readonly kind: ParamKind;
  readonly hasDefault: boolean;
  /** Annotation source text, as written (string annotations keep their quotes stripped). */
  readonly annotation?: string;
  readonly span: Span;
}

export interface FunctionFact {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly params: readonly ParamFact[];
  /** Parameters the body tests with `isinstance(p, ...)` (absent when none). */
  readonly typeTested?: readonly string[];
  /** Parameters the body compares with `None` (`p is None`, `p is not None`, `p == None`; absent when none). */
  readonly noneTested?: readonly string[];
  /** Default value expressions by parameter name. */
  readonly defaults: Readonly<Record<string, Expr>>;
  readonly returns?: string;
  readonly returnsSpan?: Span;
  readonly decorators: readonly string[];
  readonly isAsync: boolean;
  readonly isGenerator: boolean;
  /** Top-level statements of the body (nested blocks summarised). */
  readonly body: readonly Stmt[];
  /** Every `return` value in the body, nested blocks included (not nested functions). */
  readonly returnExprs: readonly (Expr | undefined)[];
}

export interface ClassFieldFact {
  readonly name: string;
  readonly annotation?: string;
  readonly hasDefault: boolean;
  readonly span: Span;
}

export interface ClassFact {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  /** Base classes as written (`BaseModel`, `pydantic.BaseModel`, `TypedDict`). */
  readonly bases: readonly string[];
  readonly decorators: readonly string[];
  readonly methods: readonly FunctionFact[];
  /** Annotated class attributes (dataclass / pydantic / TypedDict fields). */
  readonly fields: readonly ClassFieldFact[];
  /** `total=False` among the class keywords: a TypedDict none of whose keys is required (absent: not written). */
  readonly totalFalse?: true;
}

/** `catalog.load("x")`, `catalog.save("x", data)`, `catalog.exists("x")` in scripts, notebooks and hooks. */
export interface CatalogCallFact {
  readonly method: 'load' | 'save' | 'exists';
  readonly name: StrLit;
  readonly span: Span;
}

export interface PyModuleFacts {
  readonly uri: string;
  readonly imports: readonly ImportFact[];
  readonly functions: readonly FunctionFact[];
  readonly classes: readonly ClassFact[];
  /** Module-level statements (constants, aliases, settings). */
  readonly statements: readonly Stmt[];
  readonly catalogCalls: readonly CatalogCallFact[];
  /** tree-sitter found syntax errors; facts are whatever parsed. */
  readonly hasSyntaxError: boolean;
  /** `# kedro-lens: ignore[...]` comments, applied after the rules run (analysis/suppressions.ts). */
  readonly suppressions: readonly Suppression[];
  /** The environment a notebook or script selects for its session (parsing/python/selectedEnv.ts); absent: none. */
  readonly selectsEnv?: string;
  /** OmegaConf resolvers the module registers itself (parsing/python/registeredResolvers.ts); `'*'`: a computed name. */
  readonly registersResolvers?: readonly string[];
}
