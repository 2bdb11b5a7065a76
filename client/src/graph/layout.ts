// Layered (Sugiyama-style) top→down layout, written for this graph's shape instead of a general engine: dagre took
// ~10 s for 600 vertices here and ran out of memory at 5,000 nodes. Steps: break cycles, rank by longest path (sources
// pulled next to their first consumer, so parameters sit beside the node that reads them), dummy vertices on long
// edges (within a budget), barycenter ordering sweeps, then x by nested bands: each expanded namespace gets its own
// column range, so group boxes never overlap. Pure: no vscode import.

export interface LayoutVertex {
  readonly id: string;
  readonly w: number;
  readonly h: number;
  /** Innermost expanded namespace drawn around the vertex ('' = none). */
  readonly group: string;
}

export interface LayoutBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Placed extends LayoutBox {
  readonly rank: number;
}

export interface GroupBox extends LayoutBox {
  readonly ns: string;
  readonly depth: number;
}

export interface LayoutResult {
  readonly positions: ReadonlyMap<string, Placed>;
  readonly edges: readonly { readonly from: string; readonly to: string; readonly points: readonly (readonly [number, number])[] }[];
  readonly groups: readonly GroupBox[];
  readonly width: number;
  readonly height: number;
}

export const GAP_X = 24;
const BASE_GAP_Y = 44;
/** Between columns in LR: wider than between rows, so curves between columns stay readable. */
const LR_GAP = 80;
const PAD = 10;
const HEADER = 20;
const DUMMY_W = 8;
const SWEEPS = 8;
/** Beyond this many dummy vertices the longest edges are drawn straight (5,000-node projects stay fast). */
const DUMMY_BUDGET = 20000;

const parentOf = (ns: string): string => (ns.includes('.') ? ns.slice(0, ns.lastIndexOf('.')) : '');
const depthOf = (ns: string): number => (ns ? ns.split('.').length : 0);

interface Item {
  readonly id: string;
  readonly w: number;
  readonly h: number;
  readonly group: string;
  rank: number;
  order: number;
  x: number;
}

/** `TB`: ranks top → down (the default); `LR`: ranks left → right, as Kedro-Viz draws pipelines. */
export type LayoutDirection = 'TB' | 'LR';

export function layoutGraph(vertices: readonly LayoutVertex[], edges: readonly { readonly from: string; readonly to: string }[], direction: LayoutDirection = 'TB'): LayoutResult {
  if (direction === 'LR') return transpose(layeredLayout(vertices.map((v) => ({ ...v, w: v.h, h: v.w })), edges, LR_GAP, HEADER));
  return layeredLayout(vertices, edges, BASE_GAP_Y, 0);
}

/** Left → right is top → down with the axes swapped: boxes laid out with their sizes swapped, then mirrored on x = y. */
function transpose(r: LayoutResult): LayoutResult {
  const box = <T extends LayoutBox>(b: T): T => ({ ...b, x: b.y, y: b.x, w: b.h, h: b.w });
  return {
    positions: new Map([...r.positions].map(([id, p]) => [id, box(p)])),
    edges: r.edges.map((e) => ({ ...e, points: e.points.map(([x, y]): [number, number] => [y, x]) })),
    groups: r.groups.map(box),
    width: r.height,
    height: r.width,
  };
}

function layeredLayout(vertices: readonly LayoutVertex[], edges: readonly { readonly from: string; readonly to: string }[], baseGap: number, bandHeader: number): LayoutResult {
  // bandHeader: room at the start of each group's band for its header (LR: the header row sits above the boxes).
  if (!vertices.length) return { positions: new Map(), edges: [], groups: [], width: 0, height: 0 };
  const items = new Map<string, Item>(vertices.map((v) => [v.id, { ...v, rank: 0, order: 0, x: 0 }]));
  const valid = edges.filter((e) => items.has(e.from) && items.has(e.to) && e.from !== e.to);

  // 1. Cycles: a DFS marks back edges, which are laid out reversed (Kedro pipelines are acyclic; collapsed boxes may not be).
  const out = new Map<string, string[]>();
  for (const e of valid) (out.get(e.from) ?? out.set(e.from, []).get(e.from))?.push(e.to);
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  for (const root of items.keys()) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1] as [string, number];
      const next = out.get(top[0])?.[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        stack.pop();
      } else if (state.get(next) === 1) back.add(`${top[0]}\u0000${next}`);
      else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  const dag = valid.map((e) => (back.has(`${e.from}\u0000${e.to}`) ? { from: e.to, to: e.from, reversed: true } : { ...e, reversed: false }));

  // 2. Ranks: longest path from the sources, then each source moved down to just above its first consumer.
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of dag) {
    (preds.get(e.to) ?? preds.set(e.to, []).get(e.to))?.push(e.from);
    (succs.get(e.from) ?? succs.set(e.from, []).get(e.from))?.push(e.to);
  }
  const indeg = new Map([...items.keys()].map((id) => [id, preds.get(id)?.length ?? 0]));
  const queue = [...items.keys()].filter((id) => indeg.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const v = items.get(queue[i] as string) as Item;
    for (const w of succs.get(v.id) ?? []) {
      const t = items.get(w) as Item;
      t.rank = Math.max(t.rank, v.rank + 1);
      indeg.set(w, (indeg.get(w) ?? 0) - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  for (const v of items.values()) {
    const next = succs.get(v.id);
    if (!preds.get(v.id)?.length && next?.length) v.rank = Math.min(...next.map((w) => (items.get(w) as Item).rank)) - 1;
  }

  // 3. Dummy vertices on edges spanning several ranks, shortest edges first while the budget lasts.
  const commonGroup = (a: string, b: string): string => {
    let g = a;
    while (g && !(b === g || b.startsWith(`${g}.`))) g = parentOf(g);
    return g;
  };
  const chains = dag.map((e) => [e.from, e.to]);
  let budget = DUMMY_BUDGET;
  const longOnes = dag.map((e, i) => ({ e, i, span: (items.get(e.to) as Item).rank - (items.get(e.from) as Item).rank })).filter((x) => x.span > 1);
  longOnes.sort((a, b) => a.span - b.span);
  for (const { e, i, span } of longOnes) {
    if (span - 1 > budget) break;
    budget -= span - 1;
    const from = items.get(e.from) as Item;
    const group = commonGroup(from.group, (items.get(e.to) as Item).group);
    const chain = [e.from];
    for (let r = from.rank + 1; r < from.rank + span; r++) {
      const id = `~${i}:${r}`;
      items.set(id, { id, w: DUMMY_W, h: 0, group, rank: r, order: 0, x: 0 });
      chain.push(id);
    }
    chain.push(e.to);
    chains[i] = chain;
  }

  // 4. Order within ranks: barycenter sweeps down and up over the layered edges.
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const chain of chains) {
    for (let k = 0; k + 1 < chain.length; k++) {
      const a = chain[k] as string;
      const b = chain[k + 1] as string;
      if ((items.get(b) as Item).rank - (items.get(a) as Item).rank !== 1) continue; // unbudgeted long edge
      (down.get(a) ?? down.set(a, []).get(a))?.push(b);
      (up.get(b) ?? up.set(b, []).get(b))?.push(a);
    }
  }
  const minRank = Math.min(0, ...[...items.values()].map((v) => v.rank));
  const rows: Item[][] = [];
  for (const v of items.values()) (rows[v.rank - minRank] ??= []).push(v);
  const ranks = rows.map((r) => r ?? []);
  ranks.forEach((row) => row.forEach((v, i) => (v.order = i)));
  const mean = (ids: readonly string[] | undefined, key: (v: Item) => number): number | undefined =>
    ids?.length ? ids.reduce((s, id) => s + key(items.get(id) as Item), 0) / ids.length : undefined;
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const downward = sweep % 2 === 0;
    const seq = downward ? ranks.slice(1) : ranks.slice(0, -1).reverse();
    for (const row of seq) {
      const bary = new Map(row.map((v) => [v.id, mean((downward ? up : down).get(v.id), (w) => w.order) ?? v.order]));
      row.sort((a, b) => (bary.get(a.id) as number) - (bary.get(b.id) as number) || a.order - b.order);
      row.forEach((v, i) => (v.order = i));
    }
  }

  // 5. y per rank (room above each rank for the headers of groups that start there).
  const maxDepth = Math.max(0, ...[...items.values()].map((v) => depthOf(v.group)));
  const gapY = baseGap + maxDepth * (PAD + HEADER) + maxDepth * PAD;
  const rankY: number[] = [];
  let y = maxDepth * (PAD + HEADER);
  for (const row of ranks) {
    rankY.push(y);
    y += Math.max(0, ...row.map((v) => v.h)) + gapY;
  }
  const height = y - gapY + maxDepth * PAD;

  // 6. x by nested bands: a group's own vertices first, then one padded box per child group.
  const groupNames = new Set<string>();
  for (const v of items.values()) for (let g = v.group; g; g = parentOf(g)) groupNames.add(g);
  const children = new Map<string, string[]>();
  for (const g of groupNames) (children.get(parentOf(g)) ?? children.set(parentOf(g), []).get(parentOf(g)))?.push(g);
  const groupBoxes: GroupBox[] = [];
  const groupRanks = new Map<string, [number, number]>();
  for (const v of items.values()) {
    for (let g = v.group; g; g = parentOf(g)) {
      const r = groupRanks.get(g);
      groupRanks.set(g, r ? [Math.min(r[0], v.rank), Math.max(r[1], v.rank)] : [v.rank, v.rank]);
    }
  }
  const ownRows = new Map<string, Item[][]>();
  for (const row of ranks) {
    for (const v of row) {
      const rowsOf = ownRows.get(v.group) ?? ownRows.set(v.group, []).get(v.group) ?? [];
      (rowsOf[v.rank - minRank] ??= []).push(v);
    }
  }
  const rowWidth = (row: readonly Item[]): number => row.reduce((s, v) => s + v.w, 0) + Math.max(0, row.length - 1) * GAP_X;
  const avgOrder = (g: string): number => {
    const own = [...items.values()].filter((v) => v.group === g || v.group.startsWith(`${g}.`));
    return own.reduce((s, v) => s + v.order, 0) / Math.max(1, own.length);
  };
  const place = (group: string, x0: number): number => {
    const mine = (ownRows.get(group) ?? []).filter(Boolean);
    const ownW = Math.max(0, ...mine.map(rowWidth));
    for (const row of mine) {
      let x = x0 + (ownW - rowWidth(row)) / 2;
      for (const v of row) {
        v.x = x;
        x += v.w + GAP_X;
      }
    }
    align(mine, x0, x0 + ownW);
    let cursor = x0 + ownW + (ownW > 0 ? GAP_X : 0);
    const kids = (children.get(group) ?? []).sort((a, b) => avgOrder(a) - avgOrder(b));
    for (const kid of kids) {
      const w = place(kid, cursor + PAD + bandHeader) + 2 * PAD + bandHeader;
      const [r0, r1] = groupRanks.get(kid) as [number, number];
      // Nested boxes that start on the same rank stack their headers: outer ones reach higher.
      const inner = maxDepth - depthOf(kid);
      const top = (rankY[r0 - minRank] as number) - (PAD + HEADER) * (1 + inner);
      const bottom = (rankY[r1 - minRank] as number) + Math.max(0, ...(ranks[r1 - minRank] ?? []).map((v) => v.h)) + PAD * (1 + inner);
      groupBoxes.push({ ns: kid, depth: depthOf(kid), x: cursor, y: top, w, h: bottom - top });
      cursor += w + GAP_X;
    }
    return Math.max(0, cursor - x0 - (cursor > x0 ? GAP_X : 0));
  };
  /** Pulls each row's vertices toward their neighbours' centres, keeping order, spacing and the band. */
  const align = (mine: Item[][], left: number, right: number): void => {
    for (let pass = 0; pass < 4; pass++) {
      const seq = pass % 2 === 0 ? mine : [...mine].reverse();
      for (const row of seq) {
        const target = row.map((v) => {
          const c = mean([...(up.get(v.id) ?? []), ...(down.get(v.id) ?? [])], (w) => w.x + w.w / 2);
          return c === undefined ? v.x : c - v.w / 2;
        });
        let prev = left - GAP_X;
        row.forEach((v, i) => {
          v.x = Math.max(target[i] as number, prev + GAP_X);
          prev = v.x + v.w;
        });
        let next = right + GAP_X;
        for (let i = row.length - 1; i >= 0; i--) {
          const v = row[i] as Item;
          v.x = Math.max(left, Math.min(v.x, next - GAP_X - v.w));
          next = v.x;
        }
      }
    }
  };
  const width = place('', 0);

  const at = (id: string): Item => items.get(id) as Item;
  const positions = new Map<string, Placed>();
  for (const v of vertices) {
    const it = at(v.id);
    positions.set(v.id, { x: it.x, y: rankY[it.rank - minRank] as number, w: it.w, h: it.h, rank: it.rank - minRank });
  }
  const edgesOut = dag.map((e, i) => {
    const chain = chains[i] as string[];
    const pts = chain.map((id, k): [number, number] => {
      const it = at(id);
      const top = rankY[it.rank - minRank] as number;
      return [it.x + it.w / 2, k === 0 ? top + it.h : k === chain.length - 1 ? top : top + it.h / 2];
    });
    return e.reversed ? { from: e.to, to: e.from, points: pts.reverse() } : { from: e.from, to: e.to, points: pts };
  });
  return { positions, edges: edgesOut, groups: groupBoxes, width, height };
}
