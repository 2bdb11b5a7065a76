import { describe, expect, test } from 'vitest';
import { commandLine, kedroRunArgs } from '../../../client/src/run/kedroCommand';
import { describeParam, numericParamValue, planParam, planParams, yamlParamValue } from '../../../client/src/run/params';

// Expected values were produced by PyYAML 6.0.3 with OmegaConf 2.3's loader (SafeLoader, its extra float resolver,
// timestamps removed): the `yaml.load` that `OmegaConf.from_dotlist` runs on each `--params` value in Kedro 0.19+.
describe('--params values as Kedro reads them (OmegaConf dotlist: YAML 1.1)', () => {
  test.each([
    ["#ff0000", "None"],
    ["\"#ff0000\"", "str '#ff0000'"],
    ["a: b", "dict {'a': 'b'}"],
    ["[x]", "list ['x']"],
    ["true", "bool True"],
    ["yes", "bool True"],
    ["y", "str 'y'"],
    ["off", "bool False"],
    ["null", "None"],
    ["~", "None"],
    ["", "None"],
    ["3", "int 3"],
    ["0.3", "float 0.3"],
    ["1e3", "float 1000.0"],
    ["1_000", "int 1000"],
    ["0x1F", "int 31"],
    ["017", "int 15"],
    ["0b101", "int 5"],
    ["1:30", "int 90"],
    [".inf", "float inf"],
    ["-.inf", "float -inf"],
    [".nan", "float nan"],
    ["2026-01-01", "str '2026-01-01'"],
    ["x #c", "str 'x'"],
    ["x#c", "str 'x#c'"],
    ["a:b", "str 'a:b'"],
    ["{a: 1, b: [2, c]}", "dict {'a': 1, 'b': [2, 'c']}"],
    ["'q'", "str 'q'"],
    ["foo: bar: baz", "ERROR"],
    ["[a", "ERROR"],
    ["=", "ERROR"],
    ["12:30:00", "int 45000"],
    ["+5", "int 5"],
    ["-0", "int 0"],
    ["5.", "float 5.0"],
    [".5", "float 0.5"],
    ["1.5e-3", "float 0.0015"],
    ["1.5e3", "float 1500.0"],
    ["abc", "str 'abc'"],
    ["True", "bool True"],
    ["NULL", "None"],
    ["a: {b: 1}", "dict {'a': {'b': 1}}"],
    ["- x", "list ['x']"],  ])('%s → %s', (text, expected) => {
    const r = yamlParamValue(text);
    expect('error' in r ? 'ERROR' : describeParam(r.value)).toBe(expected);
  });
});

describe('what the run command sends so the value arrives as typed', () => {
  test('a string parameter whose value YAML would turn into something else is double-quoted', () => {
    expect(planParam('#ff0000', 'str', '=')).toEqual({ arg: '"#ff0000"', value: '#ff0000', quoted: 'the parameter is a string and YAML would read None' });
    expect(planParam('yes', 'str', '=')).toEqual({ arg: '"yes"', value: 'yes', quoted: "the parameter is a string and YAML would read bool True" });
    expect(planParam('a: b', 'str', '=')).toEqual({ arg: '"a: b"', value: 'a: b', quoted: "the parameter is a string and YAML would read dict {'a': 'b'}" });
    expect(planParam('[x]', 'str', '=')).toEqual({ arg: '"[x]"', value: '[x]', quoted: "the parameter is a string and YAML would read list ['x']" });
    expect(planParam('say "hi"', 'str', '=')).toEqual({ arg: 'say "hi"', value: 'say "hi"' });
  });

  test('text YAML would cut (a comment) is quoted whatever the parameter', () => {
    expect(planParam('blue #not a comment', undefined, '=')).toEqual({ arg: '"blue #not a comment"', value: 'blue #not a comment', quoted: "YAML would read str 'blue'" });
  });

  test('values whose YAML type is meant, and values the user quoted, are sent as typed', () => {
    expect(planParam('0.3', 'float', '=')).toMatchObject({ arg: '0.3' });
    const plan = planParam('0.3', 'float', '=');
    expect('value' in plan && describeParam(plan.value)).toBe('float 0.3');
    expect(planParam('true', 'bool', '=')).toEqual({ arg: 'true', value: true });
    expect(planParam('[a, b]', 'list', '=')).toEqual({ arg: '[a, b]', value: ['a', 'b'] });
    expect(planParam("'#ff0000'", 'str', '=')).toEqual({ arg: "'#ff0000'", value: '#ff0000' });
    expect(planParam('#ff0000', 'None', '=')).toEqual({ arg: '#ff0000', value: null });
  });

  test('what YAML cannot read is refused with the reason', () => {
    expect(planParam('[a', 'list', '=')).toEqual({ error: "Kedro reads parameter values as YAML and cannot read '[a': Flow sequence must end with a ] at line 1, column 3:" });
  });

  test("0.18 (key:value) converts numbers only: Python float(), then int when whole", () => {
    expect(describeParam(numericParamValue('0.25'))).toBe('float 0.25');
    expect(describeParam(numericParamValue('1e3'))).toBe('int 1000');
    expect(describeParam(numericParamValue('#ff0000'))).toBe("str '#ff0000'");
    expect(describeParam(numericParamValue('true'))).toBe("str 'true'");
    expect(planParam('#ff0000', 'str', ':')).toEqual({ arg: '#ff0000', value: '#ff0000' });
  });
});

describe('the params box of Run with Options', () => {
  const types = new Map([['plot_options.color', 'str'], ['model_options.test_size', 'float']]);
  test('each override says what Kedro receives, and the command line carries the quoted form', () => {
    const r = planParams('plot_options.color=#ff0000, model_options.test_size=0.3', (k) => types.get(k), '=');
    expect(r).toEqual({
      params: { 'plot_options.color': '"#ff0000"', 'model_options.test_size': '0.3' },
      lines: ["plot_options.color = str '#ff0000' (sent as \"#ff0000\": the parameter is a string and YAML would read None)", 'model_options.test_size = float 0.3'],
    });
    expect(commandLine(['kedro', ...kedroRunArgs({ params: (r as { params: Record<string, string> }).params })])).toBe(`kedro run '--params=plot_options.color="#ff0000",model_options.test_size=0.3'`);
  });

  test('malformed items are refused', () => {
    expect(planParams('seed', () => undefined, '=')).toEqual({ error: "'seed' must be key=value" });
    expect(planParams('a.b=[x', () => undefined, '=')).toEqual({ error: "a.b: Kedro reads parameter values as YAML and cannot read '[x': Flow sequence must end with a ] at line 1, column 3:" });
  });
});
