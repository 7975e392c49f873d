import { Link } from "react-router";
import type { approvalAlerts, listingAlerts, usageAlerts } from "~/domain/department/alerts.server";
import { divisionByCode, wasteClassByKey } from "~/domain/reference/lookup";
import { materialClasses } from "~/domain/reference/products";
import { formatDateTime, formatRate, formatTonnes } from "~/i18n/format";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { ExportLinks } from "./export-links";
import { EmptyState, Pager, StatusBadge } from "./ui";

/** The pre-filled "raise a rectification item" form for a record, as a link. */
export function raiseHref(values: Record<string, string | number | null | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  return `/department/rectification/new?${params}`;
}

export function RaiseLink({ href, label }: { href: string; label: MessageKey }) {
  const { t } = useI18n();
  return (
    <Link className="button button--secondary button--small" to={href} data-raise>
      {t(label)}
    </Link>
  );
}

type Props = {
  data: {
    view: string;
    canRaise: boolean;
    approvals: Awaited<ReturnType<typeof approvalAlerts>> | null;
    usage: Awaited<ReturnType<typeof usageAlerts>> | null;
    listings: Awaited<ReturnType<typeof listingAlerts>> | null;
  };
};

/** The alerts a department derives from its jurisdiction's records, each one action from an item. */
export function DepartmentAlerts({ data }: Props) {
  const { t, name, locale } = useI18n();
  const { approvals, usage, listings, canRaise, view } = data;
  const exportLinks = (
    <ExportLinks href={(format) => `/department/report/export?table=${view}&format=${format}`} />
  );
  const pager = (result: { page: number; pageCount: number }) => (
    <Pager
      page={result.page}
      pageCount={result.pageCount}
      href={(page) => `/alerts?view=${view}&page=${page}`}
    />
  );
  const division = (code: string) => name(divisionByCode(code));
  if (approvals) {
    return (
      <>
        <p className="muted small">{t("alerts.approvalsHint")}</p>
        {exportLinks}
        {approvals.rows.length === 0 ? (
          <EmptyState title="alerts.approvalsEmpty" />
        ) : (
          <ul className="cards cards--list">
            {approvals.rows.map(({ facility, orgName, status, daysLeft }) => (
              <li key={facility.id} className="card alert-card" data-alert="approval">
                <div className="alert-card__top">
                  <StatusBadge status={status} />
                </div>
                <h2>{facility.name}</h2>
                <p>
                  {t(status === "expired" ? "alerts.approvalExpired" : "alerts.approvalExpiring", {
                    approvalNo: facility.approvalNo,
                    date: facility.approvalExpiresOn,
                    days: Math.abs(daysLeft),
                  })}
                </p>
                <p className="muted small">
                  {orgName} · {division(facility.divisionCode)}
                </p>
                {canRaise ? (
                  <p className="raise-links">
                    <RaiseLink
                      label="alerts.raise"
                      href={raiseHref({
                        orgId: facility.orgId,
                        facilityId: facility.id,
                        category: "approval_expiry",
                        problem: t("alerts.problemApproval", {
                          facility: facility.name,
                          approvalNo: facility.approvalNo,
                          date: facility.approvalExpiresOn,
                        }),
                      })}
                    />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {pager(approvals)}
      </>
    );
  }
  if (usage) {
    return (
      <>
        <p className="muted small">{t("alerts.usageHint", { target: usage.targetPercent })}</p>
        {exportLinks}
        {usage.rows.length === 0 ? (
          <EmptyState title="alerts.usageEmpty" />
        ) : (
          <ul className="cards cards--list">
            {usage.rows.map(({ project, orgName, classes }) => {
              const below = classes
                .map(
                  (c) =>
                    `${name(materialClasses.find((m) => m.key === c.materialClass))} ${formatRate(c.rateBp)}`,
                )
                .join("、");
              return (
                <li key={project.id} className="card alert-card" data-alert="usage">
                  <h2>{project.name}</h2>
                  <p>{t("alerts.usageBelow", { classes: below, target: usage.targetPercent })}</p>
                  <p className="muted small">
                    {orgName} · {division(project.divisionCode)}
                  </p>
                  {canRaise ? (
                    <p className="raise-links">
                      <RaiseLink
                        label="alerts.raise"
                        href={raiseHref({
                          orgId: project.orgId,
                          projectId: project.id,
                          category: "usage_below_target",
                          problem: t("alerts.problemUsage", {
                            project: project.name,
                            classes: below,
                            target: usage.targetPercent,
                          }),
                        })}
                      />
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {pager(usage)}
      </>
    );
  }
  if (listings) {
    return (
      <>
        <p className="muted small">{t("alerts.listingsHint")}</p>
        {exportLinks}
        {listings.rows.length === 0 ? (
          <EmptyState title="alerts.listingsEmpty" />
        ) : (
          <ul className="cards cards--list">
            {listings.rows.map(({ listing, projectName, orgName }) => (
              <li key={listing.id} className="card alert-card" data-alert="listing">
                <h2>
                  {name(wasteClassByKey(listing.wasteClass))} · {formatTonnes(listing.quantityKg)}
                </h2>
                <p>
                  {t("alerts.listingExpired", {
                    until: listing.availableUntil,
                    at: listing.endedAt ? formatDateTime(locale, listing.endedAt) : "—",
                  })}
                </p>
                <p className="muted small">
                  {orgName} · {projectName} · {division(listing.divisionCode)}
                </p>
                {canRaise ? (
                  <p className="raise-links">
                    <RaiseLink
                      label="alerts.raise"
                      href={raiseHref({
                        orgId: listing.orgId,
                        projectId: listing.projectId,
                        category: "listing_not_moved",
                        problem: t("alerts.problemListing", {
                          id: listing.id,
                          project: projectName,
                          quantity: formatTonnes(listing.quantityKg),
                          until: listing.availableUntil,
                        }),
                      })}
                    />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {pager(listings)}
      </>
    );
  }
  return null;
}
