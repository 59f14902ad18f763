import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'bench/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'cockpit', message: 'Use the bridge (src/renderer/src/bridge), never window.cockpit directly.' }]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The React Compiler rules flag patterns we use on purpose (e.g. reading refs in virtual lists).
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/incompatible-library': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='cockpit']",
          message: 'Use the bridge (src/renderer/src/bridge), never window.cockpit directly.'
        }
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'node:*', 'fs', 'path'], message: 'The renderer has no Node: ask main through the bridge.' }] }
      ]
    }
  },
  {
    files: ['src/renderer/src/bridge/**'],
    rules: { 'no-restricted-syntax': 'off' }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'react', 'react-dom', 'dexie', '@mantine/*'], message: 'src/shared is imported by every process: no electron, react or dexie.' }] }
      ]
    }
  },
  {
    files: ['**/*.test.{ts,tsx}', 'tests/**'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' }
  }
)
