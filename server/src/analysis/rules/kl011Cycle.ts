import type { Rule } from '../rule';
import { maximalPipelines, nodeLoc, once, prechecksOf } from '../pipelines';
import { baseName } from '../../project/model';
import type { ResolvedNode } from '../../project/pipelines/types';

/** Nodes that depend on each other in a circle: Kedro cannot order them. */
export const cycle: Rule = {
  code: 'KL011',
  name: 'circular-dependency',
  defaultSeverity: 'error',
  summary: 'Nodes of a registered pipeline that depend on each other in a circle.',
  docs: {
    why: `A pipeline is a DAG: the producer of a dataset runs before its consumers. A circle (a → b → a) has no order and
Kedro refuses it when the pipeline is built: "Circular dependencies exist among the following N item(s)". The message
shows the circle with the datasets that close it.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(clean, "features", "clean"), Node(featurise, "clean", "features")])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(clean, "raw", "clean"), Node(featurise, "clean", "features")])' },
  },
  check(model, report) {
    if (!prechecksOf(model).cycle) return;
    const emit = once<void>();
    for (const p of maximalPipelines(model)) {
      const nodes = p.pipeline.nodes.filter((n) => !n.partial && !n.conditional);
      const producer = new Map<string, number>();
      nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(baseName(o.name), i)));
      // edges[i] = [j, dataset]: node j consumes what node i writes.
      const deps: [number, string][][] = nodes.map((n) =>
        n.inputs.flatMap((ref): [number, string][] => {
          const j = producer.get(baseName(ref.name));
          return j === undefined ? [] : [[j, baseName(ref.name)]];
        }),
      );
      for (const cyc of findCycles(deps)) {
        const names = cyc.map(([i]) => (nodes[i] as ResolvedNode).name);
        const path = cyc.map(([i, ds]) => `${(nodes[i] as ResolvedNode).name} --${ds}-->`).join(' ') + ` ${names[0]}`;
        const head = nodes[cyc[0]?.[0] ?? 0] as ResolvedNode;
        emit([...names].sort().join('|'), () =>
          report(nodeLoc(head), `Circular dependency: ${path}.`, {
            related: cyc.slice(1).map(([i]) => ({ loc: nodeLoc(nodes[i] as ResolvedNode), message: `part of the cycle: '${(nodes[i] as ResolvedNode).name}'` })),
          }),
        );
      }
    }
  },
};

/** Elementary cycles, one per strongly connected component with more than one node (or a self-loop). */
function findCycles(deps: readonly (readonly [number, string])[][]): [number, string][][] {
  const n = deps.length;
  const index: number[] = new Array(n).fill(-1);
  const low: number[] = new Array(n).fill(0);
  const onStack: boolean[] = new Array(n).fill(false);
  const stack: number[] = [];
  const sccs: number[][] = [];
  let counter = 0;
  const strong = (v: number): void => {
    // Iterative Tarjan, so deep pipelines cannot overflow the stack.
    const work: [number, number][] = [[v, 0]];
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    while (work.length) {
      const top = work[work.length - 1] as [number, number];
      const [u, k] = top;
      const edges = deps[u] as readonly (readonly [number, string])[];
      if (k < edges.length) {
        top[1]++;
        const w = (edges[k] as readonly [number, string])[0];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) low[u] = Math.min(low[u] as number, index[w] as number);
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[u] as number);
        if (low[u] === index[u]) {
          const scc: number[] = [];
          let w: number;
          do {
            w = stack.pop() as number;
            onStack[w] = false;
            scc.push(w);
          } while (w !== u);
          // A node reading its own output is KL023 (Kedro rejects it before building the graph).
          if (scc.length > 1) sccs.push(scc);
        }
      }
    }
  };
  for (let v = 0; v < n; v++) if (index[v] === -1) strong(v);
  // Walk one cycle inside each component: follow dependency edges until a node repeats.
  return sccs.map((scc) => {
    const inScc = new Set(scc);
    const path: [number, string][] = [];
    const pos = new Map<number, number>();
    let cur = Math.min(...scc);
    while (!pos.has(cur)) {
      pos.set(cur, path.length);
      const edge = (deps[cur] as readonly (readonly [number, string])[]).find(([x]) => inScc.has(x)) as readonly [number, string];
      path.push([cur, edge[1]]);
      cur = edge[0];
    }
    // deps point from consumer to producer; reverse so the path reads in data-flow order.
    const loop = path.slice(pos.get(cur));
    const forward = loop.reverse().map(([node], i, arr) => [node, (arr[(i + 1) % arr.length] as [number, string])[1]] as [number, string]);
    // Start at the node defined first, so the message reads like the pipeline.
    const start = forward.findIndex(([node]) => node === Math.min(...forward.map(([x]) => x)));
    return [...forward.slice(start), ...forward.slice(0, start)];
  });
}
