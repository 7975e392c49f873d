import { and, desc, eq } from "drizzle-orm";
import { projects } from "#db/schema";
import { read, returnedRow, write } from "#db/store";
import { type Actor, authorize } from "../access";
import { audit } from "../audit";
import { now } from "../clock";
import { notFound } from "../errors";
import type { ProjectInput } from "./schemas";

export type Project = typeof projects.$inferSelect;

export async function createProject(actor: Actor, input: ProjectInput): Promise<Project> {
  authorize(actor, "project.create");
  return write(async (tx) => {
    const project = returnedRow(
      await tx
        .insert(projects)
        .values({ ...input, endsOn: input.endsOn ?? null, orgId: actor.orgId, createdAt: now() })
        .returning(),
    );
    await audit(
      tx,
      actor,
      "project.created",
      { type: "project", id: project.id },
      { name: project.name },
    );
    return project;
  });
}

export async function listMyProjects(actor: Actor): Promise<Project[]> {
  return read(async (db) => {
    authorize(actor, "project.read");
    return await db
      .select()
      .from(projects)
      .where(eq(projects.orgId, actor.orgId))
      .orderBy(desc(projects.id));
  });
}

/** A project of the actor's own organisation; anyone else's reads as "not found". */
export async function getMyProject(actor: Actor, projectId: number): Promise<Project> {
  return read(async (db) => {
    authorize(actor, "project.read");
    const project = (
      await db
        .select()
        .from(projects)
        .where(and(eq(projects.id, projectId), eq(projects.orgId, actor.orgId)))
        .limit(1)
    )[0];
    if (!project) throw notFound("project.notFound");
    return project;
  });
}
