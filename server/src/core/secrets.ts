/**
 * The one place that decides what is a secret in text we show. Every answer, notification and CLI format that can
 * carry catalog values goes through here, so a new output cannot forget a case.
 */

export const MASK = '****';

// Key names that hold secrets in fsspec / SQLAlchemy / cloud SDK args (`key` and `secret` are s3fs's own names).
const SECRET_KEY = /(^|[_-])(password|passwd|pwd|secret|token|key|apikey|credential|auth|authorization|sas|signature)s?([_-]|$)/i;
// `key` names that are not secrets: an HDF5 table key, a partition suffix, etc.
const NOT_SECRET_KEY = /^(key|keys|primary_key|key_column|sort_keys?|index_key)$/i;

/** Whether a catalog scalar at this dotted path (`credentials.password`, `fs_args.token`) is a secret. */
export function isSecretPath(path: string): boolean {
  const parts = path.split('.');
  // An inline `credentials:` dict is secret as a whole; `credentials: name` (a string) is only a reference.
  if (parts.slice(0, -1).includes('credentials')) return true;
  const last = parts[parts.length - 1] ?? '';
  if (last === 'credentials') return false;
  // `key` alone is secret inside credentials/fs args (s3fs), not as a load/save arg (HDF5 `key`).
  if (last === 'key') return parts.length > 1 && !/^(load_args|save_args)$/.test(parts[parts.length - 2] ?? '');
  return SECRET_KEY.test(last) && !NOT_SECRET_KEY.test(last);
}

/**
 * Masks secrets embedded in free text: the password in `scheme://user:pass@host` (a bare `token@` too) and secret
 * query parameters (`?password=…`, `&sig=…`). Idempotent.
 */
export function maskSecretText(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text
    .replace(/([a-z][\w+.-]*:\/\/)([^\s/?#@'"`]*)@/gi, (m, scheme: string, info: string) => {
      if (info === '' || info === MASK) return m;
      const colon = info.indexOf(':');
      return colon >= 0 ? `${scheme}${info.slice(0, colon)}:${MASK}@` : `${scheme}${MASK}@`;
    })
    .replace(/([?&;](?:[\w-]*(?:password|passwd|pwd|secret|token|key|sig|signature|auth)[\w-]*))=([^&;#\s'"`]+)/gi, (m, k: string, v: string) =>
      v === MASK ? m : `${k}=${MASK}`,
    );
}
