// Used only by the layering check (.dependency-cruiser.cjs): TypeScript 7 has no JavaScript API for
// dependency-cruiser's own parser, so Babel strips the types first.
module.exports = {
  babelrc: false,
  configFile: false,
  plugins: [require.resolve('./keep-type-imports.cjs')],
  presets: [
    [require.resolve('@babel/preset-typescript'), { allExtensions: true, isTSX: true, onlyRemoveTypeImports: true }],
    [require.resolve('@babel/preset-react'), { runtime: 'automatic' }],
  ],
};
