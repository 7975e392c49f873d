import { requireActor } from "~/domain/accounts/session.server";
import { getLocale } from "~/i18n/locale.server";
import { departmentExport, ExportQuery } from "~/lib/department-exports.server";
import { exportResponse } from "~/lib/export.server";
import { orRespond } from "~/lib/http.server";
import type { Route } from "./+types/department.report.export";

/**
 * Any department table as CSV or XLSX (`?table=…&format=csv|xlsx`, plus the table page's own
 * filters): columns in the user's language, numbers as numbers. An unknown table is a 404.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const locale = await getLocale(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = ExportQuery.safeParse(params);
  if (!query.success) throw new Response("Not found", { status: 404 });
  const table = await orRespond(
    async () => await departmentExport(actor, locale, query.data.table, params),
  );
  return await exportResponse(query.data.format, table);
}
