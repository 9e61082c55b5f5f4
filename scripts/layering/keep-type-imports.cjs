/**
 * Babel erases type-only imports and re-exports before dependency-cruiser sees the code, but a
 * type import of another folder couples two layers as much as a value import does. This plugin
 * turns each relative one into a bare `import './x'` so the layering rules see it. Type imports
 * of packages (viem's `Address`) stay erased: they ship no code, and the package rules are about
 * what runs. It works on Program entry because the
 * TypeScript transform drops type imports there, and plugins run before presets.
 */
module.exports = function keepTypeImports({ types: t }) {
  const typeOnly = (node) => {
    if (node.type === 'ImportDeclaration') {
      return node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
    }
    if (node.type === 'ExportNamedDeclaration' && node.source) {
      return node.exportKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'));
    }
    return node.type === 'ExportAllDeclaration' && node.exportKind === 'type';
  };
  return {
    name: 'keep-type-imports',
    visitor: {
      Program: {
        enter(path) {
          for (const statement of path.get('body')) {
            if (typeOnly(statement.node) && statement.node.source.value.startsWith('.')) {
              statement.replaceWith(t.importDeclaration([], t.stringLiteral(statement.node.source.value)));
            }
          }
        },
      },
    },
  };
};
