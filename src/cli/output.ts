// What every `waymark` command writes: results to standard output, progress and problems to standard error,
// and the one error that means "the command was used wrongly" (exit code 2, one line).
export const out = (line = '') => process.stdout.write(`${line}\n`);
export const err = (line: string) => process.stderr.write(`${line}\n`);
export const log = { info: (m: string) => err(m), warn: (m: string) => err(`Warning: ${m}`) };

export class UsageError extends Error {}
