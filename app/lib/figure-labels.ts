import type { FigureKey } from "~/domain/metrics/figures";
import type { MessageKey } from "~/i18n/messages";

/** What each published figure is called, in the dashboard's own words (pages and exports). */
export const figureLabels: Record<FigureKey | "definitionVersionId", MessageKey> = {
  generatedKg: "department.generated",
  recycledKg: "department.recycled",
  backfilledKg: "department.backfilled",
  landfilledKg: "department.landfilled",
  transferredKg: "governance.transferred",
  offPlatformKg: "department.offPlatform",
  manifests: "governance.manifests",
  resourceRateBp: "department.resourceRate",
  comprehensiveRateBp: "department.comprehensiveRate",
  dispatched: "governance.dispatched",
  closed: "governance.closed",
  closureRateBp: "department.closure",
  deliveredGrams: "department.delivered",
  deliveries: "governance.deliveries",
  haulGrams: "department.haulCo2",
  avoidedGrams: "department.avoidedCo2",
  judgedProjects: "governance.judgedProjects",
  complyingProjects: "governance.complyingProjects",
  definitionVersionId: "governance.definitionsVersion",
};
