import { asc, count, eq } from "drizzle-orm";
import { organisations, users } from "#db/schema";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { notFound } from "../errors";

export async function listOrganisations(actor: Actor) {
  return read(async (db) => {
    authorize(actor, "organisation.verify");
    return await db
      .select({ organisation: organisations, members: count(users.id) })
      .from(organisations)
      .leftJoin(users, eq(users.orgId, organisations.id))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.verified), asc(organisations.kind), asc(organisations.name));
  });
}

export async function setOrganisationVerified(actor: Actor, orgId: number, verified: boolean) {
  authorize(actor, "organisation.verify");
  return write(async (tx) => {
    const org = (
      await tx.select().from(organisations).where(eq(organisations.id, orgId)).limit(1)
    )[0];
    if (!org) throw notFound();
    if (org.verified === verified) return org;
    const updated = returnedRow(
      await tx
        .update(organisations)
        .set({ verified })
        .where(eq(organisations.id, orgId))
        .returning(),
    );
    await audit(tx, actor, verified ? "organisation.verified" : "organisation.unverified", {
      type: "organisation",
      id: orgId,
    });
    return updated;
  });
}
