/** What the other areas of the domain may use from projects: they import it from here alone. */
export { getMyProject, type Project } from "./projects.server";
