/**
 * The layering of src/, enforced in `npm test` (scripts/check-layering.ts). Each folder may import
 * only the folders listed for it (and itself); the README's "may import" table is this table.
 * Tests (*.test.ts, testing/ folders) may also import what they test against.
 */
const LAYERS = {
  lib: { mayImport: [], npm: [] },
  // @noble/curves (viem's own curve library) for receipt signatures checked in the extension's
  // worker, where viem's recovery (a dynamic import()) cannot run.
  protocol: { mayImport: ['lib'], npm: ['viem', '@noble/curves'] },
  // @noble/curves (viem's own curve library) for verification against a client's kept public key.
  engine: { mayImport: ['protocol', 'lib'], npm: ['viem', '@noble/curves'] },
  'engine/sql': { mayImport: ['engine', 'protocol', 'lib'], npm: ['viem', '@electric-sql/pglite', 'pg'] },
  paywall: { mayImport: ['engine', 'protocol', 'lib'], npm: ['express', 'hono'] },
  chain: { mayImport: ['engine', 'engine/sql', 'protocol', 'lib'], npm: ['viem'] },
  storage: { mayImport: ['protocol', 'lib'], npm: ['idb'] },
  payer: { mayImport: ['storage', 'protocol', 'lib'], npm: ['viem', 'idb'] },
  // The messages carry the payer's record events and the store's records; the popup's client sends
  // them with webextension-polyfill's runtime.
  messaging: { mayImport: ['payer', 'storage', 'protocol', 'lib'], npm: ['webextension-polyfill'] },
  // The MAIN-world script. That no viem ends up in it is checked on the bundle itself
  // (src/background/bundle.test.ts): type-only imports make a reachability rule here misfire.
  // The isolated-world bridge uses webextension-polyfill; that it stays out of the MAIN-world script
  // is checked on the bundle too.
  content: { mayImport: ['messaging', 'payer', 'protocol', 'lib'], npm: ['webextension-polyfill'] },
  background: {
    mayImport: ['messaging', 'payer', 'storage', 'protocol', 'chain', 'lib'],
    npm: ['viem', 'idb', 'zod', '@metamask/browser-passworder', 'webextension-polyfill'],
  },
  popup: { mayImport: ['messaging', 'storage', 'protocol', 'lib'], npm: ['react', 'react-dom', 'viem', 'webextension-polyfill'] },
  'mock-vendor': {
    mayImport: ['paywall', 'engine', 'engine/sql', 'chain', 'payer', 'storage', 'protocol', 'lib'],
    npm: ['viem', 'zod', '@modelcontextprotocol/sdk', '@electric-sql/pglite', 'pg'],
  },
};

// Tests and what only tests import: suites run against every implementation, fixtures, fakes.
const TESTS = '(\\.test\\.tsx?$|/testing/|/test/|/test-[a-z-]+\\.ts$|[-.]contract\\.ts$|/fake-)';
const escape = (text) => text.replace(/[/.-]/g, (c) => `\\${c}`);
const folder = (name) => `^src/${escape(name)}/`;
const names = Object.keys(LAYERS);
// Folders nested in a layer that are layers of their own (engine/sql in engine).
const nestedIn = (name) => names.filter((other) => other !== name && other.startsWith(`${name}/`));

const forbidden = [];
for (const [name, { mayImport, npm }] of Object.entries(LAYERS)) {
  const allowed = [name, ...mayImport];
  const from = { path: folder(name), pathNot: [TESTS, ...nestedIn(name).map(folder)] };
  forbidden.push({
    name: `${name}-imports-only-${allowed.join('+')}`,
    comment: `src/${name} may import only ${allowed.map((n) => `src/${n}`).join(', ')} (see .dependency-cruiser.cjs)`,
    severity: 'error',
    from,
    to: { path: '^(src|scripts|e2e|bench)/', pathNot: allowed.map(folder) },
  });
  // Importing a layer does not let you import the layers nested in it (engine does not give engine/sql).
  for (const nested of names.filter((other) => other.includes('/') && !allowed.includes(other))) {
    if (!allowed.some((n) => nested.startsWith(`${n}/`))) continue;
    forbidden.push({
      name: `${name}-not-${nested}`,
      comment: `src/${name} may not import src/${nested}`,
      severity: 'error',
      from,
      to: { path: folder(nested) },
    });
  }
  forbidden.push({
    name: `${name}-npm-only-${npm.join('+') || 'none'}`,
    comment: `src/${name} may use only these packages: ${npm.join(', ') || 'none'}`,
    severity: 'error',
    from,
    to: {
      dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      pathNot: npm.map((pkg) => `(^|/)node_modules/${escape(pkg)}/`),
    },
  });
}

forbidden.push(
  {
    name: 'only-tests-import-the-mock-vendor',
    comment: 'nothing imports the mock vendor but its own entry point, tests, e2e, bench and scripts',
    severity: 'error',
    from: { path: '^src/', pathNot: ['^src/mock-vendor/', TESTS] },
    to: { path: '^src/mock-vendor/' },
  },
  {
    name: 'src-not-to-tools',
    comment: 'product code does not import scripts, e2e or bench',
    severity: 'error',
    from: { path: '^src/', pathNot: TESTS },
    to: { path: '^(scripts|e2e|bench)/' },
  },
  {
    name: 'no-unknown-folder',
    comment: 'every folder of src/ is a layer of .dependency-cruiser.cjs',
    severity: 'error',
    from: { path: '^src/', pathNot: [`^src/(${names.map(escape).join('|')})/`] },
    to: {},
  },
  {
    name: 'not-to-unresolvable',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    // Absolute, so the layering test can cruise a fixture tree elsewhere with the same rules.
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    babelConfig: { fileName: require('node:path').join(__dirname, 'scripts/layering/babel.config.cjs') },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
    },
  },
};
