import { describe, expect, test } from 'vitest';
import type { ProjectJson } from '../../../common/pipelineModel';
import type { GraphMessageToPanel } from '../../../common/webviewMessages';
import { GraphController, type GraphHost } from '../../../client/src/graph/graphController';
import { openingDirection, readableWhole, wholeScale } from '../../../client/src/graph/openingView';
import { ds, node, project } from '../../helpers/graphProject';

/** The graph panel's stage in the newcomer's code-server window (1400×860, sidebar open, no bottom panel). */
const STAGE = { width: 1052, height: 700 };
/** The same with the bottom panel open. */
const LOW = { width: 1052, height: 420 };

/** Three loaders reading a parameter each and writing 12 datasets between them, as kedro-scholar's `oai_load`. */
function wide(outputs = [2, 8, 2]): ProjectJson {
  const base = project();
  const nodes = outputs.map((n, i) => node(`load_${i}`, [`params:load_${i}`], Array.from({ length: n }, (_, j) => `raw/oai/table_${i}_${j}#parquet`)));
  return {
    ...base,
    pipelines: [{ name: '__default__', partial: false, nodes: nodes.map((n) => n.name) }],
    nodes,
    datasets: nodes.flatMap((n) => [ds(n.inputs[0] as string, { type: 'parameter', source: 'parameter', consumers: [n.name] }), ...n.outputs.map((o) => ds(o, { layer: 'raw', producers: [n.name] }))]),
    namespaces: [],
    tags: [],
  };
}

/** A chain of `n` nodes: long, one box wide. */
function chain(n: number): ProjectJson {
  const base = project();
  const nodes = Array.from({ length: n }, (_, i) => node(`step_${i}`, [`d${i}`], [`d${i + 1}`]));
  return { ...base, pipelines: [{ name: '__default__', partial: false, nodes: nodes.map((x) => x.name) }], nodes, datasets: [], namespaces: [], tags: [] };
}

interface Host extends GraphHost {
  posted: GraphMessageToPanel[];
  layouts: number;
  remembered: 'TB' | 'LR';
}

function host(projects: ProjectJson[], remembered: 'TB' | 'LR' = 'TB'): Host {
  const h: Host = {
    posted: [] as GraphMessageToPanel[],
    layouts: 0,
    remembered,
    model: () => projects,
    post: (m) => void h.posted.push(m),
    open: () => undefined,
    problems: () => [],
    lastRun: () => new Map(),
    save: async () => undefined,
    now: () => h.layouts++ * 0.5, // two calls per layout
    direction: () => h.remembered,
    setDirection: (d) => void (h.remembered = d),
  };
  return h;
}
const last = (h: { posted: GraphMessageToPanel[] }): GraphMessageToPanel => h.posted.at(-1) as GraphMessageToPanel;
const size = (m: GraphMessageToPanel) => ({ width: m.scene?.width ?? 0, height: m.scene?.height ?? 0 });

describe('the opening direction of a pipeline graph', () => {
  test('the scale of the whole scene and whether its 12 px labels reach 10 px, on the layout numbers', () => {
    // wide() top → down is 2,952 × 184: in a 1,052 px wide stage 4.1 px labels; left → right 600 × 648: 12.2 px.
    expect(wholeScale({ width: 2952, height: 184 }, STAGE)).toBeCloseTo(1012 / 2952, 6);
    expect(readableWhole({ width: 2952, height: 184 }, STAGE)).toBe(false);
    expect(readableWhole({ width: 600, height: 648 }, STAGE)).toBe(true);
    expect(readableWhole({ width: 600, height: 648 }, LOW)).toBe(false); // 380 / 648 × 12 = 7.0 px
    expect(readableWhole({ width: 1214, height: 100 }, STAGE)).toBe(true); // exactly 10 px
    expect(readableWhole({ width: 1215, height: 100 }, STAGE)).toBe(false);
    expect(wholeScale({ width: 100, height: 100 }, STAGE)).toBe(1.25); // capped, not blown up
    const sizes = { TB: { width: 2952, height: 184 }, LR: { width: 600, height: 648 } };
    expect(openingDirection('TB', (d) => sizes[d], STAGE)).toBe('LR');
    expect(openingDirection('LR', (d) => sizes[d], STAGE)).toBe('LR');
    // Unreadable both ways (a long chain, or too wide for either): the user's direction, the webview's rules then apply.
    expect(openingDirection('TB', (d) => sizes[d], LOW)).toBe('TB');
    // Readable the user's way: the other way is never laid out.
    const asked: string[] = [];
    expect(openingDirection('TB', (d) => (asked.push(d), { width: 600, height: 300 }), STAGE)).toBe('TB');
    expect(asked).toEqual(['TB']);
  });

  test('a short, very wide pipeline opens left → right, readable, without changing the direction the user chose', async () => {
    const h = host([wide()]);
    const c = new GraphController(h);
    await c.handle({ type: 'ready', stage: STAGE });
    const m = last(h);
    expect(m.state).toMatchObject({ direction: 'LR', turned: true });
    expect(m.relayout).toBe(true);
    expect(size(m)).toEqual({ width: 600, height: 648 });
    expect(Math.round(wholeScale(size(m), STAGE) * 12 * 10) / 10).toBe(12.2); // labels on screen, px
    expect(h.remembered).toBe('TB');
    // The toggle (titled as turned) gives the user's direction back: top → down, 4.1 px labels.
    await c.handle({ type: 'direction', direction: 'TB' });
    expect(h.remembered).toBe('TB');
    expect(last(h).state?.direction).toBe('TB');
    expect(last(h).state?.turned).toBeUndefined();
    expect(size(last(h))).toEqual({ width: 2952, height: 184 });
    expect(Math.round(wholeScale(size(last(h)), STAGE) * 12 * 10) / 10).toBe(4.1);
    // The user's pick holds for the rest of this pipeline's life in the panel (refreshes, filters).
    c.render();
    expect(last(h).state?.direction).toBe('TB');
    // A reloaded webview opens it afresh.
    await c.handle({ type: 'ready', stage: STAGE });
    expect(last(h).state).toMatchObject({ direction: 'LR', turned: true });
  });

  test('it stays in the user direction when that is readable, when neither is, without a stage, and above 300 boxes', async () => {
    const opened = async (p: ProjectJson, remembered: 'TB' | 'LR', stage?: { width: number; height: number }) => {
      const h = host([p], remembered);
      await new GraphController(h).handle(stage ? { type: 'ready', stage } : { type: 'ready' });
      return { state: last(h).state, size: size(last(h)), layouts: h.layouts / 2 };
    };
    expect(await opened(wide(), 'LR', STAGE)).toEqual({ state: expect.objectContaining({ direction: 'LR' }), size: { width: 600, height: 648 }, layouts: 1 });
    expect((await opened(wide(), 'LR', STAGE)).state?.turned).toBeUndefined();
    // With the bottom panel open neither way is readable whole (left → right 7.0 px): the user's way, one layout more.
    expect(await opened(wide(), 'TB', LOW)).toEqual({ state: expect.not.objectContaining({ turned: true }), size: { width: 2952, height: 184 }, layouts: 2 });
    expect((await opened(wide(), 'TB', LOW)).state?.direction).toBe('TB');
    expect((await opened(wide(), 'TB')).state?.direction).toBe('TB');
    // A long chain is a thread left → right too: it opens top → down, at its readable breadth (the webview's rule).
    const thread = await opened(chain(30), 'TB', STAGE);
    expect([thread.state?.direction, thread.state?.turned, thread.layouts]).toEqual(['TB', undefined, 2]);
    // Above 300 boxes the other way is never laid out: the 5,000-node opening costs what it did.
    const big = await opened(wide([160, 160]), 'TB', STAGE);
    expect([big.state?.direction, big.layouts]).toEqual(['TB', 1]);
  });
});
