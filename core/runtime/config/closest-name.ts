/** The known name nearest to a misspelt one (`radius` → `radius_m`), or undefined if none is close. */
export function closestName(wrong: string, known: readonly string[]): string | undefined {
  const target = wrong.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const candidate = name.toLowerCase();
    // A unit suffix or prefix missing (`radius` for `radius_m`, `interval` for `poll_interval_s`).
    const distance = candidate.startsWith(target) || candidate.endsWith(target) ? 1 : editDistance(target, candidate);
    if (distance < (best?.distance ?? Number.POSITIVE_INFINITY)) best = { name, distance };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(wrong.length, best.name.length) / 3));
  return best.distance <= limit ? best.name : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
