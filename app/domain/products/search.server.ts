import { and, desc, eq, like, lte, type SQL } from "drizzle-orm";
import { facilities, organisations, recycledProducts } from "#db/schema";
import { read } from "#db/store";
import { type Actor, authorize } from "../access";
import { haversineKm } from "../geo";
import { estimateHaul, type HaulEstimate, haulFactors } from "../matching";
import { getMyProject, type Project } from "../projects";
import type { ProductQuery } from "./schemas";

const PAGE_SIZE = 20;

export type ProductRow = {
  product: typeof recycledProducts.$inferSelect;
  facilityName: string;
  sellerName: string;
  distanceKm: number | null;
  /** Haul of one unit to the chosen project, when there is one. */
  haulPerUnit: HaulEstimate | null;
  /** Price plus estimated haul, per unit, in fen. */
  deliveredFenPerUnit: number | null;
};

/** Estimated haul of one unit of a product over a straight-line distance. */
export async function unitHaul(
  product: { massPerUnitG: number },
  straightKm: number,
): Promise<HaulEstimate> {
  return estimateHaul(straightKm, product.massPerUnitG / 1000, await haulFactors());
}

/**
 * Active products with stock, filtered and sorted. With one of the buyer's projects chosen, each
 * row carries its distance, the estimated haul of one unit there and the delivered price per unit.
 * The catalogue is small (hundreds of products per province), so distances are computed here.
 */
export async function searchProducts(actor: Actor, query: ProductQuery) {
  return read(async (db) => {
    authorize(actor, "product.browse");
    const project: Project | null =
      query.project !== undefined && actor.orgKind === "contractor"
        ? await getMyProject(actor, query.project)
        : null;
    const filters: SQL[] = [eq(recycledProducts.status, "active")];
    if (query.productType) filters.push(eq(recycledProducts.productType, query.productType));
    if (query.standard) filters.push(like(recycledProducts.standard, `%${query.standard}%`));
    if (query.grade) filters.push(like(recycledProducts.grade, `%${query.grade}%`));
    if (query.divisionCode) filters.push(eq(recycledProducts.divisionCode, query.divisionCode));
    if (query.maxPriceYuan !== undefined) {
      filters.push(lte(recycledProducts.priceFenPerUnit, Math.round(query.maxPriceYuan * 100)));
    }
    const rows = await db
      .select({
        product: recycledProducts,
        facilityName: facilities.name,
        sellerName: organisations.name,
      })
      .from(recycledProducts)
      .innerJoin(facilities, eq(facilities.id, recycledProducts.facilityId))
      .innerJoin(organisations, eq(organisations.id, recycledProducts.orgId))
      .where(and(...filters))
      .orderBy(desc(recycledProducts.id));
    let results: ProductRow[] = await Promise.all(
      rows.map(async (row) => {
        if (!project)
          return { ...row, distanceKm: null, haulPerUnit: null, deliveredFenPerUnit: null };
        const distanceKm = haversineKm(project, row.product);
        const haulPerUnit = await unitHaul(row.product, distanceKm);
        return {
          ...row,
          distanceKm,
          haulPerUnit,
          deliveredFenPerUnit: row.product.priceFenPerUnit + haulPerUnit.costFen,
        };
      }),
    );
    if (project && query.radiusKm !== undefined) {
      const radius = query.radiusKm;
      results = results.filter((r) => (r.distanceKm ?? Number.POSITIVE_INFINITY) <= radius);
    }
    const sort = query.sort ?? (project ? "distance" : "newest");
    if (sort === "distance" && project)
      results.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0));
    if (sort === "price") {
      results.sort(
        (a, b) =>
          (a.deliveredFenPerUnit ?? a.product.priceFenPerUnit) -
          (b.deliveredFenPerUnit ?? b.product.priceFenPerUnit),
      );
    }
    const total = results.length;
    const page = results.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE);
    return {
      rows: page,
      total,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      project,
      sort,
    };
  });
}

/** Products near a project, cheapest delivered first: the "nearby for this project" panel. */
export async function nearbyProducts(actor: Actor, projectId: number, limit = 5) {
  const result = await searchProducts(actor, {
    project: projectId,
    radiusKm: 100,
    sort: "price",
    page: 1,
  });
  return result.rows.filter((r) => r.product.stockMilli > 0).slice(0, limit);
}
