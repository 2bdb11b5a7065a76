import { describe, expect, test } from 'vitest';
import { KedroWorkspace, type WorkspaceAnalysis } from '../../../server/src/analysis/workspace';
import type { FactStore } from '../../../server/src/core/types';
import { MemoryHost } from '../../helpers/memoryHost';
import { render, ROOT, withProjectScaffold } from '../../helpers/analyze';
import { testParser } from '../../helpers/parser';

// Jinja2 conf templates (TemplatedConfigLoader, Kedro up to 0.18) are kept from pass to pass by their text version
// like every other conf file: no hash or store lookup of their text, and the same file object for the model.

const TEMPLATE = "{% for n in ['x', 'y'] %}\nns.{{ n }}:\n  type: pickle.PickleDataSet\n  filepath: data/{{ n }}.pkl\n{% endfor %}\n";
const FILES = {
  'requirements.txt': 'kedro~=0.18.2\n',
  'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(len, "ns.x", "out", name="n"), node(len, "raw", "out2", name="m")])\n',
  'conf/base/catalog.yml': 'raw:\n  type: pickle.PickleDataSet\n  filepath: data/raw.pkl\n',
  'conf/base/catalog_templates.yml': TEMPLATE,
};
const KL909 = 'conf/base/catalog_templates.yml:1:1 KL909 This catalog file is a Jinja2 template (TemplatedConfigLoader renders it before reading the YAML); it is not analysed, and checks of what it defines are skipped.';

/** A store that holds nothing and counts the texts it is asked to key (each a hash and a lookup). */
class CountingStore implements FactStore {
  readonly keyed: string[] = [];
  key(kind: string, text: string): string {
    this.keyed.push(text);
    return `${kind}:${text.length}`;
  }
  async get(): Promise<unknown> {
    return undefined;
  }
  put(): void {}
}

const templateFile = (r: WorkspaceAnalysis) => r.projects[0]?.model.confFiles.find((f) => f.ref.uri.endsWith('/catalog_templates.yml'));

describe('Jinja2 conf templates across passes', () => {
  test('a catalog edit neither hashes nor looks the template up again; its file object and KL909 stay', async () => {
    const host = new MemoryHost(ROOT, withProjectScaffold(FILES));
    const store = new CountingStore();
    const ws = new KedroWorkspace(host, await testParser(), undefined, { verifyReuse: process.env['KEDRO_LENS_VERIFY_REUSE'] === '1', factStore: store });
    await ws.discover([ROOT]);
    const first = (await ws.analyze()) as WorkspaceAnalysis;
    expect(render(first, 'KL909')).toEqual([KL909]);
    expect(store.keyed.filter((t) => t === TEMPLATE)).toHaveLength(1);
    const kept = templateFile(first);
    expect(kept?.catalog).toEqual([]);

    host.set('conf/base/catalog.yml', 'raw:\n  type: pickle.PickleDataSet\n  filepath: data/raw_v2.pkl\n');
    const second = (await ws.analyze()) as WorkspaceAnalysis;
    expect(store.keyed.filter((t) => t === TEMPLATE)).toHaveLength(1);
    expect(templateFile(second)).toBe(kept);
    expect(render(second, 'KL909')).toEqual([KL909]);
    expect(render(second)).toEqual(render(first));
  });

  test('the template edited into plain YAML is read as YAML; a Kedro release that renders no Jinja reads the kept template as YAML', async () => {
    const host = new MemoryHost(ROOT, withProjectScaffold(FILES));
    const ws = new KedroWorkspace(host, await testParser(), undefined, { verifyReuse: process.env['KEDRO_LENS_VERIFY_REUSE'] === '1' });
    await ws.discover([ROOT]);
    expect(render((await ws.analyze()) as WorkspaceAnalysis, 'KL909')).toEqual([KL909]);
    host.set('conf/base/catalog_templates.yml', 'ns.x:\n  type: pickle.PickleDataSet\n  filepath: data/x.pkl\n');
    const plain = (await ws.analyze()) as WorkspaceAnalysis;
    expect(render(plain, 'KL909')).toEqual([]);
    expect(templateFile(plain)?.catalog.map((e) => e.name)).toEqual(['ns.x']);

    // Back to the template (a new version: decided again), then Kedro 0.19, which reads it as (broken) YAML.
    host.set('conf/base/catalog_templates.yml', TEMPLATE);
    expect(render((await ws.analyze()) as WorkspaceAnalysis, 'KL909')).toEqual([KL909]);
    host.set('requirements.txt', 'kedro~=0.19.2\n');
    host.set('pyproject.toml', withProjectScaffold({ 'requirements.txt': 'kedro~=0.19.2\n' })['pyproject.toml'] as string);
    ws.invalidateLayouts();
    const next = (await ws.analyze()) as WorkspaceAnalysis;
    expect(render(next, 'KL909')).toEqual([]);
    expect(render(next, 'KL900').some((l) => l.startsWith('conf/base/catalog_templates.yml:'))).toBe(true);
  });
});
