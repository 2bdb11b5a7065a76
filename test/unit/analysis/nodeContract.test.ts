import { describe, expect, test } from 'vitest';
import { nodeRule, type Rule } from '../../../server/src/analysis/rule';
import { RULES } from '../../../server/src/analysis/registry';
import { ReuseMismatch, stillValid } from '../../../server/src/analysis/runRules';
import { loadedConfFiles, type ProjectModel } from '../../../server/src/project/model';
import { KedroWorkspace, type WorkspaceOptions } from '../../../server/src/analysis/workspace';
import { ROOT, withProjectScaffold } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';
import { testParser } from '../../helpers/parser';

const docs = { why: '', bad: { lang: 'python', file: 'x.py', code: '' }, good: { lang: 'python', file: 'x.py', code: '' } } as const;

// The per-node contract is a type: each read below is one a node check's findings could go stale on, so it must not
// compile (`npm run typecheck` fails on an unused @ts-expect-error, i.e. when the view lets the read through).
export const untrackedReads = nodeRule({
  code: 'KLX01',
  name: 'reads-untracked-fields',
  defaultSeverity: 'error',
  summary: '',
  docs,
  check(model, node, report) {
    // @ts-expect-error every dataset use of the project: not recorded
    void model.uses;
    // @ts-expect-error the conf files: not recorded
    void model.confFiles;
    // @ts-expect-error the registry: not recorded
    void model.registry;
    // @ts-expect-error the layout: not recorded
    void model.layout;
    // @ts-expect-error an unrecorded lookup
    void model.catalog.peek('x');
    // @ts-expect-error a helper that reads the whole model
    void loadedConfFiles(model, 'catalog');
    // @ts-expect-error module facts by URI: not recorded
    void model.python.moduleAt(node.uri);
    report(node.callLoc, 'ok');
  },
});

const PIPELINE = `from kedro.pipeline import Pipeline, node

def create_pipeline(**kwargs):
    return Pipeline([node(len, "raw", "out", name="count")])
`;
const CATALOG = 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n';

async function session(options: WorkspaceOptions, root = ROOT) {
  const host = new MemoryHost(root, withProjectScaffold({ 'src/demo/pipelines/a/pipeline.py': PIPELINE, 'conf/base/catalog.yml': CATALOG, 'data/01_raw/raw.csv': 'a\n' }));
  const ws = new KedroWorkspace(host, await testParser(), undefined, options);
  await ws.discover([root]);
  const messages = async (): Promise<string[]> => ((await ws.analyze())?.projects[0]?.problems ?? []).filter((p) => p.code !== 'KL110').map((p) => `${p.code} ${p.message}`);
  return { host, ws, messages };
}

describe('the node check contract, verified', () => {
  test('a node rule that reads past the view (a cast) is caught after an edit of what it read', async () => {
    const sneaky: Rule = nodeRule({
      code: 'KLX02',
      name: 'counts-conf-files',
      defaultSeverity: 'warning',
      summary: '',
      docs,
      check(model, node, report) {
        report(node.callLoc, `${(model as ProjectModel).confFiles.length} conf files`);
      },
    });
    const { host, messages, ws } = await session({ rules: [sneaky], verifyReuse: true });
    expect(await messages()).toEqual(['KLX02 1 conf files']);
    host.set('conf/base/parameters.yml', 'rate: 0.1\n');
    ws.invalidateLayouts();
    const err = await messages().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReuseMismatch);
    expect(err).toMatchObject({ rule: 'KLX02', reused: [expect.stringContaining('1 conf files')], fresh: [expect.stringContaining('2 conf files')] });
    expect((err as ReuseMismatch).node).toMatch(/^count \(file:\/\/\/proj\/src\/demo\/pipelines\/a\/pipeline.py:4\)$/);
  });

  test('a validity check that ignores recorded reads (a mutant) is caught; the real one reuses and stays right', async () => {
    // The mutant compares only the environment, as if catalog lookups were not recorded.
    const mutant: WorkspaceOptions['stillValid'] = (model, earlier) => earlier.envChain === model.envChain.join('+');
    for (const [validity, expectMismatch] of [[mutant, true], [stillValid, false]] as const) {
      const { host, messages } = await session({ rules: RULES, verifyReuse: true, stillValid: validity });
      expect(await messages()).toEqual([]);
      // `raw` leaves the catalog: the node (same object, its module unchanged) now reads a missing dataset.
      host.set('conf/base/catalog.yml', 'other:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n');
      const outcome = await messages().catch((e: unknown) => e);
      if (expectMismatch) {
        expect(outcome).toBeInstanceOf(ReuseMismatch);
        expect(outcome).toMatchObject({ rule: 'KL001', changes: expect.stringContaining('catalog entries') });
        expect((outcome as Error).message).toContain("Dataset 'raw' is not in the catalog");
      } else {
        expect(outcome).toEqual(["KL001 Dataset 'raw' is not in the catalog and no node produces it."]);
      }
    }
  });
});
