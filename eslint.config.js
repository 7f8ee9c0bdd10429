// Shared ESLint flat config: type-checked rules for every workspace, and the import boundaries of docs/ARCHITECTURE.md.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TABLE = "docs/ARCHITECTURE.md, 'Packages and who may import whom'";

/** Internal package names. `@distillery/api` is the tRPC router package; `@distillery/api-server` serves it over HTTP. */
const PACKAGES = [
  '@distillery/schemas',
  '@distillery/ml',
  '@distillery/ml-native',
  '@distillery/store',
  '@distillery/workflows',
  '@distillery/client',
  '@distillery/api',
  '@distillery/report',
];
const APPS = ['@distillery/api-server', '@distillery/worker', '@distillery/console'];

/**
 * Who may import whom, as the table in docs/ARCHITECTURE.md says: `may` lists the internal packages a workspace may
 * import, `typesOnly` those it may import with `import type` only. Every other internal package is forbidden.
 */
const WORKSPACES = [
  { dir: 'packages/schemas', may: [], only: 'zod only' },
  // ml-native is optional and loaded dynamically (import() is not a static import, so this rule lets it through).
  { dir: 'packages/ml', may: ['@distillery/schemas'], typesOnly: ['@distillery/ml-native'], only: 'schemas, tfjs and ml-native (dynamically)' },
  { dir: 'packages/ml-native', may: [], only: 'tfjs' },
  { dir: 'packages/store', may: ['@distillery/schemas'], only: 'schemas' },
  { dir: 'packages/workflows', may: ['@distillery/schemas'], only: 'schemas, @temporalio/workflow and activity types' },
  { dir: 'packages/report', may: ['@distillery/schemas'], only: 'schemas' },
  {
    dir: 'packages/api',
    may: ['@distillery/schemas', '@distillery/store', '@distillery/workflows', '@distillery/report'],
    only: 'schemas, store, workflows (names/types) and report',
  },
  {
    dir: 'packages/client',
    may: ['@distillery/schemas', '@distillery/report'],
    typesOnly: ['@distillery/api'],
    only: 'schemas, report and `import type` of the API router',
  },
  {
    dir: 'apps/api',
    app: true,
    may: ['@distillery/schemas', '@distillery/store', '@distillery/workflows', '@distillery/api', '@distillery/report'],
    only: 'schemas, store, workflows (names/types), the api router package and report',
  },
  {
    dir: 'apps/worker',
    app: true,
    may: ['@distillery/schemas', '@distillery/ml', '@distillery/store', '@distillery/workflows', '@distillery/report'],
    only: 'schemas, ml, store, workflows and report',
  },
  {
    dir: 'apps/console',
    app: true,
    may: ['@distillery/schemas', '@distillery/client', '@distillery/report'],
    typesOnly: ['@distillery/api'],
    only: 'schemas, client, report and `import type` of the API router',
  },
  { dir: 'e2e', app: true, may: ['@distillery/schemas', '@distillery/client'], only: 'client (and schemas)' },
];

/** Files outside any boundary: tests and their harnesses may start servers, read env, import what they exercise. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/*.e2e.ts'];
/** Where process.env may be read: an app's env.ts (and test support's), tests, benches, scripts, tool configs. */
const ENV_READERS = ['**/env.ts', ...TEST_FILES, 'e2e/**', 'bench/**', 'scripts/**', '**/*.config.ts'];

const ENV_MESSAGE =
  "Libraries take options; apps read the environment once, in their env.ts, and pass settings down (STYLE.md, 'Workspace wiring'; issue 12).";

const cite = (text) => `${text} (${TABLE}).`;

function forbiddenImports({ dir, app = false, may, typesOnly = [], only }) {
  const patterns = [];
  for (const name of APPS) {
    patterns.push({
      group: [name, `${name}/*`],
      message: cite(app ? 'Apps never import each other' : 'Packages never import apps'),
    });
  }
  for (const name of PACKAGES) {
    if (may.includes(name)) continue;
    const consoleRule = dir === 'apps/console' && (name === '@distillery/ml' || name === '@distillery/store');
    patterns.push({
      group: [name, `${name}/*`],
      ...(typesOnly.includes(name) ? { allowTypeImports: true } : {}),
      message: consoleRule
        ? cite('The console never touches ml or store directly')
        : cite(`${dir} may import ${only}${typesOnly.includes(name) ? `; ${name} only with \`import type\`` : ''}`),
    });
  }
  patterns.push(
    { group: ['@distillery/*/src', '@distillery/*/src/**'], message: "Import a package through its exports, not its src/ (STYLE.md, 'Workspace wiring')." },
    {
      regex: '^(\\.\\./)+((packages|apps)/|[\\w-]+/src/)',
      message: "Import another workspace by its package name, never by a relative path (STYLE.md, 'Workspace wiring').",
    },
  );
  // Third-party and Node modules (internal ones are named above, with their own message).
  if (dir === 'packages/schemas') patterns.push({ regex: '^(?!zod(/|$)|\\.|@distillery/)', message: cite('packages/schemas may import zod only') });
  if (dir === 'packages/workflows') {
    const message = cite('Workflow code is deterministic: no Node built-ins, only @temporalio/workflow (and activity types)');
    patterns.push(
      { group: ['node:*'], message },
      { group: builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `${name}/*`]), message },
      { group: ['@temporalio/*', '!@temporalio/workflow'], allowTypeImports: true, message },
    );
  }
  return {
    files: [`${dir}/**/*.{ts,tsx}`],
    ignores: dir === 'e2e' ? [] : TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'node:process', importNames: ['env'], message: ENV_MESSAGE }, { name: 'process', importNames: ['env'], message: ENV_MESSAGE }],
          patterns,
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', 'tools/**', '.data/**', '**/*.js', '**/*.mjs', '**/*.cjs', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  // Boundaries: one block per workspace (the blocks' files never overlap, so no block replaces another's list).
  ...WORKSPACES.map(forbiddenImports),
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ENV_READERS,
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }] },
  },
);
