// The plain log that the composition root hands to start-up and background work (the terminal, or the
// request logger's destination in production). Request logging itself is pino's, in src/cli/logging.ts.
export interface Log {
  info(message: string): void;
  warn(message: string): void;
}
