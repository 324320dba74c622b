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

// npm packages other than rxjs and zod, each only in the folder that owns it (ARCHITECTURE.md).
// [package, folders that may import it]; test/ may import anything.
const PACKAGES = [
  ['socketcan', ['core/can']],
  ['better-sqlite3', ['core/store']],
  ['mqtt', ['core/mqtt']],
  ['aedes', ['core/mqtt']],
  ['ws', ['core/api']],
  ['yaml', ['core/runtime', 'core/vehicle', 'core/sim']],
  ['pino', ['core/runtime']],
  ['uplot', ['renderer']],
];

/** no-restricted-imports entries for the packages `folder` may not import. */
const bannedPackages = (folder) => {
  const banned = PACKAGES.filter(([, owners]) => !owners.includes(folder));
  return {
    paths: banned.map(([name, owners]) => ({ name, message: `${name} belongs to ${owners.join(', ')} (see ARCHITECTURE.md).` })),
    patterns: banned.map(([name, owners]) => ({ group: [`${name}/*`], message: `${name} belongs to ${owners.join(', ')} (see ARCHITECTURE.md).` })),
  };
};

// RxJS time operators in core/ take an explicit scheduler (the injected clock), so tests run in
// virtual time. [operator, arguments with the scheduler]; a call with fewer has none. timeout()
// also takes it in its config object; delayWhen has no scheduler argument and is not listed.
const TIME_OPERATORS = [
  ['timer', 2], ['interval', 2], ['delay', 2], ['debounceTime', 2], ['throttleTime', 2], ['auditTime', 2],
  ['sampleTime', 2], ['bufferTime', 2], ['windowTime', 2],
];
const timeOperatorRules = [
  ...TIME_OPERATORS.map(([name, arity]) => ({
    selector: `CallExpression[callee.name='${name}'][arguments.length<${arity}]`,
    message: `${name}() in core/ needs the injected scheduler as its last argument.`,
  })),
  {
    selector: "CallExpression[callee.name='timeout'][arguments.length<2]:not(:has(ObjectExpression > Property[key.name='scheduler']))",
    message: 'timeout() in core/ needs the injected scheduler (timeout({ each, scheduler }) or timeout(ms, scheduler)).',
  },
];

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
        paths: [{ name: 'electron', message: 'core/ is pure Node: no Electron.' }, ...bannedPackages(folder).paths],
        patterns: [
          { group: [...restrict(banned), ...outsideCore], message: `${folder} may not import this layer (see ARCHITECTURE.md).` },
          ...bannedPackages(folder).patterns,
        ],
      }],
    },
  })),
  {
    files: ['core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...timeOperatorRules] },
  },
  {
    // Core files outside every row of the layer table are an error: add the folder to LAYERS first.
    // (This block repeats the time-operator selectors: a later no-restricted-syntax replaces an earlier one.)
    files: ['core/**/*.ts'],
    ignores: LAYERS.map(([folder]) => `${folder}/**`),
    rules: {
      'no-restricted-syntax': ['error', { selector: 'Program', message: 'This core/ folder is not in the layer table of eslint.config.js.' }, ...timeOperatorRules],
    },
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
        paths: bannedPackages('renderer').paths,
        patterns: [{ regex: '^\\.\\./(\\.\\./)*core/(?!api/protocol(\\.js)?$)', message: 'renderer/ may import only core/api/protocol.' },
          { group: ['node:*', 'electron', '**/main/*'], message: 'renderer/ has no Node and no Electron.' },
          ...bannedPackages('renderer').patterns],
      }],
    },
  },
  {
    // Electron's main process: electron, Node, the runtime (which wires the core) and the API layer
    // (main is the IPC transport beside the WebSocket server: sessions, static files, headers).
    files: ['main/**/*.ts', 'main/**/*.cts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(\\.\\./)+core/(?!runtime/|api/)', message: 'main/ may import only core/runtime and core/api of the core.' },
          { regex: '^(\\.\\./)+(renderer|test)/', message: 'main/ may not import renderer/ or test/.' },
          { regex: '^(?!electron$|electron/|node:|vitest$|\\.)', message: 'main/ uses electron and Node only (npm packages belong to their core folder).' },
        ],
      }],
    },
  },
);
