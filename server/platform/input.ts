// Values that pass the schemas but that no service can take: checked once for every request.

/** JSON nested deeper than this is refused: no API needs it, and recursive code (digests, canonical JSON) must not overflow. */
export const MAX_JSON_DEPTH = 32;

/**
 * The path of the first value in parsed input that cannot be stored or processed, with why: nesting
 * deeper than {@link MAX_JSON_DEPTH}; a number that is not finite (ajv's type coercion turns "1e400"
 * into Infinity and then skips minimum/maximum, which test finite numbers only); or text — a value or
 * a key — with a NUL character, which PostgreSQL refuses in text and jsonb. Iterative, as input may
 * nest deeply.
 */
export function unusableValue(value: unknown, root: string): { field: string; why: string } | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) return { field: at, why: 'must be a finite number' };
    if (typeof v === 'string' && v.includes('\u0000')) return { field: at, why: 'must not contain NUL characters' };
    if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      if (depth >= MAX_JSON_DEPTH) return { field: at, why: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return { field: at, why: 'keys must not contain NUL characters' };
        stack.push([x, `${at}/${k}`, depth + 1]);
      }
    }
  }
  return undefined;
}
