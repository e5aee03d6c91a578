import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-results', 'playwright-report', 'web/src/api/schema.d.ts', 'server/db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // The ideographic space (U+3000) is part of Chinese typesetting in printed documents.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Module boundaries (ARCHITECTURE.md): other modules are reached only through their index.ts.
    files: ['server/**/*.ts'],
    ignores: ['server/db/schema.ts', 'server/test/**', 'server/seed/**', 'server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*/service.js', '../*/schema.js', '../*/routes.js', '../*/rules.js', '../*/seed.js', '../../modules/*/!(index).js'], message: 'Import another module only through its index.ts.' }] }],
    },
  },
  {
    // common/ runs in the browser too: nothing from Node, the server or the web app.
    files: ['common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '../server/*', '../web/*'], message: 'common/ must stay isomorphic.' }] }] },
  },
);
