import { requireActor } from "~/domain/accounts/session.server";
import { now, shanghaiDate } from "~/domain/clock";
import { exportMyManifests, type ManifestRow } from "~/domain/manifests/manifests.server";
import { ManifestQuery } from "~/domain/manifests/schemas";
import { wasteClassByKey } from "~/domain/reference/lookup";
import { formatDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/locale";
import { getLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages";
import { nameIn, translate } from "~/i18n/translate";
import { CSV_BOM, csvLine } from "~/lib/csv";
import { orRespond } from "~/lib/http.server";
import type { Route } from "./+types/manifests.csv";

/** Weights stay in whole kilograms, as recorded, so a spreadsheet's sums match the platform's. */
const columns: readonly [
  MessageKey,
  (row: ManifestRow, locale: Locale) => string | number | null,
][] = [
  ["field.manifestNo", (r) => r.manifest.manifestNo],
  ["field.status", (r, l) => translate(l, `status.${r.manifest.status}` as MessageKey)],
  ["field.dispatchedAt", (r, l) => formatDateTime(l, r.manifest.dispatchedAt)],
  ["field.producer", (r) => r.producerName],
  ["field.project", (r) => r.projectName],
  ["field.wasteClass", (r, l) => nameIn(l, wasteClassByKey(r.manifest.wasteClass))],
  ["field.recycler", (r) => r.recyclerName],
  ["field.facility", (r) => r.facilityName],
  ["field.hauler", (r) => r.manifest.hauler],
  ["field.vehiclePlate", (r) => r.manifest.vehiclePlate],
  ["field.driverName", (r) => r.manifest.driverName],
  ["manifests.csvEstimatedKg", (r) => r.manifest.estimatedKg],
  ["field.weighbridgeTicket", (r) => r.manifest.weighbridgeTicket],
  ["field.grossKg", (r) => r.manifest.grossKg],
  ["field.tareKg", (r) => r.manifest.tareKg],
  ["manifests.csvNetKg", (r) => r.manifest.netKg],
  [
    "field.receivedAt",
    (r, l) => (r.manifest.receivedAt ? formatDateTime(l, r.manifest.receivedAt) : null),
  ],
  ["field.rejectReason", (r) => r.manifest.rejectReason],
  ["field.voidReason", (r) => r.manifest.voidReason],
];

/** The manifest list as a spreadsheet: the same filters, every page, columns in the user's language. */
export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const locale = await getLocale(request);
  const query = ManifestQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const batches = (await orRespond(async () => exportMyManifests(actor, query)))[
    Symbol.asyncIterator
  ]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(CSV_BOM + csvLine(columns.map(([key]) => translate(locale, key)))),
      );
    },
    // One batch per pull: the response streams while the next rows are read.
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      const text = next.value.map((row) => csvLine(columns.map(([, cell]) => cell(row, locale))));
      controller.enqueue(encoder.encode(text.join("")));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="manifests-${shanghaiDate(now())}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
