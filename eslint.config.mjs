// ESLint with typescript-eslint, run by `npm test` (npm run lint). Formatting is Prettier's job
// (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'coverage/**',
      '.e2e-tools/**',
      '.e2e-runs/**',
      '.vscode-test/**',
      '.vscode-test-web/**',
      'src/core/schema/generated/**',
      'bench/results/**',
      'images/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are errors, except arguments and catch bindings named with a leading underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are what the scanner, the terminal escaping and their tests are about.
      'no-control-regex': 'off',
    },
  },
  {
    // Page functions run in the browser that drives the workbench.
    files: ['scripts/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Tests read untyped JSON, YAML and HCL; the extension-host suites load mocha with require().
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-cond-assign': ['error', 'except-parens'] },
  },
  {
    files: ['test/integration/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core is pure: no Node or browser globals.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
  },
);
