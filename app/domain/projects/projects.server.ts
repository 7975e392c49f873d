import { and, desc, eq } from "drizzle-orm";
import { db, writeTransaction } from "#db/client";
import { projects } from "#db/schema";
import { type Actor, authorize } from "../accounts/actor";
import { audit } from "../audit/audit.server";
import { now } from "../clock";
import { notFound } from "../errors";
import type { ProjectInput } from "./schemas";

export type Project = typeof projects.$inferSelect;

export function createProject(actor: Actor, input: ProjectInput): Project {
  authorize(actor, "project.create");
  return writeTransaction((tx) => {
    const project = tx
      .insert(projects)
      .values({ ...input, endsOn: input.endsOn ?? null, orgId: actor.orgId, createdAt: now() })
      .returning()
      .get();
    audit(
      tx,
      actor,
      "project.created",
      { type: "project", id: project.id },
      { name: project.name },
    );
    return project;
  });
}

export function listMyProjects(actor: Actor): Project[] {
  authorize(actor, "project.read");
  return db
    .select()
    .from(projects)
    .where(eq(projects.orgId, actor.orgId))
    .orderBy(desc(projects.id))
    .all();
}

/** A project of the actor's own organisation; anyone else's reads as "not found". */
export function getMyProject(actor: Actor, projectId: number): Project {
  authorize(actor, "project.read");
  const project = db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.orgId, actor.orgId)))
    .get();
  if (!project) throw notFound("project.notFound");
  return project;
}
