import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEvents, summarize, type RunEvent, type RunSummary } from './events';
import type { RunOptions } from '../run/kedroCommand';

/** What the extension knew when it started a run (the plugin adds the rest as events). */
export interface RunMeta {
  readonly id: string;
  readonly rootUri: string;
  readonly commandLine: string;
  readonly options: RunOptions;
  readonly started: number;
  /** Set when the command ended without Kedro reporting the end of the pipeline (exit code, terminal closed, timeout). */
  readonly ended?: RunEnd;
}

/** A run with no event this long after it was started (and nobody following it) never started. */
export const NEVER_STARTED_AFTER_S = 15 * 60;

export interface StoredRun {
  readonly meta: RunMeta;
  readonly events: readonly RunEvent[];
  readonly summary: RunSummary;
}

/** Run journal in the extension's storage (never inside the user's project): `<id>.meta.json` + `<id>.jsonl`. */
export class RunStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  newId(now = new Date()): string {
    return `run-${now.toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
  }

  eventsPath(id: string): string {
    return path.join(this.dir, `${id}.jsonl`);
  }

  saveMeta(meta: RunMeta): void {
    fs.writeFileSync(path.join(this.dir, `${meta.id}.meta.json`), JSON.stringify(meta, null, 2));
  }

  read(id: string, now = Date.now() / 1000): StoredRun | undefined {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.meta.json`), 'utf8')) as RunMeta;
      const text = fs.existsSync(this.eventsPath(id)) ? fs.readFileSync(this.eventsPath(id), 'utf8') : '';
      const events = parseEvents(text);
      return { meta, events, summary: settle(meta, summarize(events), now) };
    } catch {
      return undefined;
    }
  }

  /**
   * The run id left for a run sent to a Kedro terminal (claimed by the hook plugin: kedro_lens_hooks/recorder.py). One
   * file per run, named so that they sort in the order sent: a run sent while the previous one is still starting waits
   * in the terminal, and each process claims its own id (with one shared slot the first process took the last id).
   */
  pendingPath(terminalToken: string, id: string): string {
    return path.join(this.dir, `${terminalToken}.${id}.next`);
  }

  /** Leaves `id` for the run about to be sent: the id, then the command line the plugin matches its arguments with. */
  setPending(terminalToken: string, id: string, commandLine: string): void {
    const file = this.pendingPath(terminalToken, id);
    fs.writeFileSync(`${file}.tmp`, `${id}\n${commandLine}\n`);
    fs.renameSync(`${file}.tmp`, file); // whole or not at all: the plugin may be listing the folder

  }

  /** Removes the id if no run claimed it (a run that never started must not be joined by the next one typed by hand). */
  dropPending(terminalToken: string, id: string): void {
    fs.rmSync(this.pendingPath(terminalToken, id), { force: true });
  }

  /** Newest first. */
  list(): StoredRun[] {
    const now = Date.now() / 1000;
    const ids = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.meta.json'))
      .map((f) => f.slice(0, -'.meta.json'.length));
    return ids
      .map((id) => this.read(id, now))
      .filter((r): r is StoredRun => !!r)
      .sort((a, b) => b.meta.started - a.meta.started);
  }

  /** Keeps the newest `keep` runs. */
  prune(keep: number): number {
    const old = this.list().slice(Math.max(0, keep));
    for (const r of old) this.delete(r.meta.id);
    return old.length;
  }

  delete(id: string): void {
    for (const f of [`${id}.meta.json`, `${id}.jsonl`]) fs.rmSync(path.join(this.dir, f), { force: true });
  }
}

/**
 * The status the events alone cannot give: no event and the command ended (or too long ago) → `not-started` with the
 * reason; started but the command ended without the pipeline's end → `failed`.
 */
export function settle(meta: RunMeta, s: RunSummary, now: number): RunSummary {
  if (s.status === 'unknown' && (meta.ended || now - meta.started > NEVER_STARTED_AFTER_S)) {
    return { ...s, status: 'not-started', error: meta.ended?.reason ?? 'no event was recorded: Kedro never reached its first hook' };
  }
  if (s.status === 'running' && meta.ended) return { ...s, status: 'failed', error: s.error ?? meta.ended.reason };
  return s;
}

/** How a run's command ended when Kedro did not report the end of the pipeline. */
export interface RunEnd {
  readonly reason: string;
  readonly exitCode?: number;
}

/** Why a command that recorded nothing ended, from its exit code (shell conventions: 127 not found, 126 not executable). */
export function notStartedReason(exitCode: number | undefined, program: string): string {
  if (exitCode === 127) return `'${program}' was not found (exit 127): set kedro.kedroCommand or kedro.pythonPath, or select the project's Python interpreter`;
  if (exitCode === 126) return `'${program}' could not be executed (exit 126)`;
  if (exitCode === 2) return 'Kedro refused the command line (exit 2; outside a Kedro project it has no run command): see the terminal';
  if (exitCode === 0) return "the command ended without recording anything: the Kedro Lens hook plugin was not loaded (is it in settings.py's DISABLE_HOOKS_FOR_PLUGINS?)";
  if (exitCode !== undefined) return `the command exited with code ${exitCode} before Kedro ran its first hook (wrong interpreter, missing dependency?): see the terminal`;
  return 'the command ended before Kedro ran its first hook: see the terminal';
}
