#!/usr/bin/env node
// The `waymark` command line. Runs on the Node 24 that the `node` npm package installs (see README).

// Whatever goes wrong outside a command's own handling (a module that fails to load, an error nobody
// listened for) still ends in one line and a non-zero exit; the stack only with LOG_LEVEL=debug.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`waymark: ${message.split('\n')[0]} (unexpected: run with LOG_LEVEL=debug for details)\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exit(1);
  });
}

// Loaded after the handlers above, so that even a failure to load the program is one line.
const { runCli } = await import('../src/cli/program.ts');
const code = await runCli(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
