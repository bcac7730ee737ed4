/**
 * Structured logging: one JSON object per line on stderr, so stdout stays free
 * for the contract line (`listening on ws://H:P`) that scripts wait for.
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LogLine extends LogFields {
  level: LogLevel;
  msg: string;
  time: string;
}

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function makeLogger(write: (line: LogLine) => void): Logger {
  const log = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    // Reserved keys first for readability; fields cannot overwrite them.
    const line: LogLine = { time: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields)) if (!(key in line)) line[key] = value;
    write(line);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export function jsonLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  return makeLogger((line) => stream.write(JSON.stringify(line, errorReplacer) + '\n'));
}

export const silentLogger: Logger = makeLogger(() => {});

/** Keeps every line in memory; for tests that assert what the relay logged. */
export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { ...makeLogger((line) => lines.push(line)), lines };
}

/** Errors have no enumerable fields, so JSON.stringify would print `{}`. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
