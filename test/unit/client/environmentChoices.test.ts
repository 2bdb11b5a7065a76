import { describe, expect, test } from 'vitest';
import { environmentChoices, statusEnvironments } from '../../../client/src/statusText';

describe('the environment picker', () => {
  test("Kedro's template: the run environments, then base alone; current is what the status bar shows", () => {
    expect(environmentChoices([{ envChain: ['base', 'local'], envs: ['base', 'local', 'prod'], defaultRunEnv: 'local' }])).toEqual([
      { env: 'local', description: "current · the project's default_run_env" },
      { env: 'prod' },
      { env: 'base', description: 'alone, no run environment' },
    ]);
  });

  test("default_run_env '': the conf folder itself is the project's own and current; base alone and prod can be picked, and it back", () => {
    const own = { env: '', label: 'the conf folder itself' };
    expect(environmentChoices([{ envChain: ['base', ''], envs: ['base', 'prod'], defaultRunEnv: '' }])).toEqual([
      { ...own, description: "current · the project's default_run_env · every environment folder over base" },
      { env: 'prod' },
      { env: 'base', description: 'alone, no run environment' },
    ]);
    expect(environmentChoices([{ envChain: ['base', 'prod'], envs: ['base', 'prod'], defaultRunEnv: '' }])).toEqual([
      { ...own, description: "the project's default_run_env · every environment folder over base" },
      { env: 'prod', description: 'current' },
      { env: 'base', description: 'alone, no run environment' },
    ]);
    expect(environmentChoices([{ envChain: ['base'], envs: ['base', 'prod'], defaultRunEnv: '' }])[2]).toEqual({ env: 'base', description: 'current · alone, no run environment' });
  });

  test('a base environment named otherwise is the one left out of the run environments', () => {
    expect(environmentChoices([{ envChain: ['common', 'dev'], envs: ['base', 'common', 'dev'] }])).toEqual([
      { env: 'base' },
      { env: 'dev', description: 'current' },
      { env: 'common', description: 'alone, no run environment' },
    ]);
  });
});

describe('the status bar with several projects', () => {
  test('one environment once; different ones each, with every chain for the tooltip', () => {
    expect(statusEnvironments([{ envChain: ['base', 'local'] }, { envChain: ['base', 'local'] }])).toEqual({ text: 'local', chains: ['base + local', 'base + local'] });
    expect(statusEnvironments([{ envChain: ['base'] }, { envChain: ['base', 'local'] }])).toEqual({ text: 'base, local', chains: ['base', 'base + local'] });
    expect(statusEnvironments([])).toEqual({ text: 'base', chains: [] });
  });
});

describe('the environment picker with several projects', () => {
  test('the conf folders of every project in order; each project\'s environment is current', () => {
    expect(
      environmentChoices([
        { envChain: ['base', ''], envs: ['base', 'prod'], defaultRunEnv: '' },
        { envChain: ['base', 'local'], envs: ['base', 'local', 'prod'], defaultRunEnv: 'local' },
      ]),
    ).toEqual([
      { env: '', label: 'the conf folder itself', description: "current · the project's default_run_env · every environment folder over base" },
      { env: 'local', description: 'current' },
      { env: 'prod' },
      { env: 'base', description: 'alone, no run environment' },
    ]);
  });
});

describe("the status bar tooltip's counts", () => {
  test('say when no pipeline could be analysed ("0 nodes" read as an empty project), and when some are partial', async () => {
    const { projectCounts } = await import('../../../client/src/statusText');
    expect(projectCounts({ nodeCount: 0, pipelineCount: 0, pipelinesPartial: true, catalogCount: 20, parameterCount: 175 })).toBe('no pipeline could be analysed, 0 nodes, 20 catalog entries, 175 parameters');
    expect(projectCounts({ nodeCount: 8, pipelineCount: 3, catalogCount: 1, parameterCount: 1 })).toBe('3 pipelines, 8 nodes, 1 catalog entry, 1 parameter');
    expect(projectCounts({ nodeCount: 8, pipelineCount: 1, pipelinesPartial: true, catalogCount: 2, parameterCount: 0 })).toBe('1 pipeline (partly analysed), 8 nodes, 2 catalog entries, 0 parameters');
    // An older server sends no pipeline count.
    expect(projectCounts({ nodeCount: 8, catalogCount: 2, parameterCount: 3 })).toBe('8 nodes, 2 catalog entries, 3 parameters');
  });
});
