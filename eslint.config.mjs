// Type-aware lint; the core's import boundaries (docs/architecture.md, Layout) are enforced here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What no file of the analysis core may import (its purity, and its independence from the adapters).
const PURE_CORE = [
  { group: ['vscode', 'vscode-languageserver*', 'vscode-jsonrpc', 'fs', 'node:fs', 'fs/*', 'node:fs/*'], message: 'Core stays pure: use SourceHost/Logger.' },
  { group: ['**/lsp/**', '**/cli/**', '**/host/**'], message: 'Core must not depend on adapters.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'packages/*/dist/**', 'node_modules/**', 'examples/**', 'test/fixtures/**', '.vscode-test/**', 'test-output/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-namespace': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['server/src/{core,parsing,project,analysis,features}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: PURE_CORE,
        },
      ],
      'no-console': 'error',
      'no-restricted-globals': ['error', 'process'],
    },
  },
  // Layers inside the core, lowest first: each may import only the ones below it (the model never depends on a rule).
  ...[
    ['core', ['parsing', 'project', 'analysis', 'features']],
    ['parsing', ['project', 'analysis', 'features']],
    ['project', ['analysis', 'features']],
    ['analysis', ['features']],
  ].map(([layer, above]) => ({
    files: [`server/src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_CORE,
            { group: above.map((l) => `**/${l}/**`), message: `${layer}/ sits below ${above.join(', ')}/: it must not import them.` },
          ],
        },
      ],
    },
  })),
  // The generic Python evaluator knows no Kedro: Kedro's meaning reaches it through its hooks (pipelines/evaluator.ts).
  {
    files: ['server/src/project/pipelines/{pythonEvaluator,evalState,values}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_CORE,
            { group: ['**/analysis/**', '**/features/**'], message: 'project/ sits below analysis, features/: it must not import them.' },
            { group: ['./kedroSemantics', './namespace', './nodeName', './wrapSites', './evaluator'], message: 'Generic Python evaluation imports no Kedro semantics.' },
          ],
        },
      ],
    },
  },
  // A node check sees the project through NodeView (analysis/rule.ts); a cast back to the whole model would read past
  // what the rule runner records, so its findings could be reused stale.
  {
    files: ['server/src/analysis/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "TSAsExpression > TSTypeReference[typeName.name='ProjectModel']", message: 'Do not cast a NodeView back to ProjectModel: read through the recording accessors of project/model.ts.' },
        { selector: "TSTypeAssertion > TSTypeReference[typeName.name='ProjectModel']", message: 'Do not cast a NodeView back to ProjectModel: read through the recording accessors of project/model.ts.' },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'The client talks to the server over LSP only.' }] }] },
  },
  {
    files: ['common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/**', '**/server/**'], message: 'common/ is the shared protocol: it depends on nothing above it.' }] }] },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ignores: ['media/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-empty': ['error', { allowEmptyCatch: true }], 'preserve-caught-error': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
