import type { Loc, Span } from '../core/types';
import { baseName, isParamName, matchingPattern, patternMatcher, type ProjectModel } from '../project/model';
import type { DatasetRef } from '../project/pipelines/types';
import type { Instance, Target } from './positions';

const keyLoc = (uri: string, span: Span): Loc => ({ uri, span });

/** Distinct final names of a string's instances, in order. */
const namesOf = (instances: readonly Instance[]): string[] => [...new Set(instances.map((i) => i.name))];

function datasetDefinition(model: ProjectModel, name: string, ref?: DatasetRef): Loc[] {
  const entry = model.catalog.get(name) ?? matchingPattern(model, name);
  if (entry) return [keyLoc(entry.uri, entry.fact.keySpan)];
  // Not the string itself (a reused template's instances each have their own ref object at that place).
  const here = (l: Loc): boolean => !!ref && l.uri === ref.loc.uri && l.span.start.line === ref.loc.span.start.line && l.span.start.character === ref.loc.span.start.character;
  return (model.producers.get(baseName(name)) ?? []).filter((u) => u.ref !== ref && !here(u.ref.loc)).map((u) => u.ref.loc);
}

function paramDefinition(model: ProjectModel, name: string): Loc[] {
  const key = name.replace(/^params:/, '');
  const p = key && name !== 'parameters' ? model.params.get(key) : undefined;
  return p ? [keyLoc(p.uri, p.fact.keySpan)] : [];
}

/**
 * Go to definition: dataset → catalog entry (or the producing node for memory datasets), params → YAML key, func → def.
 * A string of a reused template goes to every instance's definition; a wrapper's mapping key to where the wrapped
 * nodes use it, a value to the dataset it names, `namespace=` to the parameters under that namespace.
 */
export function definitionOf(model: ProjectModel, t: Target): Loc[] {
  switch (t.kind) {
    case 'dataset':
      return dedupe(namesOf(t.instances.length ? t.instances : [t]).flatMap((n) => datasetDefinition(model, n, t.ref)));
    case 'param':
      return dedupe((t.instances.length ? namesOf(t.instances) : [`params:${t.key}`]).flatMap((n) => paramDefinition(model, n)));
    case 'wrapString': {
      if (t.wrap.side === 'key') return dedupe(t.instances.map((i) => i.ref.loc));
      const names = t.instances.length ? namesOf(t.instances) : [t.wrap.value];
      return dedupe(names.flatMap((n) => (t.wrap.arg === 'parameters' ? paramDefinition(model, n) : datasetDefinition(model, n))));
    }
    case 'namespace':
      return t.prefix ? dedupe([...new Set(t.nodes.map((n) => n.namespace ?? t.name))].flatMap((ns) => paramDefinition(model, `params:${ns}`))) : [];
    case 'catalogCall': {
      if (t.name.startsWith('params:')) return paramDefinition(model, t.name);
      const entry = model.catalog.get(t.name) ?? matchingPattern(model, t.name);
      return entry ? [keyLoc(entry.uri, entry.fact.keySpan)] : [];
    }
    case 'func':
    case 'node': {
      const target = t.node.func?.target;
      return target ? [keyLoc(target.module.uri, target.fn.nameSpan)] : [];
    }
    case 'catalogKey': {
      const matches = t.entry.isPattern ? (name: string) => patternMatcher(t.name).test(name) : (name: string) => baseName(name) === baseName(t.name);
      return model.uses.filter((u) => u.role === 'output' && matches(u.name)).map((u) => u.ref.loc);
    }
    case 'catalogType':
    case 'paramKey':
      return [];
  }
}

/** Every read and write of a dataset, or every use of a parameter path, plus the YAML keys that define it. */
export function referencesOf(model: ProjectModel, t: Target, includeDeclaration: boolean): Loc[] {
  // A string of a reused template, or of a wrapper's mapping: the references of every name it takes.
  if ((t.kind === 'dataset' || t.kind === 'param' || t.kind === 'wrapString') && namesOf(t.instances).length > (t.kind === 'wrapString' ? 0 : 1)) {
    return dedupe(namesOf(t.instances).flatMap((name) => (isParamName(name) ? paramRefs(model, paramKeyOf(name), includeDeclaration) : datasetRefs(model, name, false, includeDeclaration))));
  }
  if (t.kind === 'wrapString') return t.wrap.side === 'key' ? [] : referencesOf(model, { kind: 'catalogCall', name: t.wrap.value, loc: t.wrap.loc }, includeDeclaration);
  if (t.kind === 'dataset' || t.kind === 'catalogKey') return dedupe(datasetRefs(model, t.name, t.kind === 'catalogKey' && t.entry.isPattern, includeDeclaration));
  if (t.kind === 'param' || t.kind === 'paramKey') return dedupe(paramRefs(model, t.kind === 'param' ? t.key : t.path, includeDeclaration));
  if (t.kind === 'catalogCall') return dedupe(t.name.startsWith('params:') ? paramRefs(model, paramKeyOf(t.name), includeDeclaration) : datasetRefs(model, t.name, false, includeDeclaration));
  return [];
}

const paramKeyOf = (name: string): string => (name === 'parameters' ? '' : name.slice('params:'.length));

function datasetRefs(model: ProjectModel, name: string, pattern: boolean, includeDeclaration: boolean): Loc[] {
  const out: Loc[] = [];
  const matches = pattern ? (n: string) => patternMatcher(name).test(n) : (n: string) => n === name;
  for (const u of model.uses) if (matches(u.name)) out.push(u.ref.loc);
  for (const c of model.catalogCalls) if (matches(c.call.name.value)) out.push({ uri: c.uri, span: c.call.name.span });
  if (includeDeclaration) for (const f of model.confFiles) for (const e of f.catalog) if (e.name === name) out.push(keyLoc(f.uri, e.keySpan));
  return out;
}

function paramRefs(model: ProjectModel, key: string, includeDeclaration: boolean): Loc[] {
  const out: Loc[] = [];
  for (const u of model.uses) if (u.name === `params:${key}`) out.push(u.ref.loc);
  if (includeDeclaration) for (const f of model.confFiles) for (const p of f.params) if (f.kind === 'parameters' && p.path === key) out.push(keyLoc(f.uri, p.keySpan));
  return out;
}

function dedupe(locs: readonly Loc[]): Loc[] {
  const seen = new Set<string>();
  return locs.filter((l) => {
    const k = `${l.uri}:${l.span.start.line}:${l.span.start.character}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

export interface TextEditJson {
  readonly uri: string;
  readonly span: Span;
  readonly newText: string;
}

export type RenamePlan = { readonly ok: true; readonly range: Loc; readonly placeholder: string; readonly kind: 'dataset' | 'param'; readonly name: string } | { readonly ok: false; readonly reason: string };

/** Where a rename can start, or why it would be unsafe. */
export function prepareRename(model: ProjectModel, t: Target): RenamePlan {
  if (t.kind === 'dataset' || t.kind === 'catalogKey') {
    const name = t.name;
    if (t.kind === 'catalogKey' && t.entry.isPattern) return { ok: false, reason: `'${name}' is a dataset factory pattern; rename the datasets it matches instead.` };
    if (!model.catalog.has(name) && matchingPattern(model, name)) return { ok: false, reason: `'${name}' is matched by the factory pattern '${matchingPattern(model, name)?.fact.name}'; renaming it would change which pattern applies.` };
    const uses = model.uses.filter((u) => u.name === name);
    if (uses.some((u) => !u.ref.literal)) return { ok: false, reason: `'${name}' is built dynamically in some node (an f-string or a variable); it cannot be renamed safely.` };
    if (uses.some((u) => u.ref.written !== u.name)) return { ok: false, reason: `'${name}' is renamed by a pipeline namespace or mapping; rename it where it is written.` };
    const range = t.kind === 'dataset' ? t.ref.loc : keyLoc(t.uri, unquoted(t.entry.keySpan, t.name));
    return { ok: true, range, placeholder: name, kind: 'dataset', name };
  }
  if (t.kind === 'param' || t.kind === 'paramKey') {
    const key = t.kind === 'param' ? t.key : t.path;
    if (!key) return { ok: false, reason: "'parameters' is the whole parameters dictionary; it cannot be renamed." };
    const uses = model.uses.filter((u) => u.name === `params:${key}` || u.name.startsWith(`params:${key}.`));
    if (uses.some((u) => !u.ref.literal || u.ref.written !== u.name)) return { ok: false, reason: `'params:${key}' is built dynamically or renamed by a namespace in some node; it cannot be renamed safely.` };
    if (t.kind === 'param') return { ok: true, range: t.ref.loc, placeholder: `params:${key}`, kind: 'param', name: key };
    const leaf = key.split('.').pop() as string;
    return { ok: true, range: keyLoc(t.uri, unquoted(t.fact.keySpan, leaf)), placeholder: leaf, kind: 'param', name: key };
  }
  return { ok: false, reason: 'Only datasets and parameters can be renamed here.' };
}

/** YAML key spans include quotes for quoted keys; edits must replace the content only. */
function unquoted(span: Span, content: string): Span {
  const width = span.end.character - span.start.character;
  if (span.start.line !== span.end.line || width !== content.length + 2) return span;
  return { start: { line: span.start.line, character: span.start.character + 1 }, end: { line: span.end.line, character: span.end.character - 1 } };
}

/** The edits of a rename across Python and YAML; `newName` is what the user typed at the rename location. */
export function renameEdits(model: ProjectModel, t: Target, newName: string): TextEditJson[] | string {
  const plan = prepareRename(model, t);
  if (!plan.ok) return plan.reason;
  const edits: TextEditJson[] = [];
  if (plan.kind === 'dataset') {
    const to = newName.trim();
    if (!/^[^\s'"{}]+$/.test(to) || to.startsWith('params:')) return `'${to}' is not a valid dataset name.`;
    for (const u of model.uses) if (u.name === plan.name) edits.push({ uri: u.ref.loc.uri, span: u.ref.loc.span, newText: to });
    for (const c of model.catalogCalls) if (c.call.name.value === plan.name) edits.push({ uri: c.uri, span: c.call.name.span, newText: to });
    for (const f of model.confFiles) for (const e of f.catalog) if (e.name === plan.name) edits.push({ uri: f.uri, span: unquoted(e.keySpan, e.name), newText: to });
    return dedupeEdits(edits);
  }
  const oldKey = plan.name;
  // In Python the user edits the whole `params:a.b`; on a YAML key, only the last segment.
  const typed = newName.trim().replace(/^params:/, '');
  const parent = oldKey.includes('.') ? oldKey.slice(0, oldKey.lastIndexOf('.')) : '';
  const newKey = t.kind === 'paramKey' ? (parent ? `${parent}.${typed}` : typed) : typed;
  const newParent = newKey.includes('.') ? newKey.slice(0, newKey.lastIndexOf('.')) : '';
  if (newParent !== parent || !/^[\w-]+$/.test(newKey.split('.').pop() as string)) return `A rename keeps the key under '${parent || '(top level)'}'; moving parameters is not a rename.`;
  const newLeaf = newKey.split('.').pop() as string;
  for (const u of model.uses) {
    const k = u.name.slice('params:'.length);
    if (k === oldKey || k.startsWith(`${oldKey}.`)) edits.push({ uri: u.ref.loc.uri, span: u.ref.loc.span, newText: `params:${newKey}${k.slice(oldKey.length)}` });
  }
  for (const f of model.confFiles) {
    if (f.kind !== 'parameters') continue;
    for (const p of f.params) if (p.path === oldKey) edits.push({ uri: f.uri, span: unquoted(p.keySpan, oldKey.split('.').pop() as string), newText: newLeaf });
  }
  return dedupeEdits(edits);
}

function dedupeEdits(edits: readonly TextEditJson[]): TextEditJson[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.uri}:${e.span.start.line}:${e.span.start.character}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
