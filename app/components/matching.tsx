import type { ListingMatches } from "~/domain/matching/matching.server";
import { divisionByCode, facilityTypeByKey } from "~/domain/reference/lookup";
import { formatCo2Grams, formatKm, formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { EmptyState } from "./ui";

/** Shown at once; the rest fold away so a phone is not a long scroll of facilities. */
const SHOWN = 5;

/**
 * Where a listing's waste could go: facilities that accept it with a valid approval, ranked by
 * gate fee plus estimated haul per tonne. Every haul figure is labelled as an estimate and the
 * factors behind it are printed under the list.
 */
export function MatchingSection({ matching }: { matching: ListingMatches }) {
  const { t } = useI18n();
  const { matches, quantityKg, factors } = matching;
  return (
    <section className="card matching" aria-labelledby="matching-title">
      <h2 id="matching-title">{t("matching.title")}</h2>
      <p className="muted small">
        {quantityKg > 0
          ? t("matching.lead", { quantity: formatTonnes(quantityKg) })
          : t("matching.leadPerTonne")}
      </p>
      {matches.length === 0 ? (
        <EmptyState title="matching.empty" body="matching.emptyBody" />
      ) : (
        <>
          <MatchList matches={matches.slice(0, SHOWN)} quantityKg={quantityKg} />
          {matches.length > SHOWN ? (
            <details className="matching__more">
              <summary>{t("matching.more", { count: matches.length - SHOWN })}</summary>
              <MatchList matches={matches.slice(SHOWN)} quantityKg={quantityKg} />
            </details>
          ) : null}
        </>
      )}
      <p className="matching__factors small muted">
        {t("matching.factors", {
          roadFactor: factors.roadFactor,
          cost: formatYuan(factors.costFenPerTonneKm),
          co2: (factors.co2GramsPerTonneKm / 1000).toFixed(3),
        })}
      </p>
    </section>
  );
}

function MatchList({
  matches,
  quantityKg,
}: {
  matches: ListingMatches["matches"];
  quantityKg: number;
}) {
  const { t, name } = useI18n();
  return (
    <ol className="match-list">
      {matches.map((m) => (
        <li key={m.facilityId} className={m.mine ? "match match--mine" : "match"}>
          <div className="match__head">
            <div>
              <strong>{m.name}</strong>{" "}
              {m.mine ? <span className="tag">{t("matching.yours")}</span> : null}{" "}
              {m.approval === "expiring" ? (
                <span className="badge badge--amber">{t("status.expiring")}</span>
              ) : null}
            </div>
            <div className="match__delivered">
              <strong>{`≈ ${formatYuan(m.deliveredFenPerTonne)}/t`}</strong>
              <span className="muted small">{t("matching.delivered")}</span>
            </div>
          </div>
          <p className="muted small">
            {m.recyclerName} · {name(facilityTypeByKey(m.type))} ·{" "}
            {name(divisionByCode(m.divisionCode))}
          </p>
          <ul className="match__figures small">
            <li>
              {t("matching.road")} {`≈ ${formatKm(m.haul.roadMetres / 1000)}`}
            </li>
            <li>
              {t("matching.gateFee")} {`${formatYuan(m.gateFeeFenPerTonne)}/t`}
            </li>
            <li>
              {t("matching.haulCost")} {`≈ ${formatYuan(m.haul.costFenPerTonne)}/t`}
              {quantityKg > 0
                ? ` ${t("matching.inAll", { amount: formatYuan(m.haul.costFen) })}`
                : null}
            </li>
            <li>
              {t("matching.haulCo2")} {`≈ ${formatCo2Grams(m.haul.co2GramsPerTonne)}/t`}
              {quantityKg > 0
                ? ` ${t("matching.inAll", { amount: formatCo2Grams(m.haul.co2Grams) })}`
                : null}
            </li>
          </ul>
        </li>
      ))}
    </ol>
  );
}
