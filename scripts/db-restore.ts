/**
 * npm run db:restore -- FILE
 *
 * Puts a backup in place of the database of a stopped deployment (DATABASE_PATH). Refuses a
 * running server, a corrupt file and a file from a newer schema, before touching anything.
 */
import { BackupError, restoreDatabase } from "../server/backup";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write("usage: npm run db:restore -- FILE\n");
  process.exit(2);
}
try {
  const result = restoreDatabase(file);
  process.stdout.write(
    `restored ${file} to ${result.file}${result.previous ? ` (the database it replaced is kept as ${result.previous})` : ""}, ${result.uploads} uploaded files; migrations newer than the backup run when the server starts\n`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`db:restore: ${error.message}\n`);
  process.exit(1);
}
