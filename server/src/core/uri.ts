import { URI, Utils } from 'vscode-uri';

/** Path math on `file://` URIs; no I/O. */
export const fileUri = (fsPath: string): string => URI.file(fsPath).toString();
export const uriToPath = (uri: string): string => URI.parse(uri).fsPath;
export const joinUri = (base: string, ...segments: string[]): string => Utils.joinPath(URI.parse(base), ...segments).toString();
export const dirnameUri = (uri: string): string => Utils.dirname(URI.parse(uri)).toString();
export const basenameUri = (uri: string): string => Utils.basename(URI.parse(uri));

/** `child` relative to `root` with `/` separators, or undefined when it lies outside. */
export function relativeUri(root: string, child: string): string | undefined {
  const r = URI.parse(root).path.replace(/\/+$/, '');
  const c = URI.parse(child).path;
  if (c === r) return '';
  return c.startsWith(r + '/') ? c.slice(r.length + 1) : undefined;
}

export const isUnder = (root: string, child: string): boolean => relativeUri(root, child) !== undefined;
