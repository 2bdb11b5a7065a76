import { describe, expect, test } from 'vitest';
import { KedroWorkspace } from '../../../server/src/analysis/workspace';
import { ROOT, withProjectScaffold } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';
import { testParser } from '../../helpers/parser';

// Long passes give the event loop a turn at their boundaries (modules, conf files, rule steps) so requests are answered
// during them; a pass told to stop at a boundary leaves every cache valid for the next one.
const pipeline = (i: number, input: string): string =>
  `from kedro.pipeline import Node, Pipeline\n\n\ndef f(x):\n    return x\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, "${input}", "out_${i}", name="n_${i}"), Node(f, "out_${i}", "final_${i}", name="m_${i}")])\n`;

function files(input: string): Record<string, string> {
  const out: Record<string, string> = { 'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/raw.csv\n', 'conf/base/parameters.yml': 'rate: 1\n' };
  for (let i = 0; i < 4; i++) out[`src/demo/pipelines/p${i}/pipeline.py`] = pipeline(i, i === 0 ? input : 'raw');
  return withProjectScaffold(out);
}

async function workspace(host: MemoryHost): Promise<KedroWorkspace> {
  const ws = new KedroWorkspace(host, await testParser(), undefined, { verifyReuse: true, sliceMs: 0 });
  await ws.discover([ROOT]);
  return ws;
}

const problems = (r: Awaited<ReturnType<KedroWorkspace['analyze']>>): string[] =>
  (r?.projects ?? []).flatMap((p) => p.problems).map((p) => `${p.loc.uri}:${p.loc.span.start.line}:${p.loc.span.start.character} ${p.code} ${p.message}`);

/** Counts turns of the event loop (one setImmediate per turn) until stopped. */
function turnCounter(): { readonly turns: () => number; stop: () => void } {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { turns: () => turns, stop: () => (running = false) };
}

describe('a pass yields at its boundaries', () => {
  test('the event loop turns during a pass over in-memory files (no I/O to wait for)', async () => {
    const host = new MemoryHost(ROOT, files('raw'));
    const ws = await workspace(host);
    const counter = turnCounter();
    const result = await ws.analyze();
    counter.stop();
    expect(result).toBeDefined();
    // At least once per Python module (4 pipelines with their __init__, the package, the registry) and per rule step.
    expect(counter.turns()).toBeGreaterThan(10);
  });

  test('a newer edit stops the pass at any boundary; the next pass equals a fresh analysis', async () => {
    const host = new MemoryHost(ROOT, files('raw'));
    const ws = await workspace(host);
    await ws.analyze();
    // How many turns a whole pass takes after an edit: every boundary below is tried as the stopping point.
    host.set('src/demo/pipelines/p0/pipeline.py', pipeline(0, 'missing_0'));
    const counter = turnCounter();
    await ws.analyze();
    counter.stop();
    const boundaries = counter.turns();
    for (let stopAt = 1; stopAt < boundaries; stopAt++) {
      const input = `missing_${stopAt}`;
      host.set('src/demo/pipelines/p0/pipeline.py', pipeline(0, input));
      const c = turnCounter();
      const stopped = await ws.analyze({}, () => c.turns() >= stopAt);
      c.stop();
      expect(stopped, `stopped after ${stopAt} turns`).toBeUndefined();
      const next = await ws.analyze();
      const fresh = await (await workspace(new MemoryHost(ROOT, files(input)))).analyze();
      expect(problems(next), `after a pass stopped at turn ${stopAt}`).toEqual(problems(fresh));
      expect(problems(next).some((p) => p.includes(`'${input}'`))).toBe(true);
    }
  });
});
