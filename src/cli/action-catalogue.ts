// The catalogue of every AWS action, for the unknown-action rule: dist/iam-actions.json beside the
// bundle (418 KB, read and parsed once, about 10 ms, before the first file is linted), or, run from
// the sources, the committed generated file. Without it the rule says nothing, and the run warns.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { actionCatalogueLoaded, provideActionCatalogue } from '../core';

const CANDIDATES = ['iam-actions.json', '../core/mfa/iam-actions.generated.json'];

/** Provides the catalogue to the core once; a warning to show when it cannot be read. */
export function loadActionCatalogue(dir: string = __dirname): string | undefined {
  if (actionCatalogueLoaded()) return undefined;
  for (const name of CANDIDATES) {
    const file = nodePath.join(dir, name);
    if (!nodeFs.existsSync(file)) continue;
    try {
      if (provideActionCatalogue(JSON.parse(nodeFs.readFileSync(file, 'utf8')))) return undefined;
    } catch {
      // A damaged file: said below, like a missing one.
    }
  }
  return `the catalogue of AWS actions (${nodePath.join(dir, CANDIDATES[0]!)}) could not be read; unknown-action is not checked`;
}
