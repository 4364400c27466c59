/**
 * Settings both adapters run with, so that rows look the same whichever engine answers: 64-bit integers
 * as strings (JSON numbers would lose digits), instants in and out as ISO-8601 UTC.
 */
export const SESSION_SETTINGS = {
  session_timezone: 'UTC',
  output_format_json_quote_64bit_integers: 1,
  date_time_output_format: 'iso',
  date_time_input_format: 'best_effort',
} as const;

/** An unknown key in an inserted row is an error, never silently dropped. */
export const INSERT_SETTINGS = {
  input_format_skip_unknown_fields: 0,
  date_time_input_format: 'best_effort',
} as const;
