/**
 * PostgreSQL binds values by position (`$1`, `$2`…); the report statements are written, as their
 * ClickHouse originals are, with named parameters. `ref('start', 'timestamptz')` gives the position of
 * a named value (bound once however often the statement uses it) with its type cast, so that a null
 * still has a type; `values` is the list to send along with the text. No value enters the SQL text.
 */
export type PgParamValue = string | number | boolean | null | Date | readonly (string | Date)[];

export class PgParams {
  private readonly positions = new Map<string, number>();
  readonly values: PgParamValue[] = [];

  constructor(private readonly named: Readonly<Record<string, PgParamValue>>) {}

  ref(name: string, type: string): string {
    let position = this.positions.get(name);
    if (position === undefined) {
      if (!(name in this.named)) throw new Error(`No value for parameter '${name}'`);
      this.values.push(this.named[name]);
      position = this.values.length;
      this.positions.set(name, position);
    }
    return `$${position}::${type}`;
  }

  /** An extra value of its own, e.g. a count's name: bound like every other. */
  value(value: PgParamValue, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}
