// Every empty view and panel says what will appear and how to get it (a newcomer met a blank hooks log and profiler).
import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Cmd } from '../../../common/commands';
import { HOOKS_LOG_INTRO, NO_RUN_PROFILE, RUN_DEFAULT_ACTION } from '../../../client/src/emptyStates';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
}
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as Manifest;
const welcome = (view: string): [string | undefined, string][] => manifest.contributes.viewsWelcome.filter((w) => w.view === view).map((w) => [w.when, w.contents]);
const title = (id: string): string | undefined => manifest.contributes.commands.find((c) => c.command === id)?.title;

describe('empty states', () => {
  test('every Kedro tree view has a welcome text, for a workspace with and without a project where they differ', () => {
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    expect(views).toEqual(['kedro.pipelines', 'kedro.datasets', 'kedro.lineage', 'kedro.hooks', 'kedro.runs']);
    expect(views.filter((v) => !welcome(v).length)).toEqual([]);
    expect(welcome('kedro.datasets')).toEqual([
      ['kedro.hasProject == false', "No Kedro project in this workspace: its catalog's datasets appear here, by layer, once one is open."],
      ['kedro.hasProject', 'No datasets yet — add entries to conf/base/catalog.yml, or give a node() inputs and outputs; they appear here by layer.'],
    ]);
    expect(welcome('kedro.hooks')).toEqual([
      ['kedro.hasProject == false', 'No Kedro project in this workspace: the hooks registered in its settings.py and the hook plugins its runs load appear here once one is open.'],
      ['kedro.hasProject != false', 'Analysing the Kedro project…'],
    ]);
    expect(welcome('kedro.runs')).toEqual([
      [undefined, 'No runs yet — run a pipeline with ▶ in the Pipelines view; each run started from Kedro Lens is recorded here: timings per node, dataset I/O, errors.\n[Run Default Pipeline](command:kedro.runDefault)'],
    ]);
  });

  test('the hooks log and the profiler without a run name what to do, by the titles the user sees', () => {
    expect(HOOKS_LOG_INTRO).toBe('No runs yet — run a pipeline with ▶ in the Pipelines view (or Kedro: Run Default Pipeline); each hook event of a run started from Kedro Lens appears here.');
    expect(HOOKS_LOG_INTRO).toContain(`Kedro: ${title(Cmd.runDefault)}`);
    expect(NO_RUN_PROFILE).toBe('No runs yet — run a pipeline with ▶ in the Pipelines view; its timeline and node timings open here.');
    expect(RUN_DEFAULT_ACTION).toBe(title(Cmd.runDefault));
    // The ▶ the texts point at: the Pipelines view's inline run button on a pipeline row.
    const inline = manifest.contributes.menus['view/item/context']?.find((m) => m.when === 'viewItem == kedro.pipeline' && m.group === 'inline');
    expect([inline?.command, manifest.contributes.commands.find((c) => c.command === inline?.command)?.icon]).toEqual([Cmd.runPipeline, '$(play)']);
  });
});
