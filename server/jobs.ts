/**
 * Work that time triggers, not a request: trucks in transit past the threshold raise alerts,
 * listings past their date expire, the email outbox is sent when SMTP is configured, and the
 * scheduled backup is taken. Exactly one process of a deployment runs them. Each job runs at
 * start and then on its interval, never twice at once; stop() waits for a run in progress.
 */
import { settings } from "#config/settings";
import { takeScheduledBackup } from "./backup";
import { logger } from "./logger";
import { jobRuns } from "./metrics";

type Job = { name: string; everyMs: number; run: () => unknown };

export function startJobs() {
  const jobs: Job[] = [
    {
      name: "alert sweep",
      everyMs: 60_000,
      run: async () => await (await import("~/domain/alerts/alerts.server")).raiseDueAlerts(),
    },
    {
      name: "listing expiry",
      everyMs: 60_000,
      run: async () =>
        await (await import("~/domain/listings/lifecycle.server")).expireDueListings(),
    },
  ];
  if (settings().SMTP_URL) {
    jobs.push({
      name: "email delivery",
      everyMs: 60_000,
      run: async () => await (await import("~/domain/notifications/mailer.server")).deliverOutbox(),
    });
  }
  if (settings().BACKUP_DIR) {
    jobs.push({
      name: "scheduled backup",
      // Checked every minute; a backup is taken when the newest is older than BACKUP_EVERY_HOURS.
      everyMs: 60_000,
      run: async () => {
        const result = await takeScheduledBackup();
        if (result) logger.info({ job: "scheduled backup", ...result }, "backup taken");
      },
    });
  }

  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = (async () => {
        try {
          await job.run();
          jobRuns.inc({ job: job.name, outcome: "ok" });
        } catch (error) {
          jobRuns.inc({ job: job.name, outcome: "failed" });
          logger.error({ job: job.name, err: error }, "job failed");
        } finally {
          busy = false;
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    };
    tick();
    timers.push(setInterval(tick, job.everyMs).unref());
  }
  logger.info({ jobs: jobs.map((job) => job.name) }, "scheduled jobs started");

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
