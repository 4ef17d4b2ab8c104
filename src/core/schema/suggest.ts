// "Did you mean" for misspelled keys and operator names. Runs only on the error path.
import { editDistance } from '../text/edit-distance';

/** Each list of known names, lower-cased once (the lists are the schema's fixed ones). */
const lowered = new WeakMap<readonly string[], string[]>();

/** The known name that `name` most likely meant: same letters in another case first, then a near spelling. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let lows = lowered.get(known);
  if (!lows) lowered.set(known, (lows = known.map((k) => k.toLowerCase())));
  const same = lows.indexOf(lower);
  if (same >= 0) return known[same];
  // Up to two edits, and fewer than a third of the word: `Sids` -> `Sid`, but not `Foo` -> `Sid`.
  const max = Math.min(2, Math.floor((name.length - 1) / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (let i = 0; i < known.length; i++) {
    const d = editDistance(lower, lows[i]!, max);
    if (d < bestDistance) {
      best = known[i];
      bestDistance = d;
    }
  }
  return best;
}
