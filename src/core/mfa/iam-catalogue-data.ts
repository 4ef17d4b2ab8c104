// The catalogue embedded in the core's bundles: the CLI's, and the extension's lazily loaded core
// (dist/lazy/core.js), which stays outside the activation bundle's size budget.
import type { CatalogueData } from './catalogue';
import data from './iam-catalogue.generated.json';

export const EMBEDDED_CATALOGUE: CatalogueData | undefined = data;
