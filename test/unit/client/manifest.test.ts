// package.json references commands by id in menus, welcome views and the walkthrough: a typo there fails silently in
// VS Code (a dead button), so every reference is checked against contributes.commands and the command table.
import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Cmd } from '../../../common/commands';

interface Manifest {
  engines: { vscode: string };
  contributes: {
    commands: { command: string; category?: string; enablement?: string }[];
    menus: Record<string, { command: string }[]>;
    viewsWelcome: { contents: string }[];
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const commandLinks = (text: string): string[] => [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] as string);

describe('package.json command references', () => {
  test('the command table and contributes.commands list the same ids, all in the Kedro category', () => {
    expect([...contributed].sort()).toEqual(Object.values(Cmd).sort());
    expect(manifest.contributes.commands.filter((c) => c.category !== 'Kedro')).toEqual([]);
    expect(manifest.engines.vscode).toBe('^1.100.0');
  });

  test('every menu entry and welcome-view link names a contributed command', () => {
    const inMenus = Object.values(manifest.contributes.menus).flatMap((entries) => entries.map((e) => e.command));
    const inWelcome = manifest.contributes.viewsWelcome.flatMap((v) => commandLinks(v.contents));
    expect([...inMenus, ...inWelcome].filter((c) => !contributed.has(c))).toEqual([]);
  });

  test('commands that run Kedro or plugins are disabled in untrusted workspaces', () => {
    const running = [Cmd.createProject, Cmd.createPipeline, Cmd.runTests, Cmd.packageProject, Cmd.deploy, Cmd.runDefault];
    for (const id of running) expect(manifest.contributes.commands.find((c) => c.command === id)?.enablement, id).toMatch(/isWorkspaceTrusted/);
  });
});

describe('the walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  const steps = walkthrough?.steps ?? [];

  test('covers the lifecycle in order', () => {
    expect(walkthrough?.id).toBe('kedro.getStarted');
    expect(steps.map((s) => s.id)).toEqual(['setup', 'data', 'pipeline', 'run', 'observe', 'package', 'serve']);
  });

  test.each(steps.map((s) => [s.id, s] as const))('%s: its buttons, completion events and media exist', (_id, step) => {
    const links = commandLinks(step.description);
    expect(links.length).toBeGreaterThan(0);
    const events = step.completionEvents ?? [];
    expect(events.length).toBeGreaterThan(0);
    const onCommand = events.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    expect([...links, ...onCommand].filter((c) => !contributed.has(c))).toEqual([]);
    const md = step.media.markdown;
    expect(md && fs.existsSync(md)).toBeTruthy();
    expect(commandLinks(fs.readFileSync(md as string, 'utf8')).filter((c) => !contributed.has(c))).toEqual([]);
  });

  test('"Set up a project" is done when a Kedro project is open, checked when the walkthrough is shown', () => {
    // VS Code tests an onContext event once when it registers the step (a match then is recorded, not ticked) and
    // again on each change of its keys: with activeEditor in the expression, showing the walkthrough is such a change.
    const setup = steps.find((s) => s.id === 'setup');
    expect(setup?.completionEvents).toContain('onContext:kedro.hasProject && activeEditor == gettingStartedPage');
  });

  test('the run step offers ThreadRunner and ParallelRunner through Run with Options', () => {
    const run = steps.find((s) => s.id === 'run');
    expect(commandLinks(run?.description ?? '')).toContain(Cmd.runWithOptions);
    expect(fs.readFileSync('media/walkthrough/run.md', 'utf8')).toMatch(/ThreadRunner[\s\S]*ParallelRunner/);
  });
});
