import { describe, expect, test } from 'vitest';
import { layoutGraph, type LayoutBox, type LayoutVertex } from '../../../client/src/graph/layout';

const v = (id: string, group = '', w = 120): LayoutVertex => ({ id, w, h: 30, group });
const e = (from: string, to: string) => ({ from, to });

const overlaps = (a: LayoutBox, b: LayoutBox): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: LayoutBox, inner: LayoutBox): boolean => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

function pairs<T>(xs: readonly T[]): [T, T][] {
  return xs.flatMap((a, i) => xs.slice(i + 1).map((b): [T, T] => [a, b]));
}

describe('layered layout', () => {
  // raw → clean → clean_data → train → model → report; params → train (a parameter beside its consumer); a long edge raw → report.
  const vertices = [v('raw'), v('clean'), v('clean_data'), v('params'), v('train'), v('model'), v('report')];
  const edges = [e('raw', 'clean'), e('clean', 'clean_data'), e('clean_data', 'train'), e('params', 'train'), e('train', 'model'), e('model', 'report'), e('raw', 'report')];

  test('every edge goes from a lower to a higher rank; sources sit just above their first consumer', () => {
    const r = layoutGraph(vertices, edges);
    const rank = (id: string) => r.positions.get(id)?.rank as number;
    for (const ed of edges) expect(rank(ed.from), `${ed.from} → ${ed.to}`).toBeLessThan(rank(ed.to));
    expect(vertices.map((x) => rank(x.id))).toEqual([0, 1, 2, 2, 3, 4, 5]);
    // Top→down: y grows with rank.
    expect(r.positions.get('report')?.y).toBeGreaterThan(r.positions.get('raw')?.y as number);
  });

  test('no two boxes overlap, and everything lies inside the reported size', () => {
    const r = layoutGraph(vertices, edges);
    const boxes = [...r.positions.values()];
    for (const [a, b] of pairs(boxes)) expect(overlaps(a, b)).toBe(false);
    for (const b of boxes) expect(contains({ x: 0, y: 0, w: r.width, h: r.height }, b)).toBe(true);
  });

  test('edges start at the bottom of the source and end at the top of the target; long edges bend through the ranks between', () => {
    const r = layoutGraph(vertices, edges);
    const long = r.edges.find((x) => x.from === 'raw' && x.to === 'report');
    const raw = r.positions.get('raw') as LayoutBox;
    const report = r.positions.get('report') as LayoutBox;
    expect(long?.points[0]).toEqual([raw.x + raw.w / 2, raw.y + raw.h]);
    expect(long?.points.at(-1)).toEqual([report.x + report.w / 2, report.y]);
    expect(long?.points).toHaveLength(6); // ranks 1–4 in between
  });

  test('a cycle (possible between collapsed boxes) is laid out without looping, its edge kept in the original direction', () => {
    const r = layoutGraph([v('a'), v('b'), v('c')], [e('a', 'b'), e('b', 'c'), e('c', 'a')]);
    const ranks = ['a', 'b', 'c'].map((id) => r.positions.get(id)?.rank);
    expect(ranks).toEqual([0, 1, 2]);
    const back = r.edges.find((x) => x.from === 'c' && x.to === 'a');
    expect(back?.points[0]?.[1]).toBeGreaterThan(back?.points.at(-1)?.[1] as number);
  });

  test('nested groups: boxes contain their members, sibling groups and outside vertices stay clear of each other', () => {
    const vs = [v('in'), v('a1', 'a'), v('a2', 'a'), v('ab1', 'a.b'), v('ab2', 'a.b'), v('c1', 'c'), v('out')];
    const es = [e('in', 'a1'), e('a1', 'a2'), e('a2', 'ab1'), e('ab1', 'ab2'), e('in', 'c1'), e('ab2', 'out'), e('c1', 'out')];
    const r = layoutGraph(vs, es);
    const group = (ns: string) => r.groups.find((g) => g.ns === ns) as LayoutBox;
    expect(r.groups.map((g) => [g.ns, g.depth]).sort()).toEqual([['a', 1], ['a.b', 2], ['c', 1]]);
    for (const x of vs) {
      const p = r.positions.get(x.id) as LayoutBox;
      for (const ns of ['a', 'a.b', 'c']) {
        const member = x.group === ns || x.group.startsWith(`${ns}.`);
        expect(member ? contains(group(ns), p) : overlaps(group(ns), p), `${x.id} vs ${ns}`).toBe(member);
      }
    }
    expect(contains(group('a'), group('a.b'))).toBe(true);
    expect(overlaps(group('a'), group('c'))).toBe(false);
    for (const [a, b] of pairs([...r.positions.values()])) expect(overlaps(a, b)).toBe(false);
  });

  test('an empty graph and isolated vertices', () => {
    expect(layoutGraph([], [])).toMatchObject({ width: 0, height: 0, groups: [], edges: [] });
    const r = layoutGraph([v('x'), v('y')], []);
    expect([r.positions.get('x')?.rank, r.positions.get('y')?.rank]).toEqual([0, 0]);
    expect(overlaps(r.positions.get('x') as LayoutBox, r.positions.get('y') as LayoutBox)).toBe(false);
  });

  test('left → right: ranks become columns, edges leave the right side and enter the left; groups still hold their members with room for the header', () => {
    const tb = layoutGraph(vertices, edges);
    const lr = layoutGraph(vertices, edges, 'LR');
    const at = (id: string) => lr.positions.get(id) as LayoutBox & { rank: number };
    expect(vertices.map((x) => at(x.id).rank)).toEqual(vertices.map((x) => tb.positions.get(x.id)?.rank));
    for (const ed of edges) expect(at(ed.from).x + at(ed.from).w, `${ed.from} → ${ed.to}`).toBeLessThan(at(ed.to).x);
    // Boxes keep their own size (not swapped).
    expect([at('raw').w, at('raw').h]).toEqual([120, 30]);
    const link = lr.edges.find((x) => x.from === 'raw' && x.to === 'clean');
    expect(link?.points[0]).toEqual([at('raw').x + at('raw').w, at('raw').y + at('raw').h / 2]);
    expect(link?.points.at(-1)).toEqual([at('clean').x, at('clean').y + at('clean').h / 2]);
    for (const [a, b] of pairs([...lr.positions.values()])) expect(overlaps(a, b)).toBe(false);
    for (const b of lr.positions.values()) expect(contains({ x: 0, y: 0, w: lr.width, h: lr.height }, b)).toBe(true);

    const vs = [v('in'), v('a1', 'a'), v('a2', 'a'), v('ab1', 'a.b'), v('out')];
    const g = layoutGraph(vs, [e('in', 'a1'), e('a1', 'a2'), e('a2', 'ab1'), e('ab1', 'out')], 'LR');
    const group = (ns: string) => g.groups.find((x) => x.ns === ns) as LayoutBox;
    for (const id of ['a1', 'a2', 'ab1']) {
      const p = g.positions.get(id) as LayoutBox;
      expect(contains(group('a'), p)).toBe(true);
      expect(p.y - group('a').y, `${id}: header room`).toBeGreaterThanOrEqual(20);
    }
    expect(contains(group('a'), group('a.b'))).toBe(true);
  });
});
