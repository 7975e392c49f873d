import { and, asc, desc, eq } from "drizzle-orm";
import { db } from "#db/client";
import { publishedMonths } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { MonthFigures } from "../department/figures";

/**
 * The months the actor's department published for its jurisdiction, every version (a restatement
 * is a new version; the old ones stay), newest month first. Each department publishes its own
 * jurisdiction's figures (the province's include each division), so it reads only its own.
 */
export function listPublishedMonths(actor: Actor, query: { month?: string }) {
  authorize(actor, "stats.read");
  const jurisdiction = actor.divisionCode;
  return db
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
    .all()
    .map((row) => ({ ...row, figures: MonthFigures.parse(row.figures) }));
}
