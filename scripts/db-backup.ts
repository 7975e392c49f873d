/**
 * npm run db:backup -- FILE
 *
 * An online, consistent copy of the database (while the server runs), checked with
 * integrity_check before it gets its name; uploaded files go to FILE.uploads/.
 */
import { BackupError, backupDatabase } from "../server/backup";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write("usage: npm run db:backup -- FILE\n");
  process.exit(2);
}
try {
  const result = await backupDatabase(file);
  process.stdout.write(
    `backed up to ${result.file}: ${(result.bytes / 1e6).toFixed(1)} MB, integrity ok, ${result.uploads} uploaded files, ${result.ms} ms\n`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`db:backup: ${error.message}\n`);
  process.exit(1);
}
