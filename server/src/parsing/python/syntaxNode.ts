import type { Point } from 'web-tree-sitter';

/**
 * The part of web-tree-sitter's `Node` that extraction reads. Two implementations: the library's own nodes (each read
 * is a call into wasm) and flatTree.ts's nodes over one dump of the whole tree (plain array reads).
 */
export interface SyntaxNode {
  /** Unique within one tree; not comparable across the two implementations. */
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly parent: SyntaxNode | null;
  readonly children: (SyntaxNode | null)[];
  readonly namedChildren: (SyntaxNode | null)[];
  readonly firstChild: SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): (SyntaxNode | null)[];
  descendantsOfType(types: string | string[]): (SyntaxNode | null)[];
}
