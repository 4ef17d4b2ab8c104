// Stands in for src/core/mfa/iam-catalogue-data.ts in the extension's bundles (scripts/build.mjs):
// the extension loads the catalogue from dist/iam-catalogue.json at activation instead.
import type { CatalogueData } from '../core';

export const EMBEDDED_CATALOGUE: CatalogueData | undefined = undefined;
