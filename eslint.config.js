// Lint, and the layer rule of ARCHITECTURE.md at error level: each folder may import only what its
// row of the layer table allows. A file under core/, main/ or renderer/ that no row covers fails.
import tseslint from 'typescript-eslint';

const LAYERS = [
  // [folder, folders of core/ it must not import]
  ['core/base', ['can', 'dbc', 'vehicle', 'miio', 'home', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/can', ['dbc', 'vehicle', 'miio', 'home', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/dbc', ['can', 'vehicle', 'miio', 'home', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/miio', ['can', 'dbc', 'vehicle', 'home', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/vehicle', ['miio', 'home', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/home', ['can', 'dbc', 'vehicle', 'automation', 'api', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/sim', ['automation', 'api', 'store', 'mqtt', 'runtime', 'cli']],
  ['core/automation', ['can', 'dbc', 'miio', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/api', ['can', 'dbc', 'vehicle', 'miio', 'home', 'automation', 'store', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/store', ['can', 'dbc', 'vehicle', 'miio', 'home', 'automation', 'mqtt', 'sim', 'runtime', 'cli']],
  ['core/mqtt', ['can', 'dbc', 'vehicle', 'miio', 'home', 'automation', 'store', 'sim', 'runtime', 'cli']],
  ['core/runtime', ['cli']],
  ['core/cli', []],
];

const restrict = (names) =>
  names.flatMap((name) => [`../${name}/*`, `../../${name}/*`, `../../../${name}/*`]);

const outsideCore = ['**/main/*', '**/renderer/*', '**/test/*', 'electron'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '.homeward/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  ...LAYERS.map(([folder, banned]) => ({
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'core/ is pure Node: no Electron.' }],
        patterns: [{ group: [...restrict(banned), ...outsideCore], message: `${folder} may not import this layer (see ARCHITECTURE.md).` }],
      }],
    },
  })),
  {
    // Core files outside every row of the layer table are an error: add the folder to LAYERS first.
    files: ['core/**/*.ts'],
    ignores: LAYERS.map(([folder]) => `${folder}/**`),
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: 'This core/ folder is not in the layer table of eslint.config.js.' }] },
  },
  {
    // One clock: core/ reads time from the injected scheduler, never from the wall.
    files: ['core/**/*.ts'],
    ignores: ['core/base/clock.ts', 'core/can/sources/**', 'core/cli/**', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the injected scheduler: scheduler.now().' },
        { object: 'performance', property: 'now', message: 'Use the injected scheduler: scheduler.now().' }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Wait with RxJS timer/delay on the injected scheduler.' },
        { name: 'setInterval', message: 'Use RxJS interval on the injected scheduler.' }],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Tests use virtual time (TestScheduler) or wait on the event itself.' },
        { name: 'setInterval', message: 'Tests use virtual time.' }],
    },
  },
  {
    // The page reaches the core only through the wire protocol.
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^\\.\\./(\\.\\./)*core/(?!api/protocol(\\.js)?$)', message: 'renderer/ may import only core/api/protocol.' },
          { group: ['node:*', 'electron', '**/main/*'], message: 'renderer/ has no Node and no Electron.' }],
      }],
    },
  },
);
