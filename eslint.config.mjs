// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'web/dist/', '.data/', 'test-results/']),
  {
    name: 'doorman/typescript',
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'mikro-orm.config.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { secret: _secret, ...rest } = obj` is how this code drops a key from a copy.
      // ...and `_args` names a parameter an override does not need.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'doorman/jest',
    files: ['src/**/*.spec.ts', 'src/**/*.fixture.ts', 'test/**/*.ts'],
    rules: {
      // expect(mock.method).toHaveBeenCalled() reads a method unbound on purpose: the classic false positive.
      '@typescript-eslint/unbound-method': 'off',
      // supertest's `res.body` and Jest's asymmetric matchers (expect.any, expect.objectContaining) are
      // typed `any` by their libraries; tests read and compare them, and a wrong shape fails the test anyway.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    name: 'doorman/web',
    // The browser client: its own tsconfig (DOM, JSX), found by the project service next to each file.
    files: ['web/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked, reactHooks.configs.flat.recommended],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    name: 'doorman/migrations',
    files: ['src/database/migrations/Migration*.ts'],
    // `mikro-orm migration:create` generates `async up()`/`async down()` that only call this.addSql().
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    name: 'doorman/config-files',
    files: ['*.js', '*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
