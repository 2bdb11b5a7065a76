// Runs inside the VS Code extension host (loaded by @vscode/test-electron). Plain CJS: no compile step.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function waitFor(check, what, timeout = 30000) {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tests = {
  async 'activates on the example project'() {
    const ext = vscode.extensions.getExtension('kedro-lens.kedro-lens');
    assert.ok(ext, 'extension is installed');
    await waitFor(() => ext.isActive, 'activation');
  },
  async 'a dataset typo produces KL001 at the exact range, and the fix clears it'() {
    const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const file = vscode.Uri.file(path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py'));
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.lineAt(10);
    const start = line.text.indexOf('companies');
    await editor.edit((e) => e.replace(new vscode.Range(10, start, 10, start + 9), 'companys'));
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'kedro');
      return d.length ? d : undefined;
    }, 'KL001');
    assert.equal(diags[0].message, "Dataset 'companys' is not in the catalog and no node produces it.");
    assert.equal(typeof diags[0].code === 'object' ? diags[0].code.value : diags[0].code, 'KL001');
    assert.deepEqual([diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.character], [10, start, start + 8]);
    await editor.edit((e) => e.replace(new vscode.Range(10, start, 10, start + 8), 'companies'));
    await waitFor(() => vscode.languages.getDiagnostics(file).filter((x) => x.source === 'kedro').length === 0, 'cleared');
  },
};

exports.run = async function run() {
  const failures = [];
  for (const [name, fn] of Object.entries(tests)) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (err) {
      console.log(`not ok - ${name}\n${err && err.stack}`);
      failures.push(name);
    }
  }
  console.log(`${Object.keys(tests).length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} extension-host test(s) failed`);
};
