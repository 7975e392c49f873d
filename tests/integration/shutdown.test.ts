/**
 * The server on several workers: a worker that dies is replaced, and SIGTERM during a load of
 * requests stops it cleanly — every request is either answered in full or never accepted, and
 * the process exits 0 within 10 seconds with the database checkpointed.
 */
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../support/server";

type Outcome = "answered" | "refused" | "broken";

/** A connection that could not be made or was closed before any answer: never accepted. */
function neverAccepted(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (
    ["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET", "EPIPE"].includes(cause?.code ?? "") ||
    /other side closed|socket hang up/i.test(cause?.message ?? "")
  );
}

function listeningWorkers(output: string) {
  return output
    .split("\n")
    .filter((line) => line.includes('"msg":"Rebuild Exchange listening'))
    .map((line) => JSON.parse(line) as { pid: number; runsJobs: boolean });
}

describe("several workers and a graceful stop", () => {
  it("replaces a worker that dies", async () => {
    const server = await startServer({ WORKERS: "2" });
    try {
      const deadline = Date.now() + 15_000;
      while (listeningWorkers(server.output()).length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const [jobs, other] = [
        listeningWorkers(server.output()).find((w) => w.runsJobs),
        listeningWorkers(server.output()).find((w) => !w.runsJobs),
      ];
      expect(jobs && other).toBeTruthy();
      process.kill(jobs?.pid ?? 0, "SIGKILL");
      while (listeningWorkers(server.output()).length < 3 && Date.now() < deadline + 15_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const replacement = listeningWorkers(server.output())[2];
      // The replacement takes over the scheduled jobs of the one that died.
      expect(replacement?.runsJobs).toBe(true);
      expect(server.output()).toMatch(/worker died; replacing it/);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("finishes or never accepts each request on SIGTERM, and exits 0 within 10 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rx-stop-"));
    const database = join(dir, "app.db");
    const server = await startServer({ WORKERS: "2", DATABASE_PATH: database });
    const outcomes: Outcome[] = [];
    const broken: string[] = [];
    let sending = true;
    const client = async () => {
      while (sending) {
        try {
          const response = await fetch(`${server.baseUrl}/login`);
          const body = await response.text();
          if (response.status === 200 && body.trimEnd().endsWith("</html>"))
            outcomes.push("answered");
          else {
            outcomes.push("broken");
            broken.push(`status ${response.status}, ${body.length} bytes`);
          }
        } catch (error) {
          if (neverAccepted(error)) {
            outcomes.push("refused");
            await new Promise((r) => setTimeout(r, 10));
          } else {
            outcomes.push("broken");
            broken.push(String((error as { cause?: unknown }).cause ?? error));
          }
        }
      }
    };
    const clients = Array.from({ length: 24 }, client);
    await new Promise((r) => setTimeout(r, 1500));
    const answeredBefore = outcomes.filter((o) => o === "answered").length;
    const signalled = Date.now();
    process.kill(server.pid, "SIGTERM");
    const code = await server.exited;
    const took = Date.now() - signalled;
    await new Promise((r) => setTimeout(r, 300));
    sending = false;
    await Promise.all(clients);

    expect(broken).toEqual([]);
    expect(answeredBefore).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o === "answered").length).toBeGreaterThanOrEqual(answeredBefore);
    expect(code).toBe(0);
    expect(took).toBeLessThan(10_000);
    expect(server.output()).toMatch(/"msg":"stopped"/);
    // The WAL was checkpointed into the database file on the way out.
    expect(!existsSync(`${database}-wal`) || statSync(`${database}-wal`).size === 0).toBe(true);
    expect(existsSync(`${database}.pid`)).toBe(false);
  });
});
