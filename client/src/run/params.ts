// What `kedro run --params=key=value` hands the pipeline, computed before running. Pure (no vscode import): unit-tested.
//
// From 0.19 Kedro's `_split_params` (kedro/framework/cli/utils.py) splits on commas, then each item on its first `=`,
// and reads the values with `OmegaConf.from_dotlist`: each value goes through `yaml.load` with OmegaConf's loader
// (PyYAML's SafeLoader, YAML 1.1 implicit types, timestamps removed, an extra float form such as `1e3`). So `#ff0000`
// is a comment (null), `a: b` a mapping, `[x]` a list, `yes` a boolean. Up to 0.18 values were `key:value` and only
// numbers were converted (`float()`, then `int` when whole).
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';

/** A Python float (`1000.0` is not the int `1000`: nodes see the difference). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type ParamValue = null | boolean | number | PyFloat | string | readonly ParamValue[] | { readonly [key: string]: ParamValue };

/** The `=` plain scalar resolves to YAML's `value` tag, which SafeLoader cannot construct. */
class NoConstructor extends Error {}

// PyYAML's implicit resolvers (resolver.py), in the order it tries them, plus the float form OmegaConf adds last.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const OMEGACONF_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const sexagesimal = (digits: string): number => digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);

/** PyYAML's construct_yaml_int. */
function yamlInt(text: string): number {
  let v = text.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
  if (v.startsWith('0')) return sign * parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}

/** PyYAML's construct_yaml_float. */
function yamlFloat(text: string): number {
  let v = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return NaN;
  if (v.includes(':')) return sign * v.split(':').reduce((acc, part) => acc * 60 + parseFloat(part), 0);
  return sign * Number(v.endsWith('.') ? v.slice(0, -1) : v);
}

/** A plain (unquoted) scalar as OmegaConf's loader types it. */
function plain(text: string): ParamValue {
  if (BOOL.test(text)) return /^(?:yes|true|on)$/i.test(text);
  if (FLOAT.test(text)) return new PyFloat(yamlFloat(text));
  if (INT.test(text)) return yamlInt(text);
  if (NULL.test(text)) return null;
  if (text === '=') throw new NoConstructor("could not determine a constructor for the tag 'tag:yaml.org,2002:value'");
  if (OMEGACONF_FLOAT.test(text)) return new PyFloat(yamlFloat(text));
  return text;
}

function toValue(node: YamlNode | null | undefined): ParamValue {
  if (!node) return null;
  if (isScalar(node)) {
    return node.type === 'PLAIN' ? plain(String(node.value ?? '')) : String(node.value ?? '');
  }
  if (isSeq(node)) return node.items.map((i) => toValue(i as YamlNode));
  if (isMap(node)) {
    const out: Record<string, ParamValue> = {};
    for (const pair of node.items) out[String(toValue(pair.key as YamlNode))] = toValue(pair.value as YamlNode);
    return out;
  }
  return null;
}

/** The value `yaml.load(text, Loader=OmegaConf's loader)` gives, or why it raises. */
export function yamlParamValue(text: string): { readonly value: ParamValue } | { readonly error: string } {
  const doc = parseDocument(text, { schema: 'failsafe', version: '1.1', uniqueKeys: true });
  const err = doc.errors[0];
  if (err) return { error: err.message.split('\n')[0] as string };
  try {
    return { value: toValue(doc.contents as YamlNode | null) };
  } catch (e) {
    if (e instanceof NoConstructor) return { error: e.message };
    throw e;
  }
}

/** 0.18's `_try_convert_to_numeric`: Python's float(), an int when whole; anything else stays the string. */
export function numericParamValue(text: string): ParamValue {
  const v = text.trim();
  const m = /^[-+]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][-+]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf(?:inity)?|nan)$/i.exec(v);
  if (!m) return text.trim();
  const lower = v.toLowerCase().replace(/_/g, '');
  const n = /inf/.test(lower) ? (lower.startsWith('-') ? -Infinity : Infinity) : /nan/.test(lower) ? NaN : Number(lower);
  return Number.isInteger(n) ? n : new PyFloat(n);
}

/** How a value is shown before running: its Python type and value (`str '#ff0000'`, `None`, `dict {'a': 'b'}`). */
export function describeParam(v: ParamValue): string {
  const repr = (x: ParamValue): string => {
    if (x === null) return 'None';
    if (typeof x === 'boolean') return x ? 'True' : 'False';
    if (typeof x === 'number') return String(x);
    if (x instanceof PyFloat) return floatRepr(x.value);
    if (typeof x === 'string') return `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (Array.isArray(x)) return `[${x.map(repr).join(', ')}]`;
    return `{${Object.entries(x as Record<string, ParamValue>).map(([k, val]) => `'${k}': ${repr(val)}`).join(', ')}}`;
  };
  const type = v === null ? 'None' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'int' : v instanceof PyFloat ? 'float' : typeof v === 'string' ? 'str' : Array.isArray(v) ? 'list' : 'dict';
  return type === 'None' ? 'None' : `${type} ${repr(v)}`;
}

/** Python's repr of a float: `1000.0`, `0.0015`, `1e-05`, `1e+16`, `inf`, `nan`. */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export interface ParamPlan {
  /** The text to put after `key=` (or `key:`) on the command line. */
  readonly arg: string;
  /** What the pipeline receives. */
  readonly value: ParamValue;
  /** Set when `arg` differs from what was typed: why it was quoted. */
  readonly quoted?: string;
}

/**
 * What one typed override becomes. With `=` (0.19+), a value meant as a string (the parameter is a string now, or the
 * YAML reading would drop part of the text, e.g. a `#` comment) is double-quoted so it arrives as typed; a value the
 * user quoted, or one whose YAML type is what the parameter holds, is left alone.
 */
export function planParam(typed: string, currentType: string | undefined, separator: '=' | ':'): ParamPlan | { readonly error: string } {
  const text = typed.trim();
  if (separator === ':') return { arg: text, value: numericParamValue(text) };
  const parsed = yamlParamValue(text);
  if ('error' in parsed) return { error: `Kedro reads parameter values as YAML and cannot read '${text}': ${parsed.error}` };
  const userQuoted = /^(["']).*\1$/s.test(text);
  const lossy = typeof parsed.value === 'string' && parsed.value !== text && !userQuoted;
  const wantsString = currentType === 'str' && typeof parsed.value !== 'string';
  if (!userQuoted && (lossy || wantsString)) {
    const why = wantsString ? `the parameter is a string and YAML would read ${describeParam(parsed.value)}` : `YAML would read ${describeParam(parsed.value)}`;
    return { arg: `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, value: text, quoted: why };
  }
  return { arg: text, value: parsed.value };
}

/**
 * Typed overrides (`key=value, key2=value2`) → the values to put on the command line, and one line per parameter saying
 * what the pipeline will receive; an error when an item is malformed or unreadable.
 */
export function planParams(text: string, typeOf: (key: string) => string | undefined, separator: '=' | ':'): { readonly params: Record<string, string>; readonly lines: readonly string[] } | { readonly error: string } {
  const params: Record<string, string> = {};
  const lines: string[] = [];
  // Kedro splits the option on every comma first, then each item on its first `=` (or `:` up to 0.18).
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cut = item.indexOf('=');
    if (cut <= 0) return { error: `'${item}' must be key=value` };
    const key = item.slice(0, cut).trim();
    const plan = planParam(item.slice(cut + 1), typeOf(key), separator);
    if ('error' in plan) return { error: `${key}: ${plan.error}` };
    params[key] = plan.arg;
    lines.push(`${key} = ${describeParam(plan.value)}${plan.quoted ? ` (sent as ${plan.arg}: ${plan.quoted})` : ''}`);
  }
  return { params, lines };
}
