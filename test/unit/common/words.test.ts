import { describe, expect, test } from 'vitest';
import { envChainText, envText } from '../../../common/words';

describe('environment wording', () => {
  test('a chain and one environment; an empty one is the conf folder itself', () => {
    expect(envChainText(['base', 'local'])).toBe('base + local');
    expect(envChainText([''])).toBe('the conf folder itself');
    expect(envText('prod')).toBe("environment 'prod'");
    expect(envText('')).toBe('the conf folder itself');
  });
});
