import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', '.data/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/complaints/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'Date', message: 'Time is passed in with the command.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Ids are made at the edge.' }],
    },
  },
);
