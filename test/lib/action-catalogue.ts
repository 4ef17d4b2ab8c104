/** The catalogue of every AWS action for tests, read from the committed file, as a host provides it before linting. */
import { readFileSync } from 'node:fs';
import { provideActionCatalogue } from '../../src/core/mfa/action-catalogue';

export const ACTION_CATALOGUE_FILE = new URL('../../src/core/mfa/iam-actions.generated.json', import.meta.url);

let provided = false;
export function provideTestActionCatalogue(): void {
  if (provided) return;
  if (!provideActionCatalogue(JSON.parse(readFileSync(ACTION_CATALOGUE_FILE, 'utf8')))) throw new Error('catalogue refused');
  provided = true;
}
