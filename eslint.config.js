// Type-aware lint, and the layer rule of DESIGN.md section 3: core imports nothing from the other
// folders and no Node-only module, web imports core only (and the API's schemas as types only, so
// zod stays out of the browser bundles), and nothing imports from cli. Import cycles are found by
// scripts/check-cycles.mjs.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-results/**', 'bench/out/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // JSX event handlers may be async: each catches its own errors and shows them.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/cli/**', '../cli/*'], message: 'Nothing imports from cli (DESIGN.md section 3).' }],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'core runs in the browser too: no Node-only modules.' },
            {
              group: [
                '**/storage/**',
                '**/server/**',
                '**/web/**',
                '**/cli/**',
                '../storage*',
                '../server*',
                '../web*',
                '../cli*',
              ],
              message: 'core imports nothing from the other layers (DESIGN.md section 3).',
            },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream'].map(
            (name) => ({
              name,
              message: 'core runs in the browser too: no Node-only modules.',
            }),
          ),
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/web/**', '**/cli/**', '../server*', '../web*', '../cli*'],
              message: 'storage sits below server, web and cli.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/web/**', '**/cli/**', '../web*', '../cli*'], message: 'server sits below web and cli.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'web runs in the browser: no Node-only modules.' },
            {
              group: ['**/storage/**', '**/server/**', '**/cli/**', '../../storage*', '../../server*', '../../cli*'],
              message: 'web imports src/core only (DESIGN.md section 3).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/api/*'],
              allowTypeImports: true,
              message:
                'the browser takes the API contract as types only (import type), so zod stays out of its bundles.',
            },
          ],
        },
      ],
    },
  },
);
