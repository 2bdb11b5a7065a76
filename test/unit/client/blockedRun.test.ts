import { describe, expect, test } from 'vitest';
import { blockedRun, DONT_RUN, RUN_ANYWAY } from '../../../client/src/run/blockedRun';

const CMD = 'kedro run --nodes=summarize_since_node';
const ERROR = (names: string): string => `Pipeline input(s) {${names}} not found in the DataCatalogWithCatalogCommandsMixin`;

describe('the modal before a selection Kedro would refuse', () => {
  // The user trial: prod_only_table is defined in conf/prod only, base + local is selected, and no node writes it. The
  // modal called it "a memory dataset that only nodes outside the selection write", and Enter ran it anyway.
  test('a dataset only another environment defines: says where, offers that environment first', () => {
    const d = blockedRun(CMD, {
      nodes: ['summarize_since_node'],
      error: ERROR("'prod_only_table'"),
      partial: false,
      missingInputs: ['prod_only_table'],
      unwrittenInputs: [{ dataset: 'prod_only_table', otherEnvs: [{ env: 'prod', dir: 'conf/prod' }] }],
      envChain: ['base', 'local'],
    }, []);
    expect(d).toEqual({
      message: `${CMD} would stop before running any node: ${ERROR("'prod_only_table'")}. prod_only_table is defined in conf/prod only (the current environment is base + local) and no node writes it.`,
      detail: 'Kedro reads it from conf/prod with --env=prod.\nNo selection of nodes helps: no node writes prod_only_table.',
      buttons: ['Run with --env=prod', RUN_ANYWAY],
      env: { env: 'prod', button: 'Run with --env=prod' },
    });
  });

  test('a dataset no catalog defines: no environment, and the default button does not run', () => {
    const d = blockedRun(CMD, {
      nodes: ['summarize_since_node'],
      error: ERROR("'a', 'b'"),
      partial: false,
      missingInputs: ['a', 'b'],
      unwrittenInputs: [{ dataset: 'a', otherEnvs: [] }, { dataset: 'b', otherEnvs: [] }],
      envChain: ['base', 'local'],
    }, []);
    expect(d).toEqual({
      message: `${CMD} would stop before running any node: ${ERROR("'a', 'b'")}. a, b are in no catalog of the current environment (base + local) and no node writes them.`,
      detail: 'No selection of nodes helps: no node writes a, b.',
      buttons: [DONT_RUN, RUN_ANYWAY],
    });
  });

  test('a memory dataset only unselected nodes write: the working selection is the default', () => {
    const d = blockedRun('kedro run --nodes=train_model_node', {
      nodes: ['train_model_node'],
      error: ERROR("'X_train'"),
      partial: false,
      missingInputs: ['X_train'],
    }, [{ title: 'Run with upstream (2 nodes)', nodes: ['split_data_node', 'train_model_node'] }]);
    expect(d).toEqual({
      message: `kedro run --nodes=train_model_node would stop before running any node: ${ERROR("'X_train'")}. X_train is a memory dataset that only nodes outside the selection write.`,
      detail: 'Run with upstream (2 nodes): split_data_node, train_model_node',
      buttons: ['Run with upstream (2 nodes)', RUN_ANYWAY],
    });
  });

  test('both kinds at once: each is told; the other environment alone would not make the run work, so it is not offered', () => {
    const d = blockedRun(CMD, {
      nodes: ['x', 'y'],
      error: ERROR("'mem', 'prod_only_table'"),
      partial: false,
      missingInputs: ['mem', 'prod_only_table'],
      unwrittenInputs: [{ dataset: 'prod_only_table', otherEnvs: [{ env: 'prod', dir: 'conf/prod' }] }],
      envChain: [''],
    }, []);
    expect(d).toEqual({
      message: `${CMD} would stop before running any node: ${ERROR("'mem', 'prod_only_table'")}. prod_only_table is defined in conf/prod only (the current environment is the conf folder itself) and no node writes it. mem is a memory dataset that only nodes outside the selection write.`,
      detail: 'No selection of nodes helps: no node writes prod_only_table.',
      buttons: [DONT_RUN, RUN_ANYWAY],
    });
  });
});
