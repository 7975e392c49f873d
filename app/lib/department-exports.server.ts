import { z } from "zod";
import type { Actor } from "~/domain/access/actor";
import { exportAlerts } from "~/domain/alerts/alerts.server";
import { AlertQuery } from "~/domain/alerts/schemas";
import { addMonths, now, shanghaiMonth } from "~/domain/clock";
import { approvalAlerts, listingAlerts, usageAlerts } from "~/domain/department/alerts.server";
import { publicationOf } from "~/domain/department/publication.server";
import { exportItems } from "~/domain/department/rectification.server";
import { rectificationCategories } from "~/domain/department/rectification-status";
import { MonthQuery, RectificationQuery } from "~/domain/department/schemas";
import { notFound } from "~/domain/errors";
import type { ClassCompliance } from "~/domain/metrics/compliance.server";
import {
  type FigureKey,
  figureKeys,
  figureKind,
  publishedKeys,
  type ScopeFigures,
  scopesOf,
  valueOfNothing,
} from "~/domain/metrics/figures";
import { areaWithin, jurisdictionOf } from "~/domain/metrics/scope.server";
import { PROVINCE_CODE } from "~/domain/reference/divisions";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { materialClasses } from "~/domain/reference/products";
import type { TripFigures } from "~/domain/stats/dashboard.server";
import {
  complianceDrill,
  divisionDrill,
  facilityDrill,
  orderDrill,
  projectDrill,
} from "~/domain/stats/drill.server";
import { DrillQuery, PeriodQuery } from "~/domain/stats/schemas";
import { areaTonnage, resolvePeriod } from "~/domain/stats/utilization.server";
import { formatDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { nameIn, translate } from "~/i18n/translate";
import {
  type Cell,
  type ExportColumn,
  type ExportTable,
  percentOf,
  tonnesOf,
} from "~/lib/export.server";
import { figureLabels } from "~/lib/figure-labels";

/**
 * Every table the department can download, as one list: the dashboard by month, division and
 * waste class, every table of the drill-down pages, a month's publication, the rectification
 * register and the alerts. Each reads through the same service as its page, so an export holds
 * exactly what the page shows (all pages of it), with the page's filters and the page's scope.
 */
export const exportTables = [
  "months",
  "divisions",
  "classes",
  "facilities",
  "projects",
  "project-orders",
  "project-close-outs",
  "project-deliveries",
  "project-usage",
  "facility-orders",
  "order-manifests",
  "compliance",
  "publication",
  "rectification",
  "alerts",
  "approvals",
  "usage",
  "listings",
] as const;
export type ExportTableName = (typeof exportTables)[number];

export const ExportQuery = z.object({
  table: z.enum(exportTables, "form.chooseOne"),
  format: z.enum(["csv", "xlsx"]).catch("csv"),
});

/** A table with its rows already turned into cells, whatever their source type. */
function build<R>(
  fileName: string,
  sheetName: string,
  columns: readonly ExportColumn<R>[],
  rows: readonly R[],
): ExportTable<Cell[]> {
  return {
    fileName,
    sheetName,
    columns: columns.map((c, i) => ({ header: c.header, format: c.format, value: (r) => r[i] })),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}

type Figures = {
  generatedKg: number;
  recycledKg: number;
  backfilledKg: number;
  landfilledKg: number;
  transferredKg: number;
  offPlatformKg: number;
  manifests: number;
};

/**
 * The tonnage columns every figures table shares, after its own leading columns. Orders leave out
 * off-platform disposal, as their pages do: it is declared on a listing, never on an order.
 */
function tonnageColumns<R extends Figures>(
  t: (key: MessageKey) => string,
  offPlatform = true,
): ExportColumn<R>[] {
  return [
    {
      header: `${t("department.generated")} (t)`,
      value: (r) => tonnesOf(r.generatedKg),
      format: "tonnes",
    },
    {
      header: `${t("department.recycled")} (t)`,
      value: (r) => tonnesOf(r.recycledKg),
      format: "tonnes",
    },
    {
      header: `${t("department.backfilled")} (t)`,
      value: (r) => tonnesOf(r.backfilledKg),
      format: "tonnes",
    },
    {
      header: `${t("department.landfilled")} (t)`,
      value: (r) => tonnesOf(r.landfilledKg),
      format: "tonnes",
    },
    {
      header: `${t("governance.transferred")} (t)`,
      value: (r) => tonnesOf(r.transferredKg),
      format: "tonnes",
    },
    ...(offPlatform
      ? [
          {
            header: `${t("department.offPlatform")} (t)`,
            value: (r: R) => tonnesOf(r.offPlatformKg),
            format: "tonnes" as const,
          },
        ]
      : []),
    { header: t("governance.manifests"), value: (r) => r.manifests, format: "integer" },
  ];
}

type DrillRow = Figures & TripFigures;

/**
 * The trip columns of a drill-down table. Deliveries go to projects, so a table of orders leaves
 * them out, as its page does.
 */
function tripColumns<R extends DrillRow>(
  t: (key: MessageKey) => string,
  delivered = true,
): ExportColumn<R>[] {
  const columns: ExportColumn<R>[] = [
    {
      header: t("governance.dispatched"),
      value: (r) => r.closure.dispatched,
      format: "integer",
    },
    { header: t("governance.closed"), value: (r) => r.closure.closed, format: "integer" },
    {
      header: `${t("department.closure")} (%)`,
      value: (r) => percentOf(r.closure.rateBp),
      format: "percent",
    },
    { header: `${t("department.haulCo2")} (kg)`, value: (r) => r.haulGrams / 1000 },
  ];
  if (!delivered) return columns;
  return [
    ...columns,
    {
      header: `${t("department.delivered")} (t)`,
      value: (r) => tonnesOf(Math.round(r.deliveredGrams / 1000)),
      format: "tonnes",
    },
  ];
}

/** A row of a project's or a facility's orders table. */
type OrderRow = Awaited<ReturnType<typeof projectDrill>>["orders"][number];

/** Grams as tonnes to the kilogram, as the pages show them. */
const gramsAsTonnes = (grams: number) => tonnesOf(Math.round(grams / 1000));

const RecordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The project, facility or order a drill-down export is about; anything else is not found. */
function recordId(value: string | undefined): number {
  const id = RecordId.safeParse(value);
  if (!id.success) throw notFound();
  return id.data;
}

type Rated = Figures & {
  resource: { rateBp: number | null };
  comprehensive: { rateBp: number | null };
};
function rateColumns<R extends Rated>(t: (key: MessageKey) => string): ExportColumn<R>[] {
  return [
    {
      header: `${t("department.resourceRate")} (%)`,
      value: (r) => percentOf(r.resource.rateBp),
      format: "percent",
    },
    {
      header: `${t("department.comprehensiveRate")} (%)`,
      value: (r) => percentOf(r.comprehensive.rateBp),
      format: "percent",
    },
  ];
}

/** The table named in the query, for the actor, with headers in the locale. */
export async function departmentExport(
  actor: Actor,
  locale: Locale,
  table: ExportTableName,
  params: Record<string, string>,
): Promise<ExportTable<Cell[]>> {
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    translate(locale, key, values);
  const yesNo = (v: boolean | null) => (v === null ? null : t(v ? "common.yes" : "common.no"));
  const division = (code: string) => nameIn(locale, divisionByCode(code));
  const wasteClass = (key: string) => nameIn(locale, wasteClassByKey(key));
  const materialClass = (key: string) =>
    nameIn(
      locale,
      materialClasses.find((m) => m.key === key),
    );
  const complies = (v: boolean) => t(v ? "drill.complies" : "drill.belowTarget");
  /** A project's orders or a facility's, with the project's or the facility's own columns. */
  const orderColumns = (party: ExportColumn<OrderRow>[]): ExportColumn<OrderRow>[] => [
    { header: t("drill.order"), value: (r) => r.order.id, format: "integer" },
    { header: t("field.status"), value: (r) => t(`status.${r.order.status}` as MessageKey) },
    { header: t("field.wasteClass"), value: (r) => wasteClass(r.order.wasteClass) },
    { header: t("field.material"), value: (r) => nameIn(locale, materialByKey(r.order.material)) },
    ...party,
    { header: `${t("drill.distance")} (km)`, value: (r) => r.roadMetres / 1000 },
    ...tonnageColumns(t, false),
    ...tripColumns(t, false),
  ];
  /** A material class against the usage rule: what was used, how much recycled, its share. */
  const usageColumns = <R extends ClassCompliance>(): ExportColumn<R>[] => [
    {
      header: `${t("drill.totalUsed")} (t)`,
      value: (r) => tonnesOf(r.totalKg),
      format: "tonnes",
    },
    {
      header: `${t("drill.recycledUsed")} (t)`,
      value: (r) => gramsAsTonnes(r.recycledGrams),
      format: "tonnes",
    },
    {
      header: `${t("drill.usageRate")} (%)`,
      value: (r) => percentOf(r.rateBp),
      format: "percent",
    },
  ];
  switch (table) {
    case "months":
    case "divisions":
    case "classes": {
      // The dashboard's tables (its jurisdiction) or a drill-down page's (its `area`).
      const period = resolvePeriod(PeriodQuery.parse(params));
      const area =
        params.area === undefined ? jurisdictionOf(actor) : areaWithin(actor, params.area);
      const tonnage = await areaTonnage(area, period);
      // A city's own division is the whole; the breakdown is the province's.
      const figures = { ...tonnage, byDivision: area === PROVINCE_CODE ? tonnage.byDivision : [] };
      const suffix = `${area}-${period.from}-${period.to}`;
      if (table === "months")
        return build(
          `dashboard-months-${suffix}`,
          t("department.byMonth"),
          [
            { header: t("department.month"), value: (r) => r.month },
            ...tonnageColumns(t),
            ...rateColumns(t),
          ],
          figures.byMonth,
        );
      if (table === "divisions")
        return build(
          `dashboard-divisions-${suffix}`,
          t("department.byDivision"),
          [
            { header: t("field.division"), value: (r) => division(r.divisionCode) },
            { header: "GB/T 2260", value: (r) => r.divisionCode },
            ...tonnageColumns(t),
            ...rateColumns(t),
          ],
          figures.byDivision,
        );
      return build(
        `dashboard-classes-${suffix}`,
        t("field.wasteClass"),
        [
          { header: t("field.wasteClass"), value: (r) => wasteClass(r.wasteClass) },
          ...tonnageColumns(t),
          { header: t("report.inResourceRate"), value: (r) => yesNo(r.inResourceRate) },
          { header: t("report.inComprehensiveRate"), value: (r) => yesNo(r.inComprehensiveRate) },
        ],
        figures.byClass,
      );
    }
    case "facilities":
    case "projects": {
      // The drill-down's tables of an area (its own page's `area`, default the jurisdiction).
      const period = resolvePeriod(PeriodQuery.parse(params));
      const area = params.area ?? actor.divisionCode;
      const drill = await divisionDrill(actor, area, period, 1, Number.MAX_SAFE_INTEGER);
      const suffix = `${drill.area}-${period.from}-${period.to}`;
      if (table === "facilities")
        return build(
          `drill-facilities-${suffix}`,
          t("field.facility"),
          [
            { header: t("field.facility"), value: (r) => r.facility.name },
            { header: t("rectification.organisation"), value: (r) => r.facility.orgName },
            { header: t("field.division"), value: (r) => division(r.facility.divisionCode) },
            ...tonnageColumns(t),
            ...tripColumns(t),
          ],
          drill.facilities.rows,
        );
      return build(
        `drill-projects-${suffix}`,
        t("field.project"),
        [
          { header: t("field.project"), value: (r) => r.project?.name ?? null },
          { header: t("rectification.organisation"), value: (r) => r.project?.orgName ?? null },
          { header: t("field.division"), value: (r) => division(r.project?.divisionCode ?? "") },
          ...tonnageColumns(t),
          ...tripColumns(t),
          { header: t("department.compliance"), value: (r) => yesNo(r.complies) },
        ],
        drill.kind === "division" ? drill.projects.rows : [],
      );
    }
    case "project-orders":
    case "project-close-outs":
    case "project-deliveries":
    case "project-usage": {
      const period = resolvePeriod(PeriodQuery.parse(params));
      const drill = await projectDrill(actor, recordId(params.project), period);
      const fileName = (what: string) =>
        `drill-project-${drill.project.id}-${what}-${period.from}-${period.to}`;
      if (table === "project-orders")
        return build(
          fileName("orders"),
          t("drill.orders"),
          orderColumns([
            { header: t("drill.facility"), value: (r) => r.order.facilityName },
            {
              header: t("field.facilityType"),
              value: (r) => nameIn(locale, facilityTypeByKey(r.order.facilityType)),
            },
          ]),
          drill.orders,
        );
      if (table === "project-close-outs")
        return build(
          fileName("close-outs"),
          t("department.offPlatform"),
          [
            { header: t("drill.listing"), value: (r) => r.listingId, format: "integer" },
            { header: t("field.wasteClass"), value: (r) => wasteClass(r.wasteClass) },
            { header: t("drill.destination"), value: (r) => r.destination },
            { header: t("drill.closedAt"), value: (r) => formatDateTime(locale, r.endedAt) },
            {
              header: `${t("department.offPlatform")} (t)`,
              value: (r) => tonnesOf(r.kg),
              format: "tonnes",
            },
          ],
          drill.closeOuts,
        );
      if (table === "project-deliveries")
        return build(
          fileName("deliveries"),
          t("drill.deliveries"),
          [
            {
              header: t("drill.confirmedAt"),
              value: (r) => formatDateTime(locale, r.confirmedAt),
            },
            { header: t("drill.product"), value: (r) => r.productName },
            { header: t("drill.materialClass"), value: (r) => materialClass(r.materialClass) },
            { header: t("field.seller"), value: (r) => r.sellerName },
            { header: t("drill.quantity"), value: (r) => r.quantityMilli / 1000 },
            { header: t("field.unit"), value: (r) => r.unit },
            {
              header: `${t("drill.delivered")} (t)`,
              value: (r) => gramsAsTonnes(r.grams),
              format: "tonnes",
            },
          ],
          drill.deliveries,
        );
      return build(
        fileName("usage"),
        t("drill.usageRule"),
        [
          { header: t("drill.materialClass"), value: (r) => materialClass(r.materialClass) },
          ...usageColumns(),
          { header: t("drill.usageRule"), value: (r) => complies(r.complies) },
        ],
        drill.compliance?.classes ?? [],
      );
    }
    case "facility-orders": {
      const query = DrillQuery.parse(params);
      const period = resolvePeriod(query);
      const drill = await facilityDrill(
        actor,
        recordId(params.facility),
        query.area ?? actor.divisionCode,
        period,
      );
      return build(
        `drill-facility-${drill.facility.id}-orders-${drill.area}-${period.from}-${period.to}`,
        t("drill.orders"),
        orderColumns([{ header: t("drill.project"), value: (r) => r.order.projectName }]),
        drill.orders,
      );
    }
    case "order-manifests": {
      const period = resolvePeriod(PeriodQuery.parse(params));
      // Every trip of the order that counts in the period, not one page of them.
      const drill = await orderDrill(
        actor,
        recordId(params.order),
        period,
        1,
        Number.MAX_SAFE_INTEGER,
      );
      return build(
        `drill-order-${drill.order.id}-manifests-${period.from}-${period.to}`,
        t("drill.manifests"),
        [
          { header: t("field.manifestNo"), value: (r) => r.manifestNo },
          { header: t("field.status"), value: (r) => t(`status.${r.status}` as MessageKey) },
          { header: t("field.vehiclePlate"), value: (r) => r.vehiclePlate },
          {
            header: t("drill.dispatchedAt"),
            value: (r) => formatDateTime(locale, r.dispatchedAt),
          },
          {
            header: t("drill.receivedAt"),
            value: (r) => (r.receivedAt === null ? null : formatDateTime(locale, r.receivedAt)),
          },
          { header: `${t("drill.net")} (t)`, value: (r) => tonnesOf(r.netKg), format: "tonnes" },
          { header: t("drill.countsTonnesColumn"), value: (r) => yesNo(r.countsTonnes) },
          { header: t("drill.countsClosureColumn"), value: (r) => yesNo(r.countsClosure) },
        ],
        drill.manifests.rows,
      );
    }
    case "compliance": {
      const query = DrillQuery.parse(params);
      const period = resolvePeriod(query);
      const drill = await complianceDrill(
        actor,
        query.area ?? actor.divisionCode,
        period,
        1,
        Number.MAX_SAFE_INTEGER,
      );
      // One row per project and material class, as the page lists them.
      const rows = drill.projects.rows.flatMap((p) => p.classes.map((c) => ({ ...c, project: p })));
      return build(
        `drill-compliance-${drill.area}-${period.from}-${period.to}`,
        t("drill.complianceTitle"),
        [
          { header: t("drill.project"), value: (r) => r.project.name },
          { header: t("field.division"), value: (r) => division(r.project.divisionCode) },
          { header: t("drill.usageRule"), value: (r) => complies(r.project.complies) },
          { header: t("drill.materialClass"), value: (r) => materialClass(r.materialClass) },
          ...usageColumns(),
        ],
        rows,
      );
    }
    case "publication": {
      const month = MonthQuery.parse(params).month ?? addMonths(shanghaiMonth(now()), -1);
      const p = await publicationOf(actor, month);
      const published = p.latest ? scopesOf(p.latest.figures) : new Map<string, ScopeFigures>();
      const frozen = p.latest ? publishedKeys(p.latest.figures) : [];
      const current = scopesOf(p.current);
      // Each scope's own figures. A scope the version left out had nothing to count (as the
      // restatement compares it); a figure the version did not publish is an empty cell.
      const rows = [...new Set([...published.keys(), ...current.keys()])].flatMap((scope) =>
        figureKeys
          .filter((figure) => (current.get(scope) ?? published.get(scope))?.[figure] !== undefined)
          .map((figure) => ({
            scope,
            figure,
            published:
              published.get(scope)?.[figure] ??
              (frozen.includes(figure) ? valueOfNothing(figure) : null),
            current: current.get(scope)?.[figure] ?? null,
          })),
      );
      const value = (figure: FigureKey, v: number | null) => {
        if (v === null) return null;
        switch (figureKind(figure)) {
          case "rate":
            return percentOf(v);
          case "kg":
            return tonnesOf(v);
          case "productGrams":
            return tonnesOf(Math.round(v / 1000));
          case "co2Grams":
            return v / 1000;
          case "count":
            return v;
        }
      };
      const scopeName = (scope: string) =>
        scope === "total"
          ? t("governance.wholeJurisdiction")
          : scope.startsWith("class:")
            ? wasteClass(scope.slice(6))
            : scope.startsWith("material:")
              ? nameIn(
                  locale,
                  materialClasses.find((m) => m.key === scope.slice(9)),
                )
              : division(scope);
      const units = {
        rate: " (%)",
        kg: " (t)",
        count: "",
        productGrams: " (t)",
        co2Grams: " (kg)",
      };
      const unit = (figure: FigureKey) => units[figureKind(figure)];
      return build(
        `publication-${p.jurisdiction}-${month}`,
        t("publish.title"),
        [
          { header: t("publish.scope"), value: (r) => scopeName(r.scope) },
          {
            header: t("publish.figure"),
            value: (r) => `${t(figureLabels[r.figure])}${unit(r.figure)}`,
          },
          {
            header: p.latest
              ? t("publish.publishedValue", { version: p.latest.version })
              : t("publish.notPublished"),
            value: (r) => value(r.figure, r.published),
          },
          { header: t("publish.currentValue"), value: (r) => value(r.figure, r.current) },
        ],
        rows,
      );
    }
    case "rectification": {
      const query = RectificationQuery.parse(params);
      const side = actor.orgKind === "department" ? "department" : "organisation";
      const category = (key: string) =>
        nameIn(
          locale,
          rectificationCategories.find((c) => c.key === key),
        );
      return build(
        `rectification-${shanghaiMonth(now())}`,
        t("rectification.registerTitle"),
        [
          {
            header: t("rectification.number"),
            value: (r) => r.item.id,
            format: "integer",
          },
          {
            header: t("field.status"),
            value: (r) => t(`rectification.status.${r.item.status}` as MessageKey),
          },
          { header: t("rectification.overdue"), value: (r) => yesNo(r.overdue) },
          { header: t("rectification.category"), value: (r) => category(r.item.category) },
          { header: t("rectification.organisation"), value: (r) => r.targetName },
          { header: t("field.project"), value: (r) => r.projectName },
          { header: t("field.facility"), value: (r) => r.facilityName },
          { header: t("field.manifestNo"), value: (r) => r.manifestNo },
          { header: t("field.division"), value: (r) => division(r.item.jurisdiction) },
          { header: t("rectification.problem"), value: (r) => r.item.problem },
          { header: t("rectification.evidenceText"), value: (r) => r.item.evidence },
          { header: t("rectification.responsiblePerson"), value: (r) => r.item.responsiblePerson },
          { header: t("rectification.deadline"), value: (r) => r.item.deadline },
          {
            header: t("rectification.raisedOn"),
            value: (r) => formatDateTime(locale, r.item.createdAt),
          },
          {
            header: t("rectification.updatedOn"),
            value: (r) => formatDateTime(locale, r.item.updatedAt),
          },
        ],
        await exportItems(actor, query, side),
      );
    }
    case "alerts": {
      const { state } = AlertQuery.parse(params);
      return build(
        `alerts-${state}-${shanghaiMonth(now())}`,
        t("alerts.title"),
        [
          { header: t("alerts.kind"), value: (r) => t(`alert.${r.alert.kind}`) },
          { header: t("field.manifestNo"), value: (r) => r.manifestNo },
          { header: t("field.vehiclePlate"), value: (r) => r.vehiclePlate },
          { header: t("field.producer"), value: (r) => r.producerName },
          { header: t("field.project"), value: (r) => r.projectName },
          { header: t("field.facility"), value: (r) => r.facilityName },
          { header: t("field.division"), value: (r) => division(r.alert.divisionCode) },
          {
            header: t("alerts.detail"),
            value: (r) =>
              t(
                r.alert.kind === "unclosed_manifest"
                  ? "alert.unclosedDetail"
                  : "alert.weightDetail",
                r.alert.details,
              ),
          },
          { header: t("alerts.raisedOn"), value: (r) => formatDateTime(locale, r.alert.raisedAt) },
          {
            header: t("alerts.resolvedOn"),
            value: (r) => (r.alert.resolvedAt ? formatDateTime(locale, r.alert.resolvedAt) : null),
          },
        ],
        await exportAlerts(actor, state),
      );
    }
    case "approvals":
      return build(
        `alerts-approvals-${shanghaiMonth(now())}`,
        t("alerts.viewApprovals"),
        [
          { header: t("field.facility"), value: (r) => r.facility.name },
          { header: t("rectification.organisation"), value: (r) => r.orgName },
          { header: t("field.division"), value: (r) => division(r.facility.divisionCode) },
          { header: t("field.approvalNo"), value: (r) => r.facility.approvalNo },
          { header: t("field.approvalExpiresOn"), value: (r) => r.facility.approvalExpiresOn },
          { header: t("alerts.daysLeft"), value: (r) => r.daysLeft, format: "integer" },
          { header: t("field.status"), value: (r) => t(`status.${r.status}`) },
        ],
        (await approvalAlerts(actor, 1, true)).rows,
      );
    case "usage": {
      const result = await usageAlerts(actor, 1, true);
      const rows = result.rows.flatMap((r) => r.classes.map((c) => ({ ...r, usage: c })));
      return build(
        `alerts-usage-${shanghaiMonth(now())}`,
        t("alerts.viewUsage"),
        [
          { header: t("field.project"), value: (r) => r.project.name },
          { header: t("rectification.organisation"), value: (r) => r.orgName },
          { header: t("field.division"), value: (r) => division(r.project.divisionCode) },
          {
            header: t("field.materialClass"),
            value: (r) => materialClass(r.usage.materialClass),
          },
          {
            header: `${t("usage.total")} (t)`,
            value: (r) => tonnesOf(r.usage.totalKg),
            format: "tonnes",
          },
          {
            header: `${t("usage.rate")} (%)`,
            value: (r) => percentOf(r.usage.rateBp),
            format: "percent",
          },
          {
            header: `${t("alerts.target")} (%)`,
            value: () => result.targetPercent,
            format: "percent",
          },
          {
            header: `${t("alerts.missing")} (t)`,
            value: (r) => tonnesOf(Math.ceil(r.usage.missingGrams / 1000)),
            format: "tonnes",
          },
        ],
        rows,
      );
    }
    case "listings":
      return build(
        `alerts-listings-${shanghaiMonth(now())}`,
        t("alerts.viewListings"),
        [
          { header: t("alerts.listingNo"), value: (r) => r.listing.id, format: "integer" },
          { header: t("field.project"), value: (r) => r.projectName },
          { header: t("rectification.organisation"), value: (r) => r.orgName },
          { header: t("field.division"), value: (r) => division(r.listing.divisionCode) },
          { header: t("field.wasteClass"), value: (r) => wasteClass(r.listing.wasteClass) },
          {
            header: `${t("field.quantity")} (t)`,
            value: (r) => tonnesOf(r.listing.quantityKg),
            format: "tonnes",
          },
          { header: t("alerts.availableUntil"), value: (r) => r.listing.availableUntil },
          {
            header: t("alerts.expiredOn"),
            value: (r) => (r.listing.endedAt ? formatDateTime(locale, r.listing.endedAt) : null),
          },
        ],
        (await listingAlerts(actor, 1, true)).rows,
      );
  }
}
