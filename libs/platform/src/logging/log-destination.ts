import { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Where a service's log lines go. On a terminal, readable lines (time, level, context, message) for the
 * person who started it; anywhere else (a file, a pipe, a log collector), one JSON object per line.
 * Both carry the same redacted fields: pretty-printing formats what pino has already serialized.
 */
export const logDestination = (
  isTTY: boolean = process.stdout.isTTY === true,
  terminal: number | NodeJS.WritableStream = 1,
): DestinationStream | undefined =>
  isTTY
    ? pretty({
        destination: terminal,
        colorize: true,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
      })
    : undefined;
