// Run events written by the hook plugin (client/python/kedro_lens_hooks): parsing, summaries, profiles, hook log lines.
// Pure: no vscode import, unit-tested. The result types live in common/runTypes.ts (the profiler webview's protocol uses them).
import type { NodeProfile, Profile, RunStatus, RunSummary } from '../../../common/runTypes';

export type { NodeProfile, Profile, RunStatus, RunSummary };

export interface RunEvent {
  readonly event: string;
  readonly t: number;
  readonly pid: number;
  readonly thread?: string;
  readonly node?: string;
  readonly [key: string]: unknown;
}

/** Parses JSON lines; a torn last line (still being written) and garbage lines are skipped. */
export function parseEvents(text: string): RunEvent[] {
  const out: RunEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as RunEvent;
      if (e && typeof e.event === 'string' && typeof e.t === 'number') out.push(e);
    } catch {
      // partial line: the next read completes it
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

export function summarize(events: readonly RunEvent[]): RunSummary {
  const start = events.find((e) => e.event === 'pipeline_start');
  const end = events.findLast((e) => e.event === 'pipeline_end');
  const ends = events.filter((e) => e.event === 'node_end');
  const failed = ends.find((e) => e['status'] === 'failed');
  const status: RunStatus = end ? (end['status'] === 'failed' ? 'failed' : 'success') : start ? 'running' : 'unknown';
  return {
    status,
    ...(start ? { started: start.t } : {}),
    ...(end ? { ended: end.t } : {}),
    ...(start && end ? { duration: end.t - start.t } : {}),
    total: Array.isArray(start?.['nodes']) ? (start?.['nodes'] as unknown[]).length : 0,
    done: ends.filter((e) => e['status'] === 'success').length,
    ...(failed?.node ? { failedNode: failed.node } : {}),
    ...(failed || end?.['error'] ? { error: String(failed?.['error'] ?? end?.['error']) } : {}),
    ...(typeof start?.['env'] === 'string' ? { env: start['env'] as string } : {}),
    ...(typeof start?.['runner'] === 'string' ? { runner: runnerName(start['runner'] as string) } : {}),
    pipelines: Array.isArray(start?.['pipelines']) ? (start?.['pipelines'] as string[]) : [],
  };
}

/**
 * The runner's class name. Kedro puts the runner's text form in `run_params` (`<kedro.runner.sequential_runner.
 * SequentialRunner object at 0x7f…>`), which recordings made before the plugin shortened it still carry.
 */
export function runnerName(runner: string): string {
  const m = /^<([\w.]+) object at 0x[0-9a-fA-F]+>$/.exec(runner.trim());
  return m ? (m[1]?.split('.').pop() as string) : runner;
}

export function profile(events: readonly RunEvent[]): Profile {
  const t0 = events.find((e) => e.event === 'pipeline_start')?.t ?? events[0]?.t ?? 0;
  const starts = new Map<string, RunEvent>();
  const io = new Map<string, { load: number; save: number }>();
  const nodes: NodeProfile[] = [];
  for (const e of events) {
    if ((e.event === 'load' || e.event === 'save') && e.node) {
      const acc = io.get(e.node) ?? { load: 0, save: 0 };
      acc[e.event] += typeof e['duration'] === 'number' ? (e['duration'] as number) : 0;
      io.set(e.node, acc);
    }
    if (e.event === 'node_start' && e.node) starts.set(`${e.pid}|${e.node}`, e);
    if (e.event === 'node_end' && e.node) {
      const s = starts.get(`${e.pid}|${e.node}`);
      starts.delete(`${e.pid}|${e.node}`);
      const duration = typeof e['duration'] === 'number' ? (e['duration'] as number) : s ? e.t - s.t : 0;
      nodes.push({
        name: e.node,
        start: (s?.t ?? e.t - duration) - t0,
        end: e.t - t0,
        duration,
        worker: `${e.pid}/${e.thread ?? 'main'}`,
        status: e['status'] === 'failed' ? 'failed' : 'success',
        loadTime: 0,
        saveTime: 0,
        ...(typeof e['peak_rss_kb'] === 'number' ? { peakRssKb: e['peak_rss_kb'] as number } : {}),
        inputs: (s?.['inputs'] as string[] | undefined) ?? [],
        outputs: (s?.['outputs'] as string[] | undefined) ?? [],
      });
    }
  }
  // Nodes still running (no node_end yet).
  const last = events[events.length - 1]?.t ?? t0;
  for (const s of starts.values()) {
    nodes.push({ name: s.node as string, start: s.t - t0, end: last - t0, duration: last - s.t, worker: `${s.pid}/${s.thread ?? 'main'}`, status: 'running', loadTime: 0, saveTime: 0, inputs: (s['inputs'] as string[]) ?? [], outputs: (s['outputs'] as string[]) ?? [] });
  }
  const withIo = nodes.map((n) => ({ ...n, loadTime: io.get(n.name)?.load ?? 0, saveTime: io.get(n.name)?.save ?? 0 })).sort((a, b) => a.start - b.start);
  const lanes = new Map<string, string[]>();
  for (const n of withIo) lanes.set(n.worker, [...(lanes.get(n.worker) ?? []), n.name]);
  const load = withIo.reduce((s, n) => s + n.loadTime, 0);
  const save = withIo.reduce((s, n) => s + n.saveTime, 0);
  // A node's duration is before_node_run → after_node_run: Kedro loads the inputs before the first and saves the
  // outputs after the second, so it is compute alone (subtracting loads and saves again gave ≈ 0 on real runs).
  const compute = withIo.reduce((s, n) => s + n.duration, 0);
  const end = events.findLast((e) => e.event === 'pipeline_end')?.t ?? last;
  return {
    nodes: withIo,
    lanes: [...lanes].map(([worker, ns]) => ({ worker, nodes: ns })),
    totals: { load, compute, save, wall: end - t0 },
    criticalPath: criticalPath(withIo),
  };
}

/** Longest (by duration) dependency chain: a node depends on the producers of its inputs. */
export function criticalPath(nodes: readonly NodeProfile[]): string[] {
  const base = (d: string): string => d.split('@')[0] as string;
  const producer = new Map<string, NodeProfile>();
  for (const n of nodes) for (const o of n.outputs) producer.set(base(o), n);
  const best = new Map<string, { total: number; path: string[] }>();
  const visit = (n: NodeProfile, seen: Set<string>): { total: number; path: string[] } => {
    const hit = best.get(n.name);
    if (hit) return hit;
    let top = { total: 0, path: [] as string[] };
    for (const i of n.inputs) {
      const p = producer.get(base(i));
      if (!p || p === n || seen.has(p.name)) continue;
      const r = visit(p, new Set([...seen, n.name]));
      if (r.total > top.total) top = r;
    }
    const result = { total: top.total + n.duration, path: [...top.path, n.name] };
    best.set(n.name, result);
    return result;
  };
  let overall = { total: -1, path: [] as string[] };
  for (const n of nodes) {
    const r = visit(n, new Set());
    if (r.total > overall.total) overall = r;
  }
  return overall.path;
}

const fmt = (s: unknown): string => (typeof s === 'number' ? `${s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`}` : '');
const size = (v: unknown): string => {
  const s = v as { rows?: number; columns?: number; length?: number; bytes?: number } | undefined;
  if (!s) return '';
  if (s.rows !== undefined) return ` ${s.rows}×${s.columns ?? 1}`;
  if (s.length !== undefined) return ` len ${s.length}`;
  return s.bytes !== undefined ? ` ${s.bytes} B` : '';
};

/** One readable line per hook event for the "Kedro Hooks" panel (its grammar colours the markers). */
export function formatEvent(e: RunEvent): string {
  const time = new Date(e.t * 1000).toISOString().slice(11, 23);
  const where = e.thread && e.thread !== 'MainThread' ? ` [${e.pid}/${e.thread}]` : '';
  switch (e.event) {
    case 'context':
      return `${time} ● after_context_created  env: ${String(e['env'] ?? '')}  plugins: ${((e['plugins'] as { name: string }[] | undefined) ?? []).map((p) => p.name).join(', ') || '—'}`;
    case 'catalog':
      return `${time} ● after_catalog_created  datasets: ${String(e['datasets'] ?? '?')}`;
    case 'pipeline_start':
      return `${time} ▶ before_pipeline_run  ${((e['pipelines'] as string[]) ?? []).join(', ')}  nodes: ${((e['nodes'] as unknown[]) ?? []).length}  runner: ${runnerName(String(e['runner'] ?? ''))}  env: ${String(e['env'] ?? '')}`;
    case 'node_start':
      return `${time} ▶ before_node_run  ${e.node}  inputs: ${((e['inputs'] as string[]) ?? []).join(', ') || '—'}${where}`;
    case 'node_end':
      return e['status'] === 'failed'
        ? `${time} ✖ on_node_error  ${e.node}  ${String(e['error_type'] ?? 'Error')}: ${String(e['error'] ?? '')}${where}`
        : `${time} ✔ after_node_run  ${e.node}  ${fmt(e['duration'])}${where}`;
    case 'load':
      return `${time}   after_dataset_loaded  ${String(e['dataset'])}  ${fmt(e['duration'])}${size(e['size'])}${where}`;
    case 'save':
      return `${time}   after_dataset_saved  ${String(e['dataset'])}  ${fmt(e['duration'])}${size(e['size'])}${where}`;
    case 'pipeline_end':
      return e['status'] === 'failed'
        ? `${time} ✖ on_pipeline_error  ${String(e['error_type'] ?? 'Error')}: ${String(e['error'] ?? '')}`
        : `${time} ✔ after_pipeline_run  success`;
    default:
      return `${time}   ${e.event}`;
  }
}

/**
 * A run's summary as the Runs view shows it. `verdict`: the status bar already said the run did not start (its program
 * is not on PATH) while the monitor still listens for a late start: a run with no event yet is shown as not started
 * with that reason, not as "waiting for Kedro to start"; one that started after all is shown as it is.
 */
export function shownSummary(s: RunSummary, verdict?: string): RunSummary {
  return verdict !== undefined && s.status === 'unknown' ? { ...s, status: 'not-started', error: verdict } : s;
}

/** How the Runs view says a status (its tooltip): `unknown` is a run Kedro has not reported on yet. */
const STATUS_TEXT: Record<RunSummary['status'], string> = {
  success: 'succeeded',
  failed: 'failed',
  running: 'running',
  unknown: 'waiting for Kedro to start (no hook event yet)',
  'not-started': 'did not start',
};

/** A run's tooltip lines: the command, how it went, and its node count once Kedro has said how many. */
export function runTooltip(commandLine: string, s: RunSummary): string {
  return [
    `\`${commandLine}\``,
    `${STATUS_TEXT[s.status]}${s.env ? ` · env ${s.env}` : ''}${s.runner ? ` · ${s.runner}` : ''}`,
    s.total ? `${s.done}/${s.total} nodes` : '',
    s.error ? `error: ${s.error}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
