// Lint rules. Besides typescript-eslint's recommended set, this file enforces
// the layering of ARCHITECTURE.md: the emulator is pure (no editor, no DAP,
// no host time or randomness) and the debug adapter never imports vscode.
import tseslint from 'typescript-eslint';

const editorImports = {
  paths: [{ name: 'vscode', message: 'This layer must not import the VS Code API (ARCHITECTURE.md: layers).' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test/e2e/.cache/**', 'examples/**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...editorImports,
        patterns: [{ group: ['@vscode/*'], message: 'emulator/ must not import DAP or editor packages (ARCHITECTURE.md: layers).' }],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'emulator/ reads host time only through the replay layer.' },
        { object: 'Math', property: 'random', message: 'emulator/ reads randomness only through the replay layer.' },
        { object: 'performance', property: 'now', message: 'emulator/ reads host time only through the replay layer.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'emulator/ uses the virtual clock, not host timers.' },
        { name: 'setInterval', message: 'emulator/ uses the virtual clock, not host timers.' },
        { name: 'setImmediate', message: 'emulator/ uses the virtual clock, not host timers.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: 'emulator/ reads host time only through the replay layer.' },
      ],
    },
  },
  {
    files: ['debug-adapter/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', editorImports] },
  },
);
