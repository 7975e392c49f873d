import type { Route } from "./+types/rows";

// Framework ceiling, listing page: the loader makes n synthetic rows (no I/O) and the
// page renders them as a table, like a listing page of the app under test.
const DIVISIONS = ["DIV-01", "DIV-02", "DIV-03", "DIV-04", "DIV-05", "DIV-06"];
const FACILITIES = [
  "landfill",
  "transfer_station",
  "recycling",
  "composting",
  "incineration",
  "treatment",
];
const CLASSES = ["MSW", "C&D", "ORGANIC", "HAZARDOUS", "E-WASTE", "METAL", "PAPER", "PLASTIC"];
const BASE = Date.UTC(2025, 0, 1) / 1000;

export function meta(_: Route.MetaArgs) {
  return [{ title: "Ceiling: rows" }];
}

export function loader({ request }: Route.LoaderArgs) {
  const raw = Number(new URL(request.url).searchParams.get("n") ?? "50");
  const n = Number.isInteger(raw) ? Math.min(Math.max(raw, 0), 1000) : 50;
  const rows = Array.from({ length: n }, (_, i) => ({
    id: 100_000 + i,
    manifestNo: `M-2025-${String(100_000 + i).padStart(7, "0")}`,
    division: DIVISIONS[i % DIVISIONS.length] as string,
    facility: FACILITIES[(i * 7) % FACILITIES.length] as string,
    wasteClass: CLASSES[(i * 5) % CLASSES.length] as string,
    netKg: 50 + ((i * 7919) % 40_000),
    receivedAt: new Date((BASE + i * 3_600) * 1000).toISOString().slice(0, 16).replace("T", " "),
  }));
  return { n, rows };
}

export default function Rows({ loaderData }: Route.ComponentProps) {
  const { n, rows } = loaderData;
  return (
    <main>
      <h1>Manifests</h1>
      <p>{n} rows</p>
      <table>
        <thead>
          <tr>
            <th>Manifest</th>
            <th>Division</th>
            <th>Facility</th>
            <th>Class</th>
            <th>Net kg</th>
            <th>Received</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/rows/${r.id}`}>{r.manifestNo}</a>
              </td>
              <td>{r.division}</td>
              <td>{r.facility}</td>
              <td>{r.wasteClass}</td>
              <td>{r.netKg.toLocaleString("en-US")}</td>
              <td>{r.receivedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
