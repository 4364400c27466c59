/**
 * Values at dotted paths of an event's data (`customer.contact.phone`, `options[].note`): found, and
 * replaced in a copy. A segment ending in `[]` walks every element of an array; a missing or null value
 * is left alone, so optional fields stay absent.
 */
type Json = Record<string, unknown>;

export type PathVisitor = (value: unknown, concretePath: string) => unknown;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const segmentCache = new Map<string, readonly string[]>();
const segmentsOf = (path: string): readonly string[] => {
  let segments = segmentCache.get(path);
  if (!segments) {
    segments = path.split('.');
    segmentCache.set(path, segments);
  }
  return segments;
};

/**
 * `copies` holds the objects and arrays this call made: they are changed in place by later paths, so
 * each is copied once however many paths run through it, and the input is never changed.
 */
const mapAt = (
  node: unknown,
  segments: readonly string[],
  depth: number,
  prefix: string,
  visit: PathVisitor,
  copies: WeakSet<object>,
): unknown => {
  if (depth === segments.length) return node === undefined || node === null ? node : visit(node, prefix);
  if (!isRecord(node)) return node;
  const head = segments[depth]!;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (!Object.hasOwn(node, key)) return node;
  const here = prefix === '' ? key : `${prefix}.${key}`;
  const child = node[key];
  let mapped: unknown = child;
  if (isArray && Array.isArray(child)) {
    let changed = false;
    const elements = child.map((element, index) => {
      const next = mapAt(element, segments, depth + 1, `${here}[${index}]`, visit, copies);
      changed ||= next !== element;
      return next;
    });
    if (changed) {
      copies.add(elements);
      mapped = elements;
    }
  } else if (!isArray) mapped = mapAt(child, segments, depth + 1, here, visit, copies);
  if (mapped === child) return node;
  if (copies.has(node)) {
    node[key] = mapped;
    return node;
  }
  const copy = { ...node, [key]: mapped };
  copies.add(copy);
  return copy;
};

/** A copy of `data` with `visit` applied to the value at each path that holds one; `data` stays as it is. */
export const mapPaths = (data: Json, paths: readonly string[], visit: PathVisitor): Json => {
  const copies = new WeakSet<object>();
  return paths.reduce<Json>(
    (current, path) => mapAt(current, segmentsOf(path), 0, '', visit, copies) as Json,
    data,
  );
};

/** Every present value at the paths, with its concrete path (`options[1].note`). */
export const valuesAt = (data: Json, paths: readonly string[]): { path: string; value: unknown }[] => {
  const found: { path: string; value: unknown }[] = [];
  mapPaths(data, paths, (value, path) => {
    found.push({ path, value });
    return value;
  });
  return found;
};
