import type { Loc } from '../core/types';
import { joinUri } from '../core/uri';
import { baseName, isParamName, type ProjectModel } from './model';

export interface InputFile {
  readonly name: string;
  readonly path: string;
  readonly uri: string;
  /** The filepath value in the catalog. */
  readonly loc: Loc;
}

/** Local files behind free inputs (explicit entries, relative/absolute local paths without interpolation). */
// Asked twice per pass (the workspace stats the files, KL111 reads the answers): same uses and catalog, same files.
const last = new WeakMap<object, { readonly catalog: object; readonly files: readonly InputFile[] }>();

export function localInputFiles(model: ProjectModel): readonly InputFile[] {
  const hit = last.get(model.uses);
  if (hit?.catalog === model.catalog) return hit.files;
  const files = computeInputFiles(model);
  last.set(model.uses, { catalog: model.catalog, files });
  return files;
}

function computeInputFiles(model: ProjectModel): InputFile[] {
  const out = new Map<string, InputFile>();
  for (const u of model.uses) {
    if (u.role !== 'input' || isParamName(u.name) || model.producers.has(baseName(u.name))) continue;
    const e = model.catalog.get(u.name);
    const fp = e?.fact.filepath;
    if (!e || !fp || out.has(u.name)) continue;
    const path = fp.value;
    if (/^[a-z][\w+.-]*:\/\//i.test(path) || path.includes('${') || /\{[^}]*\}/.test(path) || /^[A-Za-z]:[\\/]/.test(path)) continue;
    const uri = path.startsWith('/') ? `file://${path}` : joinUri(model.layout.rootUri, ...path.split('/').filter(Boolean));
    out.set(u.name, { name: u.name, path, uri, loc: { uri: e.uri, span: fp.span } });
  }
  return [...out.values()];
}
