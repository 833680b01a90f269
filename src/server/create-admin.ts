// `npm run create-admin [-- --username=NAME] [--agency=SHORT_NAME]`: prints a one-time password for
// an administrator (created if missing), for an operator who missed the first start's console.
// With the embedded database, stop the server first: one process at a time may open it.
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { migrate, openDatabase } from './db/database.js';
import { describeIssuedAdmin, FIRST_ADMIN_USERNAME, issueAdmin, SetupError } from './modules/setup/first-start.js';

const { values } = parseArgs({ options: { username: { type: 'string' }, agency: { type: 'string' } } });
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(database);
  const admin = await issueAdmin(database.db, { username: values.username ?? FIRST_ADMIN_USERNAME, agency: values.agency, agencyName: config.agencyName });
  console.log(describeIssuedAdmin(admin).join('\n'));
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
