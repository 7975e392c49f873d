import { asc, eq, isNull, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { settings } from "#config/settings";
import { emailOutbox } from "#db/schema";
import { read, write } from "#db/store";
import { now } from "../clock";

const BATCH = 50;

export type Delivery = { sent: number; failed: number };

/**
 * Sends the outbox's unsent emails through the SMTP server in SMTP_URL (for example
 * smtps://user:password@smtp.example.com). Without one nothing is sent and the rows wait: the
 * outbox is always written, and is the record of what the platform meant to tell whom.
 *
 * A row is marked sent only once the SMTP server has accepted it. A failure is kept in lastError
 * and retried on the next run, after the rows that have not failed yet, so one bad address cannot
 * hold up the rest. If the process dies between the server's acceptance and the update, that one
 * email goes out again: delivery is at least once.
 */
export async function deliverOutbox(
  smtpUrl = settings().SMTP_URL,
  from = settings().MAIL_FROM,
): Promise<Delivery> {
  if (!smtpUrl) return { sent: 0, failed: 0 };
  const rows = await read((db) =>
    db
      .select()
      .from(emailOutbox)
      .where(isNull(emailOutbox.sentAt))
      .orderBy(sql`${emailOutbox.lastError} IS NOT NULL`, asc(emailOutbox.id))
      .limit(BATCH),
  );
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(smtpUrl);
  // Without MAIL_FROM, mail comes from no-reply at the SMTP server's own domain.
  const sender = from ?? `no-reply@${new URL(smtpUrl).hostname}`;
  const result: Delivery = { sent: 0, failed: 0 };
  try {
    for (const row of rows) {
      try {
        await transport.sendMail({
          from: sender,
          to: row.toEmail,
          subject: row.subject,
          text: row.body,
        });
        await write(async (tx) => {
          await tx
            .update(emailOutbox)
            .set({ sentAt: now(), lastError: null })
            .where(eq(emailOutbox.id, row.id));
        });
        result.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await write(async (tx) => {
          await tx
            .update(emailOutbox)
            .set({ lastError: message.slice(0, 500) })
            .where(eq(emailOutbox.id, row.id));
        });
        result.failed++;
      }
    }
  } finally {
    transport.close();
  }
  return result;
}
