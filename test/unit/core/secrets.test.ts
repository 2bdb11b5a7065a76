import { describe, expect, test } from 'vitest';
import { isSecretPath, maskSecretText } from '../../../server/src/core/secrets';

describe('secret masking', () => {
  test('URL userinfo and secret query parameters are masked; other text is untouched', () => {
    expect(maskSecretText('postgresql://u:pw@db/x')).toBe('postgresql://u:****@db/x');
    expect(maskSecretText('https://tok@host/a.csv')).toBe('https://****@host/a.csv');
    expect(maskSecretText('s3://bucket/a.csv?token=abc&x=1')).toBe('s3://bucket/a.csv?token=****&x=1');
    expect(maskSecretText('data/01_raw/a@b.csv')).toBe('data/01_raw/a@b.csv');
    expect(maskSecretText(maskSecretText('postgresql://u:pw@db/x'))).toBe('postgresql://u:****@db/x');
  });

  test('secret keys: inline credentials dicts, passwords, tokens and keys in args; not references or HDF5 keys', () => {
    expect(['credentials.con', 'fs_args.password', 'load_args.token', 'save_args.api_key', 'fs_args.key', 'fs_args.secret', 'credentials.x.y'].filter((p) => !isSecretPath(p))).toEqual([]);
    expect(['credentials', 'filepath', 'load_args.key', 'load_args.sep', 'save_args.index', 'fs_args.tokenizer'].filter(isSecretPath)).toEqual([]);
  });
});
