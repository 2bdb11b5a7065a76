import type { Loc } from '../core/types';
import { memoWhileReadsHold, memoWhileSame } from '../core/memo';
import { joinUri } from '../core/uri';
import { baseName, interpolationMode, isParamName, resolveCatalogScalar, type CatalogEntry, type ProjectModel } from './model';
import { entryType } from './catalogEntries';

export interface InputFile {
  readonly name: string;
  readonly path: string;
  readonly uri: string;
  /** The filepath value in the catalog. */
  readonly loc: Loc;
}

/**
 * Local files behind free inputs: explicit entries of a known Kedro/kedro-datasets class, by the argument that class
 * reads (`filepath`, or `path` for PartitionedDataset); relative paths or absolute ones inside the project, with
 * `${...}` resolved where the loader's values are known here. Project-local classes may read anything, and absolute paths elsewhere (`/dbfs`, `/Volumes`) live on
 * another machine.
 */
// Asked twice per pass (the workspace stats the files, KL111 reads the answers): same inputs, same files.
const inputFilesOf = memoWhileSame<ProjectModel, readonly unknown[], readonly InputFile[]>((model) => computeInputFiles(model), (model) => [model.catalog, model.python, model.versions.text, model.configLoaders.join()]);

export const localInputFiles = (model: ProjectModel): readonly InputFile[] => inputFilesOf(model, model.uses);

/**
 * The local file of an entry, kept across passes while the entry is the same object (its text and place unchanged) and
 * what resolving its type read (interpolations, a project class's module) answers the same: every edit recomputed the
 * type of every free input and produced dataset, a tenth of an edit at 5,000 nodes.
 */
const localFile = memoWhileReadsHold(computeLocalFile, (model: ProjectModel) => [model.versions.text, model.layout.rootUri, model.configLoaders.join(), ...model.envChain]);

/** The local file an entry of a known file dataset reads or writes, if any. */
function computeLocalFile(model: ProjectModel, e: CatalogEntry): { path: string; uri: string; span: Loc['span'] } | undefined {
  const t = entryType(model, e);
  if (t?.resolution.kind !== 'known') return undefined;
  const { required } = t.resolution.info;
  const argName = ['filepath', 'path'].find((a) => required.some((alternatives) => alternatives.includes(a)));
  const arg = argName ? e.fact.args.get(argName) : undefined;
  const written = arg?.scalar;
  if (!arg || written === undefined) return undefined;
  // `${...}` as the project's loader fills it (OmegaConf references, TemplatedConfigLoader globals), or as written
  // (ConfigLoader fills nothing: Kedro opens that very path); a loader not known here: not checked.
  const path = !written.includes('${') ? written : resolveCatalogScalar(model, e.env, written);
  if (path === undefined) return undefined;
  const literal = interpolationMode(model) === 'literal';
  const rest = literal ? path.replace(/\$\{[^}]*\}/g, '') : path;
  if (/^[a-z][\w+.-]*:\/\//i.test(path) || rest.includes('${') || /\{[^}]*\}/.test(rest) || /^[A-Za-z]:[\\/]/.test(path)) return undefined;
  const root = model.layout.rootUri;
  const uri = path.startsWith('/') ? `file://${path}` : joinUri(root, ...path.split('/').filter(Boolean));
  if (!uri.startsWith(`${root}/`)) return undefined;
  return { path, uri, span: arg.valueSpan };
}

function computeInputFiles(model: ProjectModel): InputFile[] {
  // A file some node writes (under another entry's name) exists once that node has run.
  const written = new Set<string>();
  for (const name of model.producers.keys()) {
    const e = model.catalog.get(name);
    const f = e && localFile(model, e);
    if (f) written.add(f.uri);
  }
  const out = new Map<string, InputFile>();
  for (const u of model.uses) {
    if (u.role !== 'input' || isParamName(u.name) || model.producers.has(baseName(u.name)) || out.has(u.name)) continue;
    const e = model.catalog.get(u.name);
    const f = e && localFile(model, e);
    if (!e || !f || written.has(f.uri)) continue;
    out.set(u.name, { name: u.name, path: f.path, uri: f.uri, loc: { uri: e.uri, span: f.span } });
  }
  return [...out.values()];
}
