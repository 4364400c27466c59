/** Discriminated-union building blocks, after Emmett's `Event<Type, Data>` / `Command<Type, Data>`. */
export type Event<Type extends string, Data extends Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** Who issued a command and when; made at the edge and passed in, never read inside the domain. */
export type CommandMetadata = Readonly<{
  /** ISO-8601 UTC instant. */
  now: string;
  actor: Readonly<{ id: string; role?: string }>;
}>;

export type Command<Type extends string, Data extends Record<string, unknown>> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
