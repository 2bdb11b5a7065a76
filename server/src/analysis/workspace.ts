import { verifyMemoHits } from '../core/memo';
import type { Parser } from 'web-tree-sitter';
import { NULL_LOGGER, type DirEntry, type FactStore, type Logger, type Problem, type SourceHost, type SourceText } from '../core/types';
import { runRulesYielding, type NodeCheckStats, type NodeFindingsCache, type RuleOverrides, type RunRulesOptions } from './runRules';
import type { PyModuleFacts } from '../parsing/python/facts';
import { extractModuleFacts } from '../parsing/python/moduleFacts';
import { extractNotebookFacts } from '../parsing/python/notebook';
import type { FactsJob, FactsPool } from '../parsing/python/factsPool';
import { ParseTrees } from '../parsing/python/treeSitter';
import { extractConfFacts, type ConfFileFacts } from '../parsing/yaml/confFacts';
import { confStoreKind, restoredConfFacts, storableConfFacts } from '../parsing/yaml/storedConfFacts';
import { applyPerFileIgnores, effectiveOverrides } from './projectConfig';
import { discoverKedroRoots } from '../project/discovery';
import { Boundary } from '../project/boundary';
import { loadConfLayout, loadLayout, type ConfFileRef, type ConfLayout, type ProjectLayout } from '../project/layout';
import { buildProjectModel, type ProjectModel, type UnreadConf } from '../project/model';
import { ProjectCaches } from '../project/projectCaches';
import { alwaysAtLeast } from '../project/versions';
import { PythonIndex } from '../project/pythonIndex';
import { readSettings } from '../project/settings';
import { globMatcher, isBoundedGlob, MAX_EXCLUDE_GLOBS } from '../core/glob';
import { basenameUri, dirnameUri, isUnder, relativeUri } from '../core/uri';
import { sysPathFolders } from '../project/sysPath';
import { slicer } from '../core/slices';
import { globHasMatch, isGlobPath } from '../project/globFiles';
import { localInputFiles } from '../project/inputFiles';
import { projectVersions, readVersionFiles, type ProjectVersions } from '../project/projectVersions';

/** A document that is not a file of its own (a notebook cell), with the file it belongs to. */
export interface ExtraDocument {
  readonly uri: string;
  readonly ownerUri: string;
}

export interface AnalysisOptions {
  /** Open notebook cells (LSP notebook sync): analysed as scripts of the project that contains their notebook. */
  readonly extraDocuments?: readonly ExtraDocument[];
  /** Run environment merged over `base` (Kedro's default is `local`). */
  readonly env?: string;
  readonly ruleOverrides?: RuleOverrides;
  /** Globs relative to each project root that the analysis ignores (`kedro.exclude`), besides the project's own. */
  readonly exclude?: readonly string[];
  /** `kedro.version`: the Kedro release (or specifier) to judge projects by, instead of what their files say (wins over `[tool.kedro-lens] kedro-version`). */
  readonly kedroVersion?: string;
  /**
   * Documents whose findings are wanted before the pass ends (the open editors, on a server's first pass): `publish`
   * gets, per project, what the node checks of their nodes found in them (runRules' EarlyFindings), before the rest.
   */
  readonly early?: { readonly uris: ReadonlySet<string>; readonly publish: (problems: readonly Problem[]) => void };
  /**
   * Gets each project's model once it is built, before its rules run: on a server's first pass, go-to-definition and
   * hover are answered from it instead of after the whole pass. The pass then gives the event loop a turn.
   */
  readonly modelReady?: (model: ProjectModel) => void;
}

export interface ProjectAnalysis {
  readonly model: ProjectModel;
  readonly problems: readonly Problem[];
}

export interface WorkspaceAnalysis {
  readonly projects: readonly ProjectAnalysis[];
  /** Every file that belongs to some project (so adapters can clear stale diagnostics). */
  readonly files: ReadonlySet<string>;
  readonly stats: {
    readonly parsedPython: number;
    /** Python files whose facts came from the persistent store instead of a parse. */
    readonly storedPython: number;
    readonly parsedConf: number;
    /** Conf files whose facts came from the persistent store instead of a parse. */
    readonly storedConf: number;
    readonly ms: number;
    /** Of `ms`: getting every Python file's facts (reading, looking up the store, parsing). */
    readonly pythonMs: number;
    readonly nodeChecks: Readonly<NodeCheckStats>;
  };
}

interface Cached<T> {
  readonly version: string;
  readonly facts: T;
}

interface ConfCacheEntry {
  readonly version: string;
  readonly jinja: boolean;
  readonly facts?: ConfFileFacts;
  readonly file?: ConfFileFacts & { readonly ref: ConfFileRef };
  readonly template?: ConfFileFacts & { readonly ref: ConfFileRef };
}

/** Jinja2 statements or expressions (`{% for … %}`, `{{ name }}`), which no YAML file holds unrendered. */
const isJinjaTemplate = (text: string): boolean => /\{%-?\s*[a-z]|\{\{-?\s*[\w'"(]/.test(text);

/** The facts of a config file that is not read: no keys, no problems. */
function unreadFacts(uri: string, kind: ConfFileRef['kind']): ConfFileFacts {
  return { uri, kind, problems: [], topKeys: [], catalog: [], params: [], interpolations: [], duplicateKeys: [], end: { line: 0, character: 0 }, endsWithNewline: true };
}

export { isBoundedGlob, MAX_EXCLUDE_GLOBS };

function excluder(root: string, globs: readonly string[], log: Logger): (uri: string) => boolean {
  if (!globs.length) return () => false;
  const kept = globs.filter(isBoundedGlob).slice(0, MAX_EXCLUDE_GLOBS);
  if (kept.length < globs.length) log.warn(`kedro.exclude: ${globs.length - kept.length} glob(s) ignored (over ${MAX_EXCLUDE_GLOBS} globs, 256 characters, or 3 '*' in one path segment)`);
  if (!kept.length) return () => false;
  const match = globMatcher(kept);
  return (uri) => {
    const rel = relativeUri(root, uri);
    return rel !== undefined && match(rel);
  };
}

/** How rules run in every pass: `verifyReuse` (tests switch it on), the rule set and validity check (tests swap them). */
export type WorkspaceOptions = Pick<RunRulesOptions, 'verifyReuse' | 'rules' | 'stillValid'> & {
  /** Work between two turns of the event loop (core/slices.ts); tests set 0 to yield at every boundary. */
  readonly sliceMs?: number;
  /** Facts kept between processes: a file seen by an earlier start with the same text is not parsed. */
  readonly factStore?: FactStore;
  /** Other threads for the modules a large cold pass parses (host/parseWorkers.ts); edits always parse in-thread. */
  readonly factsPool?: FactsPool;
};

/** A file's text with, for a file this workspace has not seen, its key and the store's lookup (started at read time). */
interface Reading {
  readonly src: SourceText | undefined;
  readonly stored?: { readonly key: string; readonly facts: Promise<unknown> };
  /** The module sent to the facts pool once the store missed (a file this workspace has not parsed). */
  readonly job?: Promise<FactsJob | undefined>;
}

/** One module's facts for a pass, and where they came from. */
interface PythonFacts {
  readonly facts?: PyModuleFacts;
  readonly parsed: boolean;
  readonly stored?: boolean;
}

/** Facts as the store gives them back: anything else is a miss. */
const isStoredFacts = (kept: unknown): kept is PyModuleFacts => !!kept && typeof kept === 'object' && Array.isArray((kept as PyModuleFacts).statements);

/** Owns per-file fact caches and project layouts; each analysis re-parses only files whose version changed. */
export class KedroWorkspace {
  private roots: string[] = [];
  private readonly layouts = new Map<string, ProjectLayout>();
  private readonly confLayouts = new Map<string, { key: string; conf: ConfLayout }>();
  private readonly pyCache = new Map<string, Cached<PyModuleFacts>>();
  /**
   * Per conf file and text version: whether the text is a Jinja2 template, its facts as YAML and the file the model
   * gets (as a template: `template`, the unread file). Each is made when first needed (a template's YAML facts only
   * if the Kedro release changes to one that reads it as YAML).
   */
  private readonly confCache = new Map<string, ConfCacheEntry>();
  private generation = 0;
  /** Per root: the last versions read, kept as the same object while their inputs are unchanged. */
  private readonly versionCache = new Map<string, { readonly key: string; readonly versions: ProjectVersions }>();
  /** Per root: what the model and the node checks keep between passes (this workspace's only; see dispose). */
  /** The last few Python parse trees, for incremental re-parsing of the file being typed in. */
  private readonly trees = new ParseTrees();
  private readonly caches = new Map<string, { readonly model: ProjectCaches; findings: NodeFindingsCache }>();
  /** The latest completed analysis: what features read while a new one runs. */
  last: WorkspaceAnalysis | undefined;

  /** The parser, once a file needed one: with every file's facts in the store, a start never instantiates the wasm. */
  private parser: Parser | undefined;
  private readonly loadParser: () => Promise<Parser>;

  constructor(
    private readonly host: SourceHost,
    /** A parser, or how to get one on the first file that must be parsed (a warm start may need none). */
    parser: Parser | (() => Promise<Parser>),
    private readonly log: Logger = NULL_LOGGER,
    private readonly options: WorkspaceOptions = {},
  ) {
    if (typeof parser === 'function') this.loadParser = parser;
    else {
      this.parser = parser;
      this.loadParser = () => Promise.resolve(parser);
    }
    // The memos are the process's: once a workspace verifies its reuse, memo hits are verified too.
    if (options.verifyReuse) verifyMemoHits(true);
  }

  /** Starts loading the parser if no file needed it yet (returns undefined, for the lookup that missed). */
  warmParser(): undefined {
    if (!this.parser) void this.loadParser().then((p) => (this.parser ??= p), () => undefined);
    return undefined;
  }

  /** Drops everything kept between passes: the next analysis starts from nothing. */
  dispose(): void {
    for (const c of this.caches.values()) {
      c.model.dispose();
      c.findings = new WeakMap();
    }
    this.caches.clear();
    this.trees.dispose();
    this.pyCache.clear();
    this.confCache.clear();
    this.versionCache.clear();
    this.invalidateLayouts();
    this.last = undefined;
  }

  private cachesOf(root: string): { readonly model: ProjectCaches; findings: NodeFindingsCache } {
    let c = this.caches.get(root);
    if (!c) this.caches.set(root, (c = { model: new ProjectCaches(), findings: new WeakMap() }));
    return c;
  }

  /** Finds Kedro projects under the workspace folders; call again when folders change. */
  async discover(workspaceFolders: readonly string[]): Promise<readonly string[]> {
    const found = new Set<string>();
    for (const folder of workspaceFolders) for (const r of await discoverKedroRoots(this.host, folder)) found.add(r);
    this.roots = [...found].sort();
    for (const [root, c] of this.caches) {
      if (this.roots.includes(root)) continue;
      c.model.dispose();
      this.caches.delete(root);
    }
    this.invalidateLayouts();
    return this.roots;
  }

  get projectRoots(): readonly string[] {
    return this.roots;
  }

  /** Forget cached layouts (files added/removed, pyproject or settings changed). */
  invalidateLayouts(): void {
    this.layouts.clear();
    this.confLayouts.clear();
  }

  /** Files the host refused to read (too large, binary) in the last analysis, for KL906. */
  private readonly skippedFiles = new Map<string, 'too-large' | 'binary' | 'failed'>();

  /** Reads a Python file and, the first time this workspace sees it, starts looking its text up in the fact store. */
  private async readPython(uri: string, pool?: FactsPool): Promise<Reading> {
    const src = await this.host.read(uri);
    const store = this.options.factStore;
    if (!src || src.skipped || this.pyCache.has(uri)) return { src };
    const submit = (): FactsJob | undefined => pool?.submit(uri, src.text);
    if (!store) return pool ? { src, job: Promise.resolve(submit()) } : { src };
    const key = store.key('py', src.text);
    // A miss needs the parser: it starts loading now, while the other files are read and looked up.
    const facts = store.get(key).then(
      (v) => (v === undefined ? this.warmParser() : v),
      () => this.warmParser(),
    );
    return { src, stored: { key, facts }, ...(pool ? { job: facts.then((kept) => (isStoredFacts(kept) ? undefined : submit())) } : {}) };
  }

  /** Reads a conf file and, the first time this workspace sees it, starts looking its text up in the fact store. */
  private async readConf(ref: ConfFileRef): Promise<Reading> {
    const src = await this.host.read(ref.uri);
    const store = this.options.factStore;
    if (!store || !src || src.skipped || this.confCache.has(ref.uri)) return { src };
    const key = store.key(confStoreKind(ref.uri, ref.kind), src.text);
    return { src, stored: { key, facts: store.get(key).catch(() => undefined) } };
  }

  /** `offloaded`: the facts another thread extracts (undefined from it: extract in-thread). */
  private async pythonFacts(uri: string, reading: Promise<Reading> = this.readPython(uri), offloaded?: Promise<PyModuleFacts | undefined>): Promise<PythonFacts> {
    const { src, stored } = await reading;
    if (!src) return { parsed: false };
    if (src.skipped) {
      this.skippedFiles.set(uri, src.skipped);
      return { parsed: false };
    }
    const hit = this.pyCache.get(uri);
    if (hit?.version === src.version) return { facts: hit.facts, parsed: false };
    const kept = stored && !hit ? ((await stored.facts) as PyModuleFacts | undefined) : undefined;
    if (isStoredFacts(kept)) {
      const facts: PyModuleFacts = { ...kept, uri };
      this.pyCache.set(uri, { version: src.version, facts });
      return { facts, parsed: false, stored: true };
    }
    let facts = await offloaded;
    if (!facts) {
      // Outside the try: a parser that cannot load fails the pass, as before, not every file one by one.
      const parser = (this.parser ??= await this.loadParser());
      try {
        facts = uri.endsWith('.ipynb') ? extractNotebookFacts(parser, uri, src.text) : extractModuleFacts(parser, uri, src.text, { previous: hit?.facts, trees: { cache: this.trees, version: src.version } });
      } catch (err) {
        // One file never stops the others: it is reported (KL906) and left out.
        this.log.warn(`facts_failed ${uri}: ${err instanceof Error ? err.message : String(err)}`);
        this.skippedFiles.set(uri, 'failed');
        this.pyCache.delete(uri);
        return { parsed: false };
      }
    }
    this.pyCache.set(uri, { version: src.version, facts });
    // Without its URI (another file with the same text shares the entry); kept as a key so restored facts have the same shape.
    if (stored && !hit) this.options.factStore?.put(stored.key, { ...facts, uri: '' });
    return { facts, parsed: true };
  }

  /**
   * Existence by listing parent folders (one readDir per folder); data files are never opened. A glob path exists when
   * some entry matches it; absent from the answer when the walk cannot tell (globFiles.ts).
   */
  private async statFiles(root: string, uris: readonly string[]): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    const listings = new Map<string, readonly DirEntry[] | 'outside' | undefined>();
    // A folder linked outside the root is not listed: KL111 must not tell whether a file there exists.
    const boundary = uris.length ? await Boundary.of(this.host, root) : undefined;
    const listDir = async (dir: string): Promise<readonly DirEntry[] | 'outside' | undefined> => {
      if (!listings.has(dir)) listings.set(dir, (await boundary?.allows(dir)) ? await this.host.readDir(dir) : 'outside');
      return listings.get(dir);
    };
    const names = new Map<string, Set<string>>();
    for (const uri of uris) {
      const rel = relativeUri(root, uri);
      if (rel !== undefined && isGlobPath(rel)) {
        const found = await globHasMatch(listDir, root, rel.split('/'));
        if (found !== undefined) out.set(uri, found);
        continue;
      }
      const dir = dirnameUri(uri);
      const listing = await listDir(dir);
      if (listing === 'outside') continue;
      let known = names.get(dir);
      if (!known) names.set(dir, (known = new Set(listing?.map((e) => e.name))));
      out.set(uri, known.has(basenameUri(uri)));
    }
    return out;
  }

  private async versionsOf(root: string, layout: ProjectLayout, override: string | undefined): Promise<ProjectVersions> {
    const { files, key: filesKey } = await readVersionFiles(this.host, root);
    const tool = layout.pyproject.kedro;
    const initVersion = tool?.kedroInitVersion ? { key: 'kedro_init_version' as const, value: tool.kedroInitVersion } : tool?.projectVersion ? { key: 'project_version' as const, value: tool.projectVersion } : undefined;
    const key = JSON.stringify([filesKey, initVersion, override]);
    const hit = this.versionCache.get(root);
    if (hit?.key === key) return hit.versions;
    const versions = projectVersions({ files, ...(initVersion ? { initVersion } : {}), ...(override ? { override } : {}) });
    this.versionCache.set(root, { key, versions });
    return versions;
  }

  /** Analyse every project; returns undefined when a newer call or `isCancelled` superseded this one. */
  async analyze(options: AnalysisOptions = {}, isCancelled: () => boolean = () => false): Promise<WorkspaceAnalysis | undefined> {
    const gen = ++this.generation;
    this.skippedFiles.clear();
    const stale = (): boolean => gen !== this.generation || isCancelled();
    // Between modules, conf files and rule steps the event loop gets a turn (requests are answered mid-pass).
    const pause = slicer(stale, this.options.sliceMs);
    const started = Date.now();
    let parsedPython = 0;
    let storedPython = 0;
    let pythonMs = 0;
    let parsedConf = 0;
    let storedConf = 0;
    const nodeChecks: NodeCheckStats = { checked: 0, reused: 0 };
    const projects: ProjectAnalysis[] = [];
    const files = new Set<string>();
    for (const root of this.roots) {
      let layout = this.layouts.get(root);
      if (!layout) {
        layout = await loadLayout(this.host, root);
        this.layouts.set(root, layout);
      }
      if (stale()) return undefined;
      files.add(layout.pyproject.uri);
      // [tool.kedro-lens] first, the user's settings (or CLI flags) over it: docs/configuration.md.
      const config = layout.pyproject.lens?.config;
      const excluded = excluder(root, [...(config?.exclude ?? []), ...(options.exclude ?? [])], this.log);
      const modules: PyModuleFacts[] = [];
      const pythonFiles = layout.pythonFiles.filter((u) => !excluded(u));
      // All reads start at once: the disk works on the next files while this thread parses one.
      const pythonStarted = performance.now();
      // A large cold pass also sends the modules to other threads: this one extracts from the front, they from the back.
      const pool = this.options.factsPool?.worth(pythonFiles.filter((u) => !this.pyCache.has(u)).length) ? this.options.factsPool : undefined;
      const reads = pythonFiles.map((uri) => this.readPython(uri, pool));
      const got: (PythonFacts | Promise<PythonFacts>)[] = [];
      for (const [i, uri] of pythonFiles.entries()) {
        files.add(uri);
        const reading = reads[i] as Promise<Reading>;
        const job = await (await reading).job;
        got.push(job && !job.take() ? this.pythonFacts(uri, reading, job.facts) : await this.pythonFacts(uri, reading));
        if (!(await pause())) continue;
        // Jobs no thread has started yet are dropped with the pass.
        for (const r of reads.slice(i + 1)) void r.then((x) => x.job?.then((j) => j?.take())).catch(() => undefined);
        return undefined;
      }
      for (const g of got) {
        const { facts, parsed, stored } = await g;
        if (facts) modules.push(facts);
        if (parsed) parsedPython++;
        if (stored) storedPython++;
      }
      if (stale()) return undefined;
      const scripts: PyModuleFacts[] = [];
      const extra = (options.extraDocuments ?? []).filter((d) => isUnder(root, d.ownerUri)).map((d) => d.uri);
      // In a monorepo, a nested project's files belong to the nested project only.
      const owned = (uri: string): boolean => !this.roots.some((r) => r !== root && r.length > root.length && isUnder(r, uri));
      // A notebook open in the editor is analysed from its cells (extra); one that is not, from its file.
      const openNotebooks = new Set((options.extraDocuments ?? []).map((d) => d.ownerUri));
      const notebooks = (layout.notebookFiles ?? []).filter((u) => owned(u) && !excluded(u) && !openNotebooks.has(u));
      for (const uri of [...layout.scriptFiles.filter((u) => owned(u) && !excluded(u)), ...notebooks, ...extra]) {
        const facts = await this.pythonFacts(uri);
        if (facts.parsed) parsedPython++;
        if (facts.stored) storedPython++;
        if (facts.facts) {
          scripts.push(facts.facts);
          files.add(uri);
        }
        if (await pause()) return undefined;
      }
      // An open notebook's cells share one session: the environment one cell selects is every cell's.
      const cellEnv = new Map(scripts.filter((f) => f.selectsEnv !== undefined).map((f) => [f.uri, f.selectsEnv as string]));
      const notebookEnv = new Map<string, string>();
      for (const d of options.extraDocuments ?? []) {
        const env = cellEnv.get(d.uri);
        if (env !== undefined) notebookEnv.set(d.ownerUri, env);
      }
      const selectedEnvs = new Map<string, string>();
      for (const d of options.extraDocuments ?? []) {
        const env = notebookEnv.get(d.ownerUri);
        if (env !== undefined) selectedEnvs.set(d.uri, env);
      }
      pythonMs += performance.now() - pythonStarted;
      const python = new PythonIndex(layout.packageUri ? dirnameUri(layout.packageUri) : undefined, modules, sysPathFolders(root, modules));
      const versions = await this.versionsOf(root, layout, options.kedroVersion || config?.kedroVersion);
      const read = readSettings(python, layout.packageName, versions.kedro);
      // No package folder: settings.py is not read, so which resolvers it registers is not known (KL901 says why).
      const settings = layout.packageMissing ? { ...read, customResolvers: undefined } : read;
      const confKey = JSON.stringify([settings.confSource, settings.configPatterns]);
      let conf = this.confLayouts.get(root);
      if (conf?.key !== confKey) {
        conf = { key: confKey, conf: await loadConfLayout(this.host, root, settings) };
        this.confLayouts.set(root, conf);
      }
      const confFiles: (ConfFileFacts & { ref: ConfFileRef })[] = [];
      const unreadConf: UnreadConf[] = [];
      // TemplatedConfigLoader (up to 0.18) renders Jinja2 before YAML parsing; OmegaConfigLoader never does, on 0.18.5+
      // too, where settings.py names it (a `{{x}}` or a commented-out `{% set %}` is then plain YAML).
      const rendersJinja = !alwaysAtLeast(versions.kedro, '0.19.0') && settings.configLoader !== 'OmegaConfigLoader';
      const confRefs = conf.conf.confFiles.filter((r) => !excluded(r.uri));
      // All reads and store lookups start at once, as for the Python files.
      const confReads = confRefs.map((ref) => this.readConf(ref));
      for (const [i, ref] of confRefs.entries()) {
        files.add(ref.uri);
        const { src, stored } = await (confReads[i] as Promise<Reading>);
        if (!src) continue;
        if (src.skipped) {
          this.skippedFiles.set(ref.uri, src.skipped);
          continue;
        }
        const key = ref.uri;
        const known = this.confCache.get(key);
        const hit = known?.version === src.version ? known : undefined;
        // Whether the text is a template is a property of the text: decided once per version, like its facts.
        const jinja = hit ? hit.jinja : isJinjaTemplate(src.text);
        if (rendersJinja && jinja) {
          unreadConf.push({ uri: ref.uri, kind: ref.kind, why: 'a Jinja2 template (TemplatedConfigLoader renders it before reading the YAML)' });
          // The same object across passes, as for a YAML file below.
          const template = hit?.template?.ref === ref ? hit.template : { ...unreadFacts(ref.uri, ref.kind), ref };
          this.confCache.set(key, { ...hit, version: src.version, jinja, template });
          confFiles.push(template);
          continue;
        }
        // The same object across passes while the file and its place are unchanged: the model reuses what it derived.
        if (hit?.file?.ref === ref) confFiles.push(hit.file);
        else {
          const reuse = hit?.file?.kind === ref.kind;
          const kept = stored && !known ? restoredConfFacts(await stored.facts, ref.uri, ref.kind) : undefined;
          let facts: ConfFileFacts;
          try {
            facts = reuse && hit.facts ? hit.facts : (kept ?? extractConfFacts(ref.uri, src.text, ref.kind, { previous: known?.facts }));
          } catch (err) {
            this.log.warn(`facts_failed ${ref.uri}: ${err instanceof Error ? err.message : String(err)}`);
            this.skippedFiles.set(ref.uri, 'failed');
            confFiles.push({ ...unreadFacts(ref.uri, ref.kind), ref });
            continue;
          }
          const file = { ...facts, ref };
          this.confCache.set(key, { ...hit, version: src.version, jinja, facts, file });
          confFiles.push(file);
          if (kept) storedConf++;
          else if (!reuse) {
            parsedConf++;
            if (stored && !known) this.options.factStore?.put(stored.key, storableConfFacts(facts));
          }
        }
        if (confFiles.at(-1)?.unread) unreadConf.push({ uri: ref.uri, kind: ref.kind, why: confFiles.at(-1)?.unread as string });
        if (await pause()) return undefined;
      }
      const env = options.env && options.env.length > 0 ? options.env : settings.defaultRunEnv;
      const caches = this.cachesOf(root);
      if (await pause()) return undefined;
      const built = buildProjectModel({ layout, conf: conf.conf, settings, python, env, versions, modules, scripts, selectedEnvs, confFiles, unreadConf, caches: caches.model });
      const model: ProjectModel = {
        ...built,
        fileExists: await this.statFiles(root, localInputFiles(built).map((f) => f.uri)),
        skippedFiles: new Map([...this.skippedFiles].filter(([uri]) => isUnder(root, uri))),
      };
      if (options.modelReady) {
        options.modelReady(model);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (await pause()) return undefined;
      const wanted = options.early;
      const early = wanted && [...wanted.uris].some((u) => isUnder(root, u) && owned(u)) ? { uris: wanted.uris, emit: (ps: Problem[]) => wanted.publish(applyPerFileIgnores(root, config, ps)) } : undefined;
      const problems = await runRulesYielding(model, { ...this.options, overrides: effectiveOverrides(config, options.ruleOverrides), log: this.log, stats: nodeChecks, findings: caches.findings, ...(early ? { early } : {}) }, pause);
      if (!problems) return undefined;
      projects.push({ model, problems: applyPerFileIgnores(root, config, problems) });
    }
    if (stale()) return undefined;
    const result: WorkspaceAnalysis = { projects, files, stats: { parsedPython, storedPython, parsedConf, storedConf, ms: Date.now() - started, pythonMs: Math.round(pythonMs * 10) / 10, nodeChecks } };
    this.last = result;
    this.log.debug(`analysis_done projects=${projects.length} parsed_py=${parsedPython} stored_py=${storedPython} py_ms=${result.stats.pythonMs} parsed_conf=${parsedConf} stored_conf=${storedConf} node_checks=${nodeChecks.checked} reused=${nodeChecks.reused} ms=${result.stats.ms}`);
    return result;
  }
}
