import type { alerts } from "#db/schema";
import { formatDateTime } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";

type Alert = Pick<typeof alerts.$inferSelect, "kind" | "details" | "raisedAt" | "resolvedAt">;

/** What went wrong on a trip, in one line: the kind is the heading, this is the evidence. */
export function AlertDetail({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  return (
    <>
      {alert.kind === "unclosed_manifest"
        ? t("alert.unclosedDetail", alert.details)
        : t("alert.weightDetail", alert.details)}
    </>
  );
}

/** The alert's kind as a badge, amber while open and grey once the trip is closed. */
export function AlertBadge({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--${alert.resolvedAt ? "grey" : "amber"}`}>
      {t(`alert.${alert.kind}`)}
    </span>
  );
}

export function AlertTimes({ alert }: { alert: Alert }) {
  const { t, locale } = useI18n();
  return (
    <>
      {t("alert.raisedAt", { at: formatDateTime(locale, alert.raisedAt) })}
      {alert.resolvedAt
        ? ` · ${t("alert.resolvedAt", { at: formatDateTime(locale, alert.resolvedAt) })}`
        : null}
    </>
  );
}
