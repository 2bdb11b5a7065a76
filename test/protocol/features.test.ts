import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { CodeAction, CodeLens, CompletionItem, DocumentSymbol, Hover, Location, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { decodeModel, type CompactModel } from '../../common/modelCodec';

const DP = 'src/spaceflights/pipelines/data_processing/pipeline.py';
const DS = 'src/spaceflights/pipelines/data_science/pipeline.py';
const RP = 'src/spaceflights/pipelines/reporting/pipeline.py';
const CATALOG = 'conf/base/catalog.yml';

async function startOn(folders: string[]): Promise<LspTestClient> {
  const client = LspTestClient.start();
  await client.initialize(folders, { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true } });
  await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'first analysis');
  return client;
}

describe('editor features over LSP (example project)', () => {
  let client: LspTestClient;
  let root: string;
  const uri = (rel: string): string => URI.file(path.join(root, rel)).toString();
  /** Position of the n-th occurrence of `needle` in a file, plus `shift` characters. */
  const at = (rel: string, needle: string, shift = 0, nth = 0) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not in ${rel}`);
    const before = text.slice(0, i + shift).split('\n');
    return { line: before.length - 1, character: (before[before.length - 1] as string).length };
  };
  const range = (rel: string, needle: string, nth = 0) => ({ start: at(rel, needle, 0, nth), end: at(rel, needle, needle.length, nth) });
  const req = <T>(method: string, rel: string, needle: string, shift = 1, extra: Record<string, unknown> = {}) =>
    client.conn.sendRequest<T>(method, { textDocument: { uri: uri(rel) }, position: at(rel, needle, shift), ...extra });

  beforeAll(async () => {
    root = copyProject(EXAMPLE);
    client = await startOn([root]);
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  test('definition: dataset → catalog key; memory dataset → its producer; params → YAML key; func → def', async () => {
    expect(await req<Location[]>('textDocument/definition', DS, 'model_input_table')).toEqual([{ uri: uri(CATALOG), range: range(CATALOG, 'model_input_table') }]);
    expect(await req<Location[]>('textDocument/definition', DS, '"X_train"', 2, {})).toEqual([]);
    expect(await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: uri(DS) }, position: at(DS, 'X_train', 1, 1) })).toEqual([
      { uri: uri(DS), range: range(DS, 'X_train', 0) },
    ]);
    expect(await req<Location[]>('textDocument/definition', DS, 'params:model_options', 3)).toEqual([
      { uri: uri('conf/base/parameters_data_science.yml'), range: range('conf/base/parameters_data_science.yml', 'model_options') },
    ]);
    expect(await req<Location[]>('textDocument/definition', DS, 'func=split_data', 6)).toEqual([
      { uri: uri('src/spaceflights/pipelines/data_science/nodes.py'), range: range('src/spaceflights/pipelines/data_science/nodes.py', 'split_data') },
    ]);
    // A factory-resolved dataset goes to its pattern; a catalog key goes to its producer.
    expect(await req<Location[]>('textDocument/definition', RP, 'preprocessed_shuttles')).toEqual([{ uri: uri(CATALOG), range: range(CATALOG, '"preprocessed_{name}"') }]);
    expect(await req<Location[]>('textDocument/definition', CATALOG, 'model_input_table:')).toEqual([
      { uri: uri(DP), range: { start: at(DP, '"model_input_table"', 1), end: at(DP, '"model_input_table"', 18) } },
    ]);
    // Plain Python elsewhere is left to the Python extension.
    expect(await req<Location[] | null>('textDocument/definition', DS, 'from kedro.pipeline')).toEqual([]);
  });

  test('references: every read and write plus the catalog key', async () => {
    const refs = await req<Location[]>('textDocument/references', CATALOG, 'model_input_table:', 1, { context: { includeDeclaration: true } });
    expect(refs.map((r) => `${path.relative(root, URI.parse(r.uri).fsPath)}:${r.range.start.line}`).sort()).toEqual([`${CATALOG}:27`, `${DP}:23`, `${DS}:10`, `${RP}:10`]);
  });

  test('hover: catalog dataset, factory dataset, parameter, node, type', async () => {
    const h = await req<Hover>('textDocument/hover', DP, '"companies"', 2);
    expect((h.contents as { value: string }).value).toBe(
      [
        '**`companies`** — `pandas.CSVDataset`',
        '',
        'filepath: `data/01_raw/companies.csv`  \nlayer: raw  \nfrom: `conf/base/catalog.yml` (base)  \nload() → pd.DataFrame · save() ← pd.DataFrame',
        '',
        'written by — · read by `preprocess_companies_node`',
      ].join('\n'),
    );
    const f = await req<Hover>('textDocument/hover', RP, 'preprocessed_shuttles');
    expect((f.contents as { value: string }).value).toContain('filepath: `data/02_intermediate/preprocessed_shuttles.csv`');
    expect((f.contents as { value: string }).value).toContain('factory: `preprocessed_{name}`');
    const p = await req<Hover>('textDocument/hover', DS, 'params:model_options', 3);
    expect((p.contents as { value: string }).value).toBe(
      '**`params:model_options`** = `{test_size, random_state, features}` (dict)\n\nfrom: `conf/base/parameters_data_science.yml` (base) · read by `split_data_node`',
    );
    const n = await req<Hover>('textDocument/hover', DS, 'func=split_data', 6);
    expect((n.contents as { value: string }).value).toContain('**node `split_data_node`**');
    expect((n.contents as { value: string }).value).toContain('pipelines: `data_science`, `__default__`');
    const t = await req<Hover>('textDocument/hover', CATALOG, 'pickle.PickleDataset');
    expect((t.contents as { value: string }).value).toContain('load() → Any · save() ← Any');
    expect(await req<Hover | null>('textDocument/hover', DS, 'def create_pipeline')).toBeNull();
  });

  test('completion: datasets and memory outputs in node strings, params: keys, catalog types and keys', async () => {
    for (const [rel, languageId] of [[DS, 'python'], [CATALOG, 'yaml']] as const) {
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: 1, text } });
    }
    const items = await req<CompletionItem[]>('textDocument/completion', DS, '"X_train", "y_train"', 1);
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['companies', 'model_input_table', 'X_test', 'y_test', 'params:']));
    expect(items.find((i) => i.label === 'companies')?.detail).toBe('pandas.CSVDataset (base)');
    expect(items.find((i) => i.label === 'X_test')?.detail).toBe('MemoryDataset · output of split_data_node');
    const params = await req<CompletionItem[]>('textDocument/completion', DS, 'params:model_options', 7);
    expect(params.map((i) => i.label)).toEqual(expect.arrayContaining(['params:model_options', 'params:model_options.test_size', 'params:plot_options.color']));
    expect(params[0]?.textEdit).toEqual({ range: { start: at(DS, 'params:model_options'), end: at(DS, 'params:model_options', 7) }, newText: params[0]?.label });
    const types = await req<CompletionItem[]>('textDocument/completion', CATALOG, 'pickle.PickleDataset', 0);
    expect(types.map((i) => i.label)).toEqual(expect.arrayContaining(['pandas.CSVDataset', 'polars.LazyPolarsDataset', 'partitions.PartitionedDataset']));
    expect(await req<CompletionItem[]>('textDocument/completion', DS, 'def create_pipeline')).toEqual([]);
  });

  test('code lenses: run each node and the pipeline, with resolved names', async () => {
    const lenses = await client.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(DS) } });
    const r = URI.file(root).toString();
    expect(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments])).toEqual([
      [5, '▶ Run pipeline data_science', 'kedro.runPipeline', [{ rootUri: r, name: 'data_science' }]],
      ...[8, 14, 21].flatMap((line, i) => {
        const name = ['split_data_node', 'train_model_node', 'evaluate_model_node'][i] as string;
        // train and evaluate read memory datasets split_data_node writes: run alone, Kedro refuses them.
        const withUpstream = { train_model_node: ['split_data_node', 'train_model_node'], evaluate_model_node: ['split_data_node', 'evaluate_model_node'] }[name];
        return [
          withUpstream ? [line, '▶ Run with upstream (2 nodes)', 'kedro.runNode', [{ rootUri: r, name, nodes: withUpstream }]] : [line, `▶ Run ${name}`, 'kedro.runNode', [{ rootUri: r, name }]],
          [line, 'Debug', 'kedro.debugNode', [{ rootUri: r, name }]],
          [line, 'Reveal in Kedro view', 'kedro.revealNode', [{ rootUri: r, name }]],
        ];
      }),
    ]);
  });

  test('quick fixes on a typo: did-you-mean and a typed catalog entry; the fix applies', async () => {
    const text = fs.readFileSync(path.join(root, DP), 'utf8').replace('inputs="shuttles"', 'inputs="shutles"');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(DP), languageId: 'python', version: 1, text } });
    const diag = await client.waitFor(() => client.diagnostics.get(uri(DP))?.diagnostics[0], 10000, 'KL001');
    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(DP) }, range: diag.range, context: { diagnostics: [diag] } });
    expect(actions.map((a) => a.title)).toEqual(["Change to 'shuttles'", "Add catalog entry for 'shutles' (pandas.CSVDataset) to conf/base/catalog.yml", 'Suppress KL001 on this line']);
    expect(actions[2]?.edit?.changes?.[uri(DP)]?.[0]?.newText).toBe('  # kedro-lens: ignore[KL001]');
    expect(actions[0]?.edit).toEqual({ changes: { [uri(DP)]: [{ range: diag.range, newText: 'shuttles' }] } });
    const add = actions[1]?.edit as WorkspaceEdit;
    expect(add.changes?.[uri(CATALOG)]?.[0]?.newText).toBe('\nshutles:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/shutles.csv\n');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: 2 }, contentChanges: [{ range: diag.range, text: 'shuttles' }] });
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared');
  });

  test('Ctrl+. right after a keystroke: the code actions are those of the version just edited, not of the last pass', async () => {
    // DP is open at version 2 (the previous test fixed its typo). Type a new typo and ask at once, before any
    // diagnostic for it has been published: the client has none to send.
    const line = fs.readFileSync(path.join(root, DP), 'utf8').split('\n').findIndex((l) => l.includes('inputs="companies"'));
    const col = (fs.readFileSync(path.join(root, DP), 'utf8').split('\n')[line] as string).indexOf('companies');
    const published = client.notifications.length;
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(DP), version: 3 },
      contentChanges: [{ range: { start: { line, character: col + 6 }, end: { line, character: col + 8 } }, text: 'y' }],
    });
    const typo = { start: { line, character: col }, end: { line, character: col + 'companys'.length } };
    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(DP) }, range: { start: { line, character: col + 3 }, end: { line, character: col + 3 } }, context: { diagnostics: [] } });
    expect(actions.map((a) => [a.title, a.diagnostics?.map((d) => [d.code, d.range])])).toEqual([
      ["Change to 'companies'", [['KL001', typo]]],
      ["Add catalog entry for 'companys' (pandas.CSVDataset) to conf/base/catalog.yml", [['KL001', typo]]],
      ['Suppress KL001 on this line', [['KL001', typo]]],
    ]);
    expect(actions[0]?.edit).toEqual({ changes: { [uri(DP)]: [{ range: typo, newText: 'companies' }] } });
    // The answer waited for that version's pass: its diagnostics were published before it.
    expect(client.notifications.slice(published).some((n) => n.method === 'textDocument/publishDiagnostics')).toBe(true);
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: 4 }, contentChanges: [{ range: typo, text: 'companies' }] });
    // The undo: asked at once again, nothing is left to fix.
    const after = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(DP) }, range: typo, context: { diagnostics: [] } });
    expect(after.filter((a) => a.kind === 'quickfix')).toEqual([]);
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared');
  });

  test('rename a dataset across Python and YAML; refuse a factory-matched one', async () => {
    const prep = await req<{ range: unknown; placeholder: string }>('textDocument/prepareRename', DS, 'model_input_table');
    expect(prep).toEqual({ range: range(DS, 'model_input_table'), placeholder: 'model_input_table' });
    const edit = await req<WorkspaceEdit>('textDocument/rename', DS, 'model_input_table', 1, { newName: 'model_inputs' });
    expect(Object.keys(edit.changes ?? {}).map((u) => path.relative(root, URI.parse(u).fsPath)).sort()).toEqual([CATALOG, DP, DS, RP]);
    expect(edit.changes?.[uri(CATALOG)]).toEqual([{ range: range(CATALOG, 'model_input_table'), newText: 'model_inputs' }]);
    await expect(req('textDocument/prepareRename', RP, 'preprocessed_shuttles')).rejects.toThrow(/factory pattern 'preprocessed_\{name\}'/);
  });

  test('symbols: catalog outline, pipeline module outline, workspace search', async () => {
    const cat = await client.conn.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(CATALOG) } });
    expect(cat.map((s) => [s.name, s.detail])).toEqual([
      ['_raw_csv', 'pandas.CSVDataset'],
      ['companies', 'pandas.CSVDataset'],
      ['reviews', 'pandas.CSVDataset'],
      ['shuttles', 'pandas.CSVDataset'],
      ['preprocessed_{name}', 'pandas.CSVDataset'],
      ['model_input_table', 'pandas.CSVDataset'],
      ['regressor', 'pickle.PickleDataset'],
      ['metrics', 'json.JSONDataset'],
      ['price_by_shuttle_type_plot', 'matplotlib.MatplotlibDataset'],
      ['passenger_capacity_by_type', 'pandas.CSVDataset'],
    ]);
    const mod = await client.conn.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(DS) } });
    expect(mod.map((s) => s.name)).toEqual(['data_science', 'split_data_node', 'train_model_node', 'evaluate_model_node']);
    const ws = await client.conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'splitnode' });
    expect(ws.map((s) => [s.name, s.containerName])).toEqual([['split_data_node', 'node']]);
  });

  test('semantic tokens: datasets by kind (catalog, factory, memory, missing) and parameters', async () => {
    const decode = (data: number[]) => {
      const out: [number, number, number, number, number][] = [];
      let line = 0;
      let ch = 0;
      for (let i = 0; i < data.length; i += 5) {
        const [dl, ds, len, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
        line += dl;
        ch = dl === 0 ? ch + ds : ds;
        out.push([line, ch, len, type, mods]);
      }
      return out;
    };
    const text = fs.readFileSync(path.join(root, RP), 'utf8').replace('"params:plot_options"]', '"params:plot_options", "nowhere"]');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(RP), languageId: 'python', version: 1, text } });
    await client.waitFor(() => client.diagnostics.get(uri(RP))?.diagnostics.some((d) => d.code === 'KL001') || undefined, 10000, 'the edit analysed');
    const res = await client.conn.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: uri(RP) } });
    const tokens = decode(res.data).map(([line, ch, len, type, mods]) => {
      const word = (text.split('\n')[line] as string).slice(ch, ch + len);
      const mod = ['catalog', 'factory', 'memory', 'missing'].filter((_, i) => mods & (1 << i));
      return `${word}:${['kedroDataset', 'kedroParameter'][type]}${mod.length ? `.${mod.join('.')}` : ''}`;
    });
    expect(tokens).toEqual([
      'model_input_table:kedroDataset.catalog',
      'params:plot_options:kedroParameter',
      'nowhere:kedroDataset.missing',
      'price_by_shuttle_type_plot:kedroDataset.catalog',
      'preprocessed_shuttles:kedroDataset.factory',
      'passenger_capacity_by_type:kedroDataset.catalog',
    ]);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(RP) } });
    await client.waitFor(() => (client.diagnostics.get(uri(RP))?.diagnostics.length === 0 ? true : undefined), 10000, 'back to the file on disk');
  });

  test('custom requests: model, datasets by layer, run preview, resolved catalog', async () => {
    const wire = await client.conn.sendRequest<CompactModel>('kedro/projectModel');
    expect(wire.uris.length).toBeGreaterThan(1);
    const model = { projects: decodeModel(wire) };
    expect(model.projects[0]?.pipelines.map((p) => p.name)).toEqual(['data_processing', 'data_science', 'reporting', '__default__']);
    // Decoded, it is exactly what `kedro-lens pipelines` prints for the project.
    const cli = JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'pipelines', root], { encoding: 'utf8' })) as { projects: unknown[] };
    expect(model.projects).toEqual(cli.projects);
    const layers = await client.conn.sendRequest<{ projects: { layers: Record<string, string[]>; memory: string[] }[] }>('kedro/datasetsByLayer');
    expect(layers.projects[0]?.layers['raw']).toEqual(['companies', 'reviews', 'shuttles']);
    expect(layers.projects[0]?.memory).toEqual(['X_test', 'X_train', 'y_test', 'y_train']);
    const rootUri = URI.file(root).toString();
    // Real Kedro refuses this selection: the memory datasets split_data_node writes are not in the catalog. Nothing was
    // built in this copy, so split_data_node's own input is not on disk either: the fix adds its producers, which only
    // __default__ has.
    const dp = ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node'];
    expect(await client.conn.sendRequest('kedro/runPreview', { rootUri, pipeline: 'data_science', fromNodes: ['train_model_node'] })).toEqual({
      nodes: ['train_model_node', 'evaluate_model_node'],
      error: "Pipeline input(s) {'X_test', 'X_train', 'y_test', 'y_train'} not found in the DataCatalogWithCatalogCommandsMixin",
      partial: false,
      missingInputs: ['X_test', 'X_train', 'y_test', 'y_train'],
      fixes: [
        {
          kind: 'smallest',
          filter: { nodeNames: [...dp, 'split_data_node', 'train_model_node', 'evaluate_model_node'] },
          nodes: [...dp, 'split_data_node', 'train_model_node', 'evaluate_model_node'],
        },
      ],
    });
    // Real Kedro 1.5 on a fresh project: exit 1, DatasetError loading model_input_table, no node ran.
    const fresh = await client.conn.sendRequest<{ absentInputs?: string[]; fixes?: { nodes: string[] }[] }>('kedro/runPreview', { rootUri, pipelines: ['data_science'], fromNodes: ['split_data_node'] });
    expect([fresh.absentInputs, fresh.fixes?.[0]?.nodes]).toEqual([['model_input_table'], [...dp, 'split_data_node', 'train_model_node', 'evaluate_model_node']]);
    // --only-missing-outputs looks at the data folders on disk: nothing was built in this copy.
    const om = await client.conn.sendRequest<{ onlyMissingOutputs: { run: string[]; skip: string[] } }>('kedro/runPreview', { rootUri, onlyMissingOutputs: true });
    expect([om.onlyMissingOutputs.run.length, om.onlyMissingOutputs.skip]).toEqual([8, []]);
    expect(await client.conn.sendRequest('kedro/runPreview', { rootUri, toOutputs: ['model_input_table'] })).toEqual({
      nodes: ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node'],
      partial: false,
    });
    expect(await client.conn.sendRequest('kedro/runPreview', { rootUri, nodeNames: ['nope'] })).toEqual({ nodes: [], error: "Pipeline does not contain nodes named ['nope'].", partial: false });
    const resolved = await client.conn.sendRequest<{ text: string }>('kedro/resolvedConfig', { rootUri, what: 'catalog' });
    expect(resolved.text).toContain('companies:  # conf/base/catalog.yml (base)\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n  metadata:\n    kedro-viz:\n      layer: raw\n');
    expect(resolved.text).toContain('preprocessed_shuttles:  # factory "preprocessed_{name}" in conf/base/catalog.yml (base)\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/preprocessed_shuttles.csv');
    expect(resolved.text).toContain('# MemoryDataset (not persisted): X_test, X_train, y_test, y_train');
    const params = await client.conn.sendRequest<{ text: string }>('kedro/resolvedConfig', { rootUri, what: 'parameters' });
    expect(params.text).toContain('model_options:  # conf/base/parameters_data_science.yml (base)\n  features: [engines, passenger_capacity, crew');
  });
});

describe('monorepo: two projects in one workspace', () => {
  test('each project has its own model and navigation', async () => {
    const a = copyProject(EXAMPLE);
    const b = copyProject(path.resolve('test/fixtures/projects/modular'));
    const client = await startOn([a, b]);
    try {
      await client.waitFor(() => client.notifications.filter((n) => n.method === 'kedro/projectChanged').length >= 1 ? true : undefined);
      const res = await client.conn.sendRequest<{ projects: { rootUri: string; packageName: string; nodeCount: number }[] }>('kedro/projects');
      expect(res.projects.map((p) => [p.packageName, p.nodeCount]).sort()).toEqual([
        ['modular_demo', 5],
        ['spaceflights', 8],
      ]);
      const file = path.join(b, 'src/modular_demo/pipelines/train/pipeline.py');
      const text = fs.readFileSync(file, 'utf8');
      const offset = text.indexOf('all_orders@polars') + 2;
      const lines = text.slice(0, offset).split('\n');
      const defs = await client.conn.sendRequest<Location[]>('textDocument/definition', {
        textDocument: { uri: URI.file(file).toString() },
        position: { line: lines.length - 1, character: (lines[lines.length - 1] as string).length },
      });
      expect(defs.map((d) => path.relative(b, URI.parse(d.uri).fsPath))).toEqual(['conf/base/catalog.yml']);
      expect(client.diagnostics.get(URI.file(path.join(b, 'conf/base/catalog.yml')).toString())?.diagnostics.map((d) => d.code)).toEqual(['KL110']);
      // "Name this node" on the unnamed `combine` node, inserted before the closing parenthesis.
      const fileUri = URI.file(file).toString();
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
      const line = text.split('\n').findIndex((l) => l.includes('Node(combine'));
      const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: fileUri }, range: { start: { line, character: 12 }, end: { line, character: 12 } }, context: { diagnostics: [] } });
      const lineText = text.split('\n')[line] as string;
      expect(actions.map((a) => [a.title, a.kind, a.edit?.changes?.[fileUri]])).toEqual([
        ["Name this node 'combine_node'", 'refactor.rewrite', [{ range: { start: { line, character: lineText.length - 2 }, end: { line, character: lineText.length - 2 } }, newText: ', name="combine_node"' }]],
      ]);
    } finally {
      await client.stop();
    }
  });
});

describe('template pipelines over LSP (modular fixture: one template per region)', () => {
  test('hover, definition and references reach every instance; strings of the wrapper and namespace values navigate', async () => {
    const b = copyProject(path.resolve('test/fixtures/projects/modular'));
    const client = await startOn([b]);
    const ING = 'src/modular_demo/pipelines/ingest/pipeline.py';
    const TRAIN = 'src/modular_demo/pipelines/train/pipeline.py';
    const u = (rel: string): string => URI.file(path.join(b, rel)).toString();
    const pos = (rel: string, needle: string, shift = 1) => {
      const text = fs.readFileSync(path.join(b, rel), 'utf8');
      const i = text.indexOf(needle);
      if (i < 0) throw new Error(`${needle} not in ${rel}`);
      const before = text.slice(0, i + shift).split('\n');
      return { line: before.length - 1, character: (before[before.length - 1] as string).length };
    };
    const ask = <T>(method: string, rel: string, needle: string, extra: Record<string, unknown> = {}) =>
      client.conn.sendRequest<T>(method, { textDocument: { uri: u(ING) }, position: pos(rel, needle, 2), ...extra });
    const where = (locs: Location[]) => locs.map((l) => `${path.relative(b, URI.parse(l.uri).fsPath)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`);
    try {
      // The template's output: one string, two datasets (eu.clean_orders, us.clean_orders), one factory pattern.
      const hover = await ask<Hover>('textDocument/hover', ING, '"clean_orders"');
      const md = (hover.contents as { value: string }).value;
      expect(md.split('\n')[0]).toBe('**`clean_orders`** in a reused pipeline — used as `eu.clean_orders` (eu) and `us.clean_orders` (us)');
      expect(md).toContain('**`eu.clean_orders`** — `pandas.ParquetDataset`\n\nfilepath: `data/02_intermediate/eu_orders.parquet`');
      expect(md).toContain('**`us.clean_orders`** — `pandas.ParquetDataset`\n\nfilepath: `data/02_intermediate/us_orders.parquet`');
      expect(where(await ask<Location[]>('textDocument/definition', ING, '"clean_orders"'))).toEqual(['conf/base/catalog.yml:11:0-23']);
      // Both readers in the train pipeline, and the template's own output.
      expect(where(await ask<Location[]>('textDocument/references', ING, '"clean_orders"', { context: { includeDeclaration: false } })).sort()).toEqual(
        [`${ING}:9:71-83`, `${TRAIN}:9:34-49`, `${TRAIN}:9:59-74`].sort(),
      );
      // One parameter string, read as params:eu.threshold and params:us.threshold: F12 offers both YAML keys.
      expect(where(await ask<Location[]>('textDocument/definition', ING, '"params:threshold"'))).toEqual(['conf/base/parameters.yml:1:2-11', 'conf/base/parameters.yml:3:2-11']);
      // `inputs={"raw_orders"}`: keeps its name in every instance; F12 → its catalog entry.
      const listed = await ask<Hover>('textDocument/hover', ING, '{"raw_orders"}');
      expect((listed.contents as { value: string }).value.split('\n').slice(0, 3)).toEqual([
        '**`raw_orders`** — listed in `inputs=`: keeps this name (no namespace prefix)',
        '',
        'used as `raw_orders` (eu, us)',
      ]);
      expect(where(await client.conn.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: u(ING) }, position: pos(ING, '{"raw_orders"}', 3) }))).toEqual([
        'conf/base/catalog.yml:3:0-10',
      ]);
      // The namespace comes from REGIONS: its strings name the namespaces; F12 → the parameters under them.
      const ns = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: u(ING) }, position: pos(ING, '"eu"', 1) });
      expect((ns.contents as { value: string }).value.split('\n')[0]).toBe('**namespace `eu`**');
      expect(where(await client.conn.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: u(ING) }, position: pos(ING, '"us"', 1) }))).toEqual(['conf/base/parameters.yml:2:0-2']);
      // Completion in the wrapper's inputs: the template's free inputs (not its parameters, not its outputs).
      const text = fs.readFileSync(path.join(b, ING), 'utf8');
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u(ING), languageId: 'python', version: 1, text } });
      const items = await client.conn.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u(ING) }, position: pos(ING, '{"raw_orders"}', 2) });
      expect(items.map((i) => [i.label, i.detail])).toEqual([['raw_orders', 'free input of the wrapped pipeline']]);
    } finally {
      await client.stop();
    }
  });
});
