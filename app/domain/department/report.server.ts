import { type Actor, authorize } from "../access";
import { definitionsById, definitionsFor } from "../metrics";
import { publicationOf } from "./publication.server";
import { rectificationSummary } from "./rectification.server";

/**
 * The monthly report of a jurisdiction: the published figures when the month is published (the
 * latest version, said so, with any pending restatement), else the current figures marked as
 * provisional; by division and by waste class; the definitions they were computed with; and the
 * rectification register's month.
 */
export async function monthlyReport(actor: Actor, month: string) {
  authorize(actor, "stats.read");
  const publication = await publicationOf(actor, month);
  const figures = publication.latest?.figures ?? publication.current;
  const definitions =
    (await definitionsById(figures.definitionVersionId)) ?? (await definitionsFor(month));
  return {
    jurisdiction: publication.jurisdiction,
    month,
    state: publication.latest
      ? ("published" as const)
      : publication.closed
        ? ("unpublished" as const)
        : ("provisional" as const),
    latest: publication.latest
      ? {
          version: publication.latest.version,
          publishedAt: publication.latest.publishedAt,
          publishedBy: publication.latest.publishedBy,
          explanation: publication.latest.explanation,
        }
      : null,
    pendingRestatement: publication.pendingRestatement,
    figures,
    definitions,
    rectification: await rectificationSummary(actor, month),
  };
}
