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
}

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

  read(id: string): StoredRun | undefined {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.meta.json`), 'utf8')) as RunMeta;
      const text = fs.existsSync(this.eventsPath(id)) ? fs.readFileSync(this.eventsPath(id), 'utf8') : '';
      const events = parseEvents(text);
      return { meta, events, summary: summarize(events) };
    } catch {
      return undefined;
    }
  }

  /** Newest first. */
  list(): StoredRun[] {
    const ids = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.meta.json'))
      .map((f) => f.slice(0, -'.meta.json'.length));
    return ids
      .map((id) => this.read(id))
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
