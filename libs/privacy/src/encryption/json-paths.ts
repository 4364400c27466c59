/**
 * Values at dotted paths of an event's data (`customer.contact.phone`, `options[].note`): found, and
 * replaced in a copy. A segment ending in `[]` walks every element of an array; a missing or null value
 * is left alone, so optional fields stay absent.
 */
type Json = Record<string, unknown>;

export type PathVisitor = (value: unknown, concretePath: string) => unknown;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const segmentsOf = (path: string): string[] => path.split('.');

const mapAt = (node: unknown, segments: readonly string[], prefix: string, visit: PathVisitor): unknown => {
  if (segments.length === 0) return node === undefined || node === null ? node : visit(node, prefix);
  if (!isRecord(node)) return node;
  const [head, ...rest] = segments as [string, ...string[]];
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (!Object.hasOwn(node, key)) return node;
  const here = prefix === '' ? key : `${prefix}.${key}`;
  const child = node[key];
  const mapped =
    isArray && Array.isArray(child)
      ? child.map((element, index) => mapAt(element, rest, `${here}[${index}]`, visit))
      : isArray
        ? child
        : mapAt(child, rest, here, visit);
  return mapped === child ? node : { ...node, [key]: mapped };
};

/** A copy of `data` with `visit` applied to the value at each path that holds one. */
export const mapPaths = (data: Json, paths: readonly string[], visit: PathVisitor): Json =>
  paths.reduce<Json>((current, path) => mapAt(current, segmentsOf(path), '', visit) as Json, data);

/** Every present value at the paths, with its concrete path (`options[1].note`). */
export const valuesAt = (data: Json, paths: readonly string[]): { path: string; value: unknown }[] => {
  const found: { path: string; value: unknown }[] = [];
  mapPaths(data, paths, (value, path) => {
    found.push({ path, value });
    return value;
  });
  return found;
};
