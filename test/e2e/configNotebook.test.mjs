// [tool.kedro-lens] and notebooks on disk in real VS Code: a problem in a notebook that is not open and a misspelt
// key in pyproject.toml both reach the Problems panel; the pyproject change applies without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openWorkbench, readProblems, screenshot, startCodeServer } from './e2e-lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.resolve(process.env.E2E_OUTPUT_DIR ?? path.join(ROOT, 'test-output'));
const VSIX = process.env.E2E_VSIX;

let cs;
let browser;
let page;
let workspace;

const notebook = (lines) =>
  `${JSON.stringify({ cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines }], metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;

async function waitUntil(check, what, timeout = 30000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeout) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-cfg-'));
  fs.cpSync(path.join(ROOT, 'examples/spaceflights'), workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, 'notebooks'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'notebooks/explore.ipynb'), notebook(['df = catalog.load("companys")\n', 'df.head()']));
  cs = await startCodeServer({ folder: workspace, ...(VSIX ? { installVsix: [VSIX] } : { extensionDevelopmentPath: ROOT }), settings: { 'workbench.colorTheme': 'Default Dark Modern', 'files.autoSave': 'off' } });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await openWorkbench(page, cs.url);
});

after(async () => {
  await browser?.close();
  await cs?.stop();
});

test('a closed notebook and a misspelt [tool.kedro-lens] key show in the Problems panel; a pyproject edit on disk applies live', async () => {
  const rows = await waitUntil(async () => {
    const r = await readProblems(page, { minRows: 1, timeout: 2000 });
    return r.some((x) => /companys/.test(x)) ? r : undefined;
  }, 'the notebook problem', 60000);
  assert.ok(rows.some((x) => /Dataset 'companys' is not in the catalog of base \+ local\./.test(x)), rows.join('\n'));
  const nbRow = await page.locator('.markers-panel .monaco-list-row', { hasText: 'companys' }).first().innerText();
  assert.match(nbRow, /KL004/);
  // The file row of the Problems tree names the notebook.
  assert.ok(rows.some((x) => /explore\.ipynb/.test(x)), rows.join('\n'));

  fs.appendFileSync(path.join(workspace, 'pyproject.toml'), '\n[tool.kedro-lens]\nignores = ["KL004"]\n');
  const after = await waitUntil(async () => {
    const r = await readProblems(page, { minRows: 1, timeout: 2000 });
    return r.some((x) => /Unknown key 'ignores'/.test(x)) ? r : undefined;
  }, 'KL911 in Problems');
  const cfgRow = await page.locator('.markers-panel .monaco-list-row', { hasText: "Unknown key 'ignores'" }).first().innerText();
  assert.match(cfgRow, /KL911/);
  assert.match(cfgRow, /did you mean 'ignore'\?/);
  assert.match(cfgRow, /\[Ln \d+, Col 1\]/);
  assert.ok(after.some((x) => /companys/.test(x)), 'the misspelt key does not ignore KL004');
  await screenshot(page, OUT, '20-config-and-notebook-problems');

  // Spelt right, it applies: the notebook problem goes, and so does KL911.
  const py = path.join(workspace, 'pyproject.toml');
  fs.writeFileSync(py, fs.readFileSync(py, 'utf8').replace('ignores = ["KL004"]', 'ignore = ["KL004"]'));
  await waitUntil(async () => {
    const r = await readProblems(page, { timeout: 1000 });
    return r.some((x) => /companys|Unknown key/.test(x)) ? undefined : true;
  }, 'both problems gone');
  await screenshot(page, OUT, '20b-config-applied');
});
