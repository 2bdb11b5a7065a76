// When the Pipelines/Datasets trees need a render. Pure (no vscode import) so both directions are unit-tested.
import { decodeModel, type CompactModel } from '../../../common/modelCodec';
import type { LocationJson, ProjectJson } from '../../../common/pipelineModel';
import type { ProblemCount } from './modelTree';

/**
 * The model the trees show, and what they showed of it at the last render. A pass that changed nothing the trees show
 * (a keystroke in a comment, a catalog edit that moves no dataset) still sends a model: re-rendering it rebuilt both
 * trees and made VS Code refetch every expanded level for identical rows.
 */
export class ShownModel {
  model: readonly ProjectJson[] = [];
  /** The wire encoding of `model`: equal encodings are equal models (every field the rows show is in it). */
  private key: string | undefined;
  private rendered: { key: string | undefined; problems: string } | undefined;

  /** A model arrived from the server: false when it equals the one shown (kept, not decoded again). */
  receive(compact: CompactModel): boolean {
    const key = JSON.stringify(compact);
    if (key === this.key) return false;
    this.key = key;
    this.model = decodeModel(compact);
    return true;
  }

  /** Whether the rows would differ from the last render's: another model, or another problem count on some node. */
  needsRender(problems: string): boolean {
    return !this.rendered || this.rendered.key !== this.key || this.rendered.problems !== problems;
  }

  /** The trees were rendered from `model` with these problem counts. */
  didRender(problems: string): void {
    this.rendered = { key: this.key, problems };
  }
}

/** Every node's problem count in model order: what the rows show of diagnostics. */
export function problemSignature(model: readonly ProjectJson[], count: (location: LocationJson) => ProblemCount): string {
  const parts: string[] = [];
  for (const p of model) {
    for (const x of p.nodes) {
      const c = count(x.location);
      parts.push(`${c.errors}/${c.warnings}`);
    }
  }
  return parts.join(' ');
}
