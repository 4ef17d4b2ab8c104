// The catalogue embedded in the bundle. The extension's bundles replace this module with
// src/extension/no-embedded-catalogue.ts (scripts/build.mjs) and load the same data from
// dist/iam-catalogue.json at activation, outside the activation bundle's size budget.
import type { CatalogueData } from './catalogue';
import data from './iam-catalogue.generated.json';

export const EMBEDDED_CATALOGUE: CatalogueData | undefined = data;
