import { Link } from "react-router";
import type { getItem } from "~/domain/department/rectification.server";
import { rectificationCategories } from "~/domain/department/rectification-status";
import { divisionByCode } from "~/domain/reference/lookup";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { Definition } from "./ui";

/** The register's filters as a query string, for the pager and the exports. */
export function rectificationFilterParams(
  query: { status?: string; overdue: boolean; category?: string; orgId?: number },
  extra: Record<string, string> = {},
) {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.overdue) params.set("overdue", "1");
  if (query.category) params.set("category", query.category);
  if (query.orgId) params.set("orgId", String(query.orgId));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

const tone: Record<string, string> = {
  open: "amber",
  responded: "blue",
  reopened: "red",
  closed: "grey",
};

export function RectificationBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--${tone[status] ?? "grey"}`} data-status={status}>
      {t(`rectification.status.${status}` as MessageKey)}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge--red badge--strong" data-overdue="true">
      {t("rectification.overdue")}
    </span>
  );
}

export function useCategoryName() {
  const { name } = useI18n();
  return (key: string) => name(rectificationCategories.find((c) => c.key === key));
}

type Row = {
  item: {
    id: number;
    status: string;
    category: string;
    problem: string;
    deadline: string;
    responsiblePerson: string;
    updatedAt: Date | string;
  };
  targetName: string;
  projectName: string | null;
  facilityName: string | null;
  manifestNo: string | null;
  overdue: boolean;
};

/** The register as cards: overdue ones first and marked, each opening its item. */
export function RectificationList({
  rows,
  href,
  showTarget,
}: {
  rows: readonly Row[];
  href: (id: number) => string;
  showTarget: boolean;
}) {
  const { t, locale } = useI18n();
  const category = useCategoryName();
  return (
    <ul className="cards cards--list">
      {rows.map((row) => (
        <li
          key={row.item.id}
          className={row.overdue ? "card rect-card rect-card--overdue" : "card rect-card"}
          data-item={row.item.id}
        >
          <div className="alert-card__top">
            <RectificationBadge status={row.item.status} />
            {row.overdue ? <OverdueBadge /> : null}
          </div>
          <h2>
            <Link to={href(row.item.id)}>
              {t("rectification.itemNo", { id: row.item.id })} · {category(row.item.category)}
            </Link>
          </h2>
          <p className="rect-card__problem">{row.item.problem}</p>
          <p className="muted small">
            {showTarget ? `${row.targetName} · ` : ""}
            {[row.projectName, row.facilityName, row.manifestNo].filter(Boolean).join(" · ")}
          </p>
          <p className="small">
            {t("rectification.deadlineOn", { date: row.item.deadline })} ·{" "}
            {t("rectification.responsibleIs", { name: row.item.responsiblePerson })} ·{" "}
            <span className="muted">
              {t("rectification.updatedAt", { at: formatDateTime(locale, row.item.updatedAt) })}
            </span>
          </p>
        </li>
      ))}
    </ul>
  );
}

type HistoryEvent = {
  event: {
    id: number;
    action: string;
    text: string;
    evidenceFile: string | null;
    evidenceType: string | null;
    at: Date | string;
  };
  actorName: string;
  actorOrgName: string;
};

/** Every step of an item, oldest first, with who took it and the evidence they attached. */
export function RectificationHistory({ events }: { events: readonly HistoryEvent[] }) {
  const { t, locale } = useI18n();
  return (
    <ol className="history" aria-label={t("rectification.history")}>
      {events.map(({ event, actorName, actorOrgName }) => (
        <li key={event.id} data-event={event.action}>
          <strong>{t(`rectification.action.${event.action}` as MessageKey)}</strong>{" "}
          <span className="muted small">
            {formatDateTime(locale, event.at)} · {actorName} · {actorOrgName}
          </span>
          {event.text ? <p className="history__text">{event.text}</p> : null}
          {event.evidenceFile ? (
            <p className="small">
              <a href={`/files/${event.evidenceFile}`} target="_blank" rel="noreferrer">
                {t(
                  event.evidenceType === "application/pdf"
                    ? "rectification.evidencePdf"
                    : "rectification.evidenceImage",
                )}
              </a>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

type ItemView = Awaited<ReturnType<typeof getItem>>;

/** The facts of an item, the same on the department's and the organisation's page. */
export function ItemDetails({ item }: { item: ItemView }) {
  const { name, locale } = useI18n();
  const category = useCategoryName();
  return (
    <section className={item.overdue ? "card rect-card--overdue" : "card"}>
      <p className="alert-card__top">
        <RectificationBadge status={item.item.status} />
        {item.overdue ? <OverdueBadge /> : null}
      </p>
      <dl className="dl">
        <Definition term="rectification.category">{category(item.item.category)}</Definition>
        <Definition term="rectification.problem">{item.item.problem}</Definition>
        {item.item.evidence ? (
          <Definition term="rectification.evidenceText">{item.item.evidence}</Definition>
        ) : null}
        <Definition term="rectification.organisation">{item.targetName}</Definition>
        {item.projectName ? <Definition term="field.project">{item.projectName}</Definition> : null}
        {item.facilityName ? (
          <Definition term="field.facility">{item.facilityName}</Definition>
        ) : null}
        {item.manifestNo && item.item.manifestId ? (
          <Definition term="field.manifestNo">
            <Link to={`/manifests/${item.item.manifestId}`}>{item.manifestNo}</Link>
          </Definition>
        ) : null}
        <Definition term="rectification.responsiblePerson">
          {item.item.responsiblePerson}
        </Definition>
        <Definition term="rectification.deadline">{item.item.deadline}</Definition>
        <Definition term="field.division">
          {name(divisionByCode(item.item.jurisdiction))}
        </Definition>
        <Definition term="rectification.raisedBy">
          {item.departmentName} · {formatDateTime(locale, item.item.createdAt)}
        </Definition>
      </dl>
    </section>
  );
}
