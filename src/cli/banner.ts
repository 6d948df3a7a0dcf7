// What `waymark serve` prints once it is listening: the address, where the data lives, demo sign-in details.
import type { Config } from '../config.ts';
import type { RunningWaymark } from '../main.ts';

export function printStartBanner(out: (line?: string) => void, config: Config, running: RunningWaymark) {
  out('');
  out(`Waymark is running at ${running.url}`);
  if (running.database.embedded) {
    if (running.database.embedded.relocatedNotice) out(running.database.embedded.relocatedNotice);
    out(`Data (embedded PostgreSQL): ${running.database.embedded.dataDir}`);
  } else {
    out('Data: the PostgreSQL server at DATABASE_URL');
  }
  if (running.demoCredentials) {
    out('');
    out('Demo sign-in details (shown only this once; the passwords are not stored anywhere readable):');
    for (const c of running.demoCredentials) out(`  ${c.email.padEnd(52)} ${c.password}   ${c.role}`);
  }
  out('');
  out(`Press Ctrl+C to stop.${config.embedded ? ' The data stays in the folder above for next time.' : ''}`);
}
