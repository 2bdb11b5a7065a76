import type { SourceHost } from '../core/types';

/**
 * The workspace is a boundary (docs/workspace-boundary.md): nothing outside the project root is read or listed. A
 * setting that points outside, or a symlink whose real target leaves the root, is reported (KL907) and not followed.
 */
export interface OutsidePath {
  readonly what: 'source_dir' | 'CONF_SOURCE' | 'link';
  /** The setting's value, or the link's path relative to the root. */
  readonly value: string;
}

/** A root-relative path as segments, or undefined when it is absolute, remote or climbs above the root with `..`. */
export function segmentsInside(p: string): string[] | undefined {
  if (/^[\\/]/.test(p) || /^[A-Za-z]:/.test(p) || /^[a-z][\w+.-]*:\/\//i.test(p)) return undefined;
  const out: string[] = [];
  for (const s of p.split(/[\\/]/)) {
    if (s === '' || s === '.') continue;
    if (s !== '..') out.push(s);
    else if (out.pop() === undefined) return undefined;
  }
  return out;
}

/** Whether real path `p` is `root` or below it (both as `host.realPath` returns them). */
export function realInside(root: string, p: string): boolean {
  const r = root.replace(/[\\/]+$/, '');
  return p === r || p.startsWith(`${r}/`) || p.startsWith(`${r}\\`);
}

/** Real-path checks against one root; a host without real paths (no links) accepts everything. */
export class Boundary {
  readonly outside: OutsidePath[] = [];
  private constructor(
    private readonly host: SourceHost,
    private readonly root: string,
    private readonly realRoot: string | undefined,
  ) {}

  static async of(host: SourceHost, rootUri: string): Promise<Boundary> {
    return new Boundary(host, rootUri, host.realPath ? await host.realPath(rootUri) : undefined);
  }

  /** True when `uri`'s real target stays inside the root (or does not exist); else it is recorded once and false. */
  async allows(uri: string, knownReal?: string): Promise<boolean> {
    if (this.realRoot === undefined || !this.host.realPath) return true;
    const real = knownReal ?? (await this.host.realPath(uri));
    if (real === undefined || realInside(this.realRoot, real)) return true;
    const value = uri.startsWith(`${this.root}/`) ? decodeURIComponent(uri.slice(this.root.length + 1)) : uri;
    if (!this.outside.some((o) => o.value === value)) this.outside.push({ what: 'link', value });
    return false;
  }
}
