import { and, asc, desc, eq } from "drizzle-orm";
import { publishedMonths } from "#db/schema";
import { read } from "#db/store";
import { type Actor, authorize } from "../access";
import { MonthFigures } from "../metrics";

/**
 * The months the actor's department published for its jurisdiction, every version (a restatement
 * is a new version; the old ones stay), newest month first. Each department publishes its own
 * jurisdiction's figures (the province's include each division), so it reads only its own.
 */
export async function listPublishedMonths(actor: Actor, query: { month?: string }) {
  return read(async (db) => {
    authorize(actor, "stats.read");
    const jurisdiction = actor.divisionCode;
    return (
      await db
        .select({
          jurisdiction: publishedMonths.jurisdiction,
          month: publishedMonths.month,
          version: publishedMonths.version,
          definitionVersionId: publishedMonths.definitionVersionId,
          figures: publishedMonths.figures,
          explanation: publishedMonths.explanation,
          publishedAt: publishedMonths.publishedAt,
        })
        .from(publishedMonths)
        .where(
          and(
            eq(publishedMonths.jurisdiction, jurisdiction),
            query.month ? eq(publishedMonths.month, query.month) : undefined,
          ),
        )
        .orderBy(desc(publishedMonths.month), asc(publishedMonths.version))
    ).map((row) => ({ ...row, figures: MonthFigures.parse(row.figures) }));
  });
}
