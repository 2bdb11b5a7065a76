// The built server with parse workers: the same diagnostics as in-thread, workers started from the server bundle's
// folder (it runs under the code cache loader), and a clean exit after shutdown.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LspTestClient } from '../helpers/lspClient';
// @ts-expect-error: a plain .mjs script without types
import { generate } from '../../scripts/gen-project.mjs';

async function coldPass(root: string, env: Record<string, string>): Promise<{ diagnostics: unknown; logs: string[]; code: number | null }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let client: LspTestClient;
  try {
    client = LspTestClient.start();
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  await client.initialize([root]);
  await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 60_000, 'the first pass');
  const diagnostics = [...client.diagnostics.values()].sort((a, b) => a.uri.localeCompare(b.uri));
  const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
  return { diagnostics, logs, code: await client.stop() };
}

describe('parse workers in the server (dist/server.js)', () => {
  test('a cold pass with a worker publishes what an in-thread pass publishes, and the server exits cleanly', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-srv-pool-'));
    generate(1000, root);
    const pooled = await coldPass(root, { KEDRO_LENS_PARSE_THREADS: '1', KEDRO_LENS_PARSE_MIN_BYTES: '0' });
    const inThread = await coldPass(root, { KEDRO_LENS_PARSE_THREADS: '0' });
    expect(pooled.logs.filter((l) => l.startsWith('parse_workers_'))).toEqual([expect.stringMatching(/^parse_workers_started threads=1 /)]);
    expect(inThread.logs.filter((l) => l.startsWith('parse_workers_'))).toEqual([]);
    expect(pooled.diagnostics).toEqual(inThread.diagnostics);
    expect((pooled.diagnostics as unknown[]).length).toBeGreaterThan(5);
    expect([pooled.code, inThread.code]).toEqual([0, 0]);
  }, 120_000);
});
