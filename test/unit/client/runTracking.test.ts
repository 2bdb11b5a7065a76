import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RunMonitor, type RunEnd } from '../../../client/src/runs/runMonitor';
import { RunStatus, TerminalCommands, type StatusItem } from '../../../client/src/runs/runTracking';

const SEQ = fs.readFileSync('test/fixtures/runs/real/seq-1.jsonl', 'utf8'); // 8 nodes, success

function fakeItem(): StatusItem & { visible: boolean } {
  return {
    text: '',
    tooltip: undefined,
    visible: false,
    show() {
      this.visible = true;
    },
    hide() {
      this.visible = false;
    },
  };
}

describe('RunStatus: the run status item belongs to the newest run', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("an older run's monitor neither overwrites nor hides the newer run's status", () => {
    const item = fakeItem();
    const status = new RunStatus(item, 15000);
    status.follow('a');
    expect(status.set('a', 'Kedro run starting…')).toBe(true);
    status.follow('b');
    status.set('b', 'Kedro 3/8 · split_data_node');
    // The earlier run ends while the newer one runs: neither its verdict nor its hide reaches the item.
    expect(status.set('a', 'Kedro run did not start', 'the command ended')).toBe(false);
    status.done('a');
    vi.advanceTimersByTime(20000);
    expect(item).toMatchObject({ text: 'Kedro 3/8 · split_data_node', visible: true });
    status.set('b', 'Kedro run: 8/8 nodes');
    status.done('b');
    vi.advanceTimersByTime(14000);
    expect(item).toMatchObject({ text: 'Kedro run: 8/8 nodes', visible: true });
    vi.advanceTimersByTime(1000);
    expect(item.visible).toBe(false);
  });

  test('a run sent while the previous result is on show keeps the item (the old hide timer does not fire)', () => {
    const item = fakeItem();
    const status = new RunStatus(item, 15000);
    status.follow('a');
    status.set('a', 'Kedro run: 1/1 nodes');
    status.done('a');
    vi.advanceTimersByTime(10000);
    status.follow('b');
    status.set('b', 'Kedro run starting…');
    vi.advanceTimersByTime(10000);
    expect(item).toMatchObject({ text: 'Kedro run starting…', visible: true });
  });
});

describe('TerminalCommands: which queued run a shell execution is', () => {
  const lines = ['/x/kedro run --nodes=split_data_node', '/x/kedro run --nodes=split_data_node,train_model_node', '/x/kedro run'];

  test('the end of `kedro run --nodes=…` is not the end of a queued `kedro run` (no substring match)', () => {
    const q = new TerminalCommands<string>();
    ['a', 'b', 'c'].forEach((r, i) => q.add(r, lines[i] ?? ''));
    const e1 = {};
    expect(q.head).toBe('a');
    expect(q.ended(e1, lines[0] ?? '')).toBe('a');
    expect(q.head).toBe('b');
    expect(q.ended({}, `${lines[1]}  `)).toBe('b');
    expect(q.ended({}, 'ls -la')).toBeUndefined(); // typed by hand
    expect(q.ended({}, lines[2] ?? '')).toBe('c');
    expect(q.size).toBe(0);
  });

  test('a shell that cannot report the line: each execution is the oldest waiting run, once', () => {
    const q = new TerminalCommands<string>();
    ['a', 'b', 'c'].forEach((r, i) => q.add(r, lines[i] ?? ''));
    const [e1, e2, e3] = [{}, {}, {}];
    expect(q.started(e1, '')).toBe('a');
    // While a's command runs it is the head, and b is next.
    expect(q.head).toBe('a');
    expect(q.ended(e1, '')).toBe('a');
    expect(q.started(e2, '')).toBe('b');
    // Seen starting: its end is matched by the execution, whatever the shell says then.
    expect(q.ended(e2, lines[2] ?? '')).toBe('b');
    expect(q.ended(e3, '')).toBe('c');
    expect(q.ended({}, '')).toBeUndefined();
  });

  test('a run settled from its events leaves the queue; one seen starting stays until its command ends', () => {
    const q = new TerminalCommands<string>();
    q.add('a', 'kedro run');
    q.add('b', 'kedro run');
    const e1 = {};
    q.started(e1, 'kedro run');
    q.forget('a'); // a's pipeline_end arrived before its process exited
    expect(q.head).toBe('a');
    expect(q.ended(e1, 'kedro run')).toBe('a'); // not b's end, although the line is the same
    expect(q.head).toBe('b');
    q.forget('b');
    expect(q.all()).toEqual([]);
  });
});

describe('RunMonitor with queued runs in one terminal (the e2e scenario)', () => {
  let dir: string;
  beforeEach(() => {
    vi.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-mon-'));
  });
  afterEach(() => vi.useRealTimers());

  function setup(reportsEnd = false, missingProgramLimitMs?: number) {
    const item = fakeItem();
    const status = new RunStatus(item);
    const q = new TerminalCommands<RunMonitor>();
    const ended = new Map<string, RunEnd | undefined>();
    const begin = (id: string, line: string): RunMonitor => {
      status.follow(id);
      const m: RunMonitor = new RunMonitor(
        path.join(dir, `${id}.jsonl`),
        { appendLine: () => undefined, status: (text, tooltip) => status.set(id, text, tooltip), rest: () => status.done(id) },
        (end) => {
          ended.set(id, end);
          status.done(id);
          q.forget(m);
          q.head?.arm();
        },
        undefined,
        line,
        () => reportsEnd,
        2 * 60 * 1000,
        undefined,
        missingProgramLimitMs,
      );
      q.add(m, line);
      q.head?.arm();
      return m;
    };
    return { item, q, ended, begin };
  }

  test('an earlier run that never started ends as not started and leaves the newest run its 8/8', () => {
    const { item, q, ended, begin } = setup(true);
    const a = begin('a', 'kedro run --nodes=split_data_node');
    const c = begin('c', 'kedro run');
    expect(item.text).toBe('$(sync~spin) Kedro run starting…');
    // The shell reports a's end with an empty line (exit 127): a did not start; c is untouched.
    q.ended({}, '')?.commandEnded(127);
    expect(ended.get('a')?.reason).toMatch(/'kedro' was not found \(exit 127\)/);
    expect(ended.has('c')).toBe(false);
    expect(item.text).toBe('$(sync~spin) Kedro run starting…');
    fs.writeFileSync(path.join(dir, 'c.jsonl'), SEQ);
    c.poll();
    expect(ended.get('c')).toBeUndefined();
    expect(ended.has('c')).toBe(true);
    expect(item.text).toBe('$(pass) Kedro run: 8/8 nodes');
    // c's command ends afterwards: matched to c, already settled; the status stays.
    q.ended({}, '')?.commandEnded(0);
    expect(item.text).toBe('$(pass) Kedro run: 8/8 nodes');
    expect(a.done && c.done).toBe(true);
  });

  test('without shell integration a queued run is not given up while the run before it is still silent', () => {
    const { item, ended, begin } = setup(false);
    begin('a', 'kedro run --nodes=split_data_node');
    vi.advanceTimersByTime(60 * 1000);
    const b = begin('b', 'kedro run');
    // a's limit (2 min from its start) passes: a did not start. b's own limit starts now, not when it was sent.
    vi.advanceTimersByTime(60 * 1000 + 1);
    expect(ended.get('a')?.reason).toMatch(/no event from Kedro within 120 s/);
    expect(ended.has('b')).toBe(false);
    expect(item.text).toBe('$(sync~spin) Kedro run starting…');
    vi.advanceTimersByTime(2 * 60 * 1000 - 1000);
    expect(ended.has('b')).toBe(false);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), SEQ);
    b.poll();
    expect(item.text).toBe('$(pass) Kedro run: 8/8 nodes');
    expect(ended.get('b')).toBeUndefined();
  });

  test('a program given as a path (kedro.kedroCommand) that does not exist is said not to exist, not to be off PATH', () => {
    const { item, begin } = setup(false, 10000);
    begin('a', '/venv/bin/kedro run');
    vi.advanceTimersByTime(10000);
    expect(item).toMatchObject({
      text: '$(error) Kedro run did not start',
      tooltip: "'/venv/bin/kedro' does not exist on this machine and neither Kedro nor the shell reported a start within 10 s: see the terminal",
    });
  });

  // Seen in code-server without shell integration: `bash: kedro: command not found`, and the item said "Kedro run
  // starting…" for the whole two minutes after the "not on PATH" notice had been shown.
  test("a run whose program is not on PATH is shown as not started after 10 s, briefly, and is still followed", () => {
    const { item, ended, begin } = setup(false, 10000);
    begin('a', 'kedro run --nodes=summarize_since_node --env=prod');
    vi.advanceTimersByTime(9999);
    expect(item).toMatchObject({ text: '$(sync~spin) Kedro run starting…', visible: true });
    vi.advanceTimersByTime(1);
    expect(item).toMatchObject({
      text: '$(error) Kedro run did not start',
      tooltip: "'kedro' was not found on this machine's PATH and neither Kedro nor the shell reported a start within 10 s: see the terminal",
      visible: true,
    });
    expect(ended.has('a')).toBe(false);
    vi.advanceTimersByTime(15000);
    expect(item.visible).toBe(false);
    // The run is settled at the usual limit, without bringing the item back.
    vi.advanceTimersByTime(2 * 60 * 1000 - 25000);
    // The record keeps the cause the notice gave, not only the silence (the Runs view and the profile show it).
    expect(ended.get('a')?.reason).toBe("'kedro' was not found on this machine's PATH and no event from Kedro came within 120 s (see the terminal)");
    expect(item.visible).toBe(false);
  });

  test("a run told 'did not start' that starts after all (the shell's own PATH) shows its progress and keeps the item", () => {
    const { item, ended, begin } = setup(false, 10000);
    const a = begin('a', 'kedro run');
    vi.advanceTimersByTime(12000);
    expect(item.text).toBe('$(error) Kedro run did not start');
    const lines = SEQ.split('\n');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${lines.slice(0, lines.findIndex((l) => l.includes('"node_end"')) + 1).join('\n')}\n`);
    a.poll();
    expect(item.text).toMatch(/^\$\(sync~spin\) Kedro 1\/8/);
    vi.advanceTimersByTime(20000);
    expect(item.visible).toBe(true);
    fs.writeFileSync(path.join(dir, 'a.jsonl'), SEQ);
    a.poll();
    expect(item).toMatchObject({ text: '$(pass) Kedro run: 8/8 nodes', visible: true });
    expect(ended.get('a')).toBeUndefined();
    expect(ended.has('a')).toBe(true);
  });

  test('a run whose command shell integration saw start is not called not started however slow Kedro is', () => {
    const { item, q, ended, begin } = setup(true, 10000);
    begin('a', 'kedro run');
    q.started({}, 'kedro run')?.commandStarted();
    vi.advanceTimersByTime(60000);
    expect(item).toMatchObject({ text: '$(sync~spin) Kedro run starting…', visible: true });
    expect(ended.has('a')).toBe(false);
  });
});
