/**
 * Database and table names cannot be bound as values, so they are checked against a strict whitelist
 * before they are written into SQL; nothing else ever is.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export class InvalidIdentifierError extends Error {
  readonly code = 'ANALYTICS_STORE.INVALID_IDENTIFIER';
  constructor(readonly identifier: string) {
    super(`Not a valid ClickHouse identifier: ${JSON.stringify(identifier)} (letters, digits and _ only)`);
    this.name = 'InvalidIdentifierError';
  }
}

export const assertIdentifier = (name: string): string => {
  if (!IDENTIFIER.test(name)) throw new InvalidIdentifierError(name);
  return name;
};

/** `table` or `database.table`, each part checked. */
export const assertTableName = (name: string): string => {
  const parts = name.split('.');
  if (parts.length > 2) throw new InvalidIdentifierError(name);
  parts.forEach((part) => {
    if (!IDENTIFIER.test(part)) throw new InvalidIdentifierError(name);
  });
  return name;
};

/** `database.table`, both parts checked. */
export const qualified = (database: string, table: string): string =>
  `${assertIdentifier(database)}.${assertIdentifier(table)}`;
