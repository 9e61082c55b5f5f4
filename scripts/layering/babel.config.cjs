// Used only by the layering check (.dependency-cruiser.cjs): TypeScript 7 has no JavaScript API for
// dependency-cruiser's own parser, so Babel strips the types first. (@swc/core is a devDependency
// only because dependency-cruiser counts .ts files as readable when it finds swc or TypeScript < 7.)
module.exports = {
  babelrc: false,
  configFile: false,
  plugins: [require.resolve('./keep-type-imports.cjs')],
  presets: [
    [require.resolve('@babel/preset-typescript'), { allExtensions: true, isTSX: true, onlyRemoveTypeImports: true }],
    [require.resolve('@babel/preset-react'), { runtime: 'automatic' }],
  ],
};
