import { asc, count, eq } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { organisations, users } from "#db/schema";
import { audit } from "../audit/audit.server";
import { notFound } from "../errors";
import { type Actor, authorize } from "./actor";

export function listOrganisations(actor: Actor) {
  authorize(actor, "organisation.verify");
  return db
    .select({ organisation: organisations, members: count(users.id) })
    .from(organisations)
    .leftJoin(users, eq(users.orgId, organisations.id))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.verified), asc(organisations.kind), asc(organisations.name))
    .all();
}

export function setOrganisationVerified(actor: Actor, orgId: number, verified: boolean) {
  authorize(actor, "organisation.verify");
  return writeTransaction((tx) => {
    const org = tx.select().from(organisations).where(eq(organisations.id, orgId)).get();
    if (!org) throw notFound();
    if (org.verified === verified) return org;
    const updated = tx
      .update(organisations)
      .set({ verified })
      .where(eq(organisations.id, orgId))
      .returning()
      .get();
    audit(tx, actor, verified ? "organisation.verified" : "organisation.unverified", {
      type: "organisation",
      id: orgId,
    });
    return updated;
  });
}
