import { describe, expect, test } from 'vitest';
import { defaultNodeName, pyRepr } from '../../../server/src/project/pipelines/nodeName';

describe('Kedro 1.x default node names', () => {
  test('match the names Kedro computes for the spaceflights-pandas reporting nodes', () => {
    const mod = 'spaceflights_pandas.pipelines.reporting.nodes';
    expect(defaultNodeName(mod, 'compare_passenger_capacity_exp', ['preprocessed_shuttles'], ['shuttle_passenger_capacity_plot_exp'])).toBe('compare_passenger_capacity_exp__8f718582');
    expect(defaultNodeName(mod, 'compare_passenger_capacity_go', ['preprocessed_shuttles'], ['shuttle_passenger_capacity_plot_go'])).toBe('compare_passenger_capacity_go__54607f37');
    expect(defaultNodeName(mod, 'create_confusion_matrix', ['companies'], ['dummy_confusion_matrix'])).toBe('create_confusion_matrix__e13870c6');
    expect(defaultNodeName('my_pkg.nodes', 'clean', ['raw', 'params:opts'], ['clean'])).toBe('clean__80741fdd');
  });

  test('Python repr quoting', () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('say "hi" it\'s')).toBe("'say \"hi\" it\\'s'");
    expect(pyRepr('a\nb\\')).toBe("'a\\nb\\\\'");
  });
});
