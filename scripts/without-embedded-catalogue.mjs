// esbuild plugin for the extension bundles: they leave the IAM catalogue out (it would take 3 KB
// of the activation budget) and read dist/iam-catalogue.json at activation instead
// (src/extension/catalogue.ts). Used by scripts/build.mjs and the bundle-size test.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const withoutEmbeddedCatalogue = {
  name: 'without-embedded-catalogue',
  setup(b) {
    b.onResolve({ filter: /\/iam-catalogue-data$/ }, () => ({ path: path.join(root, 'src/extension/no-embedded-catalogue.ts') }));
  },
};
