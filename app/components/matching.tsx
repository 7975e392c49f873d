import type { ListingMatches } from "~/domain/matching/matching.server";
import { divisionByCode, facilityTypeByKey } from "~/domain/reference/lookup";
import { formatCo2Grams, formatKm, formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { EmptyState } from "./ui";

/**
 * Where a listing's waste could go: facilities that accept it with a valid approval, ranked by
 * gate fee plus estimated haul per tonne. Every haul figure is labelled as an estimate and the
 * factors behind it are printed under the list.
 */
export function MatchingSection({ matching }: { matching: ListingMatches }) {
  const { t, name } = useI18n();
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
        <ol className="match-list">
          {matches.map((m) => (
            <li key={m.facilityId} className={m.mine ? "match match--mine" : "match"}>
              <div className="match__head">
                <strong>{m.name}</strong>
                {m.mine ? <span className="tag">{t("matching.yours")}</span> : null}
                {m.approval === "expiring" ? (
                  <span className="badge badge--amber">{t("status.expiring")}</span>
                ) : null}
              </div>
              <p className="muted small">
                {m.recyclerName} · {name(facilityTypeByKey(m.type))} ·{" "}
                {name(divisionByCode(m.divisionCode))}
              </p>
              <dl className="match__figures">
                <div>
                  <dt>{t("matching.road")}</dt>
                  <dd>{`≈ ${formatKm(m.haul.roadMetres / 1000)}`}</dd>
                </div>
                <div>
                  <dt>{t("matching.gateFee")}</dt>
                  <dd>{formatYuan(m.gateFeeFenPerTonne)}/t</dd>
                </div>
                <div>
                  <dt>{t("matching.haulCost")}</dt>
                  <dd>
                    {`≈ ${formatYuan(m.haul.costFenPerTonne)}/t`}
                    {quantityKg > 0 ? (
                      <span className="muted">
                        {" · "}
                        {t("matching.inAll", { amount: formatYuan(m.haul.costFen) })}
                      </span>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt>{t("matching.haulCo2")}</dt>
                  <dd>
                    {`≈ ${formatCo2Grams(m.haul.co2GramsPerTonne)}/t`}
                    {quantityKg > 0 ? (
                      <span className="muted">
                        {" · "}
                        {t("matching.inAll", { amount: formatCo2Grams(m.haul.co2Grams) })}
                      </span>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt>{t("matching.delivered")}</dt>
                  <dd>
                    <strong>{`≈ ${formatYuan(m.deliveredFenPerTonne)}/t`}</strong>
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
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
