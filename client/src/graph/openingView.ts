// Which way a pipeline opens: the user's layout direction, unless only the other one shows the whole pipeline with
// readable labels (a short, very wide pipeline: 12 outputs of one node in a row opened at 4.8 px labels, blank boxes).
// The numbers match media/graph.js's fit(): labels 12 px in scene units, readable from 10 px on screen, 20 px margin.
import type { LayoutDirection } from './layout';

export const LABEL_PX = 12;
export const MIN_LABEL_PX = 10;
const PAD = 20;
const MAX_OPEN_K = 1.25;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The scale that fits the whole scene in the stage, as the webview's opening view computes it. */
export function wholeScale(scene: Size, stage: Size): number {
  return Math.min(MAX_OPEN_K, (stage.width - 2 * PAD) / Math.max(scene.width, 1), (stage.height - 2 * PAD) / Math.max(scene.height, 1));
}

export function readableWhole(scene: Size, stage: Size): boolean {
  return wholeScale(scene, stage) * LABEL_PX >= MIN_LABEL_PX;
}

/**
 * The direction to draw a pipeline opened in `stage`: `chosen` when its whole is readable or the other is not either
 * (then the webview's own rules apply: a long chain at its readable breadth, else an overview). `sizeIn` lays out on
 * demand, so the other direction costs a layout only when the chosen one is unreadable.
 */
export function openingDirection(chosen: LayoutDirection, sizeIn: (d: LayoutDirection) => Size, stage: Size): LayoutDirection {
  if (readableWhole(sizeIn(chosen), stage)) return chosen;
  const other: LayoutDirection = chosen === 'TB' ? 'LR' : 'TB';
  return readableWhole(sizeIn(other), stage) ? other : chosen;
}
