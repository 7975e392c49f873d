import type { ReactNode } from "react";
import { Link } from "react-router";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="page-header__subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}

export function EmptyState({
  title,
  body,
  action,
}: {
  title: MessageKey;
  body?: MessageKey;
  action?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="empty">
      <p className="empty__title">{t(title)}</p>
      {body ? <p className="empty__body">{t(body)}</p> : null}
      {action}
    </div>
  );
}

const tone: Record<string, string> = {
  active: "green",
  open: "green",
  accepted: "green",
  received: "green",
  completed: "grey",
  in_progress: "blue",
  dispatched: "blue",
  requested: "amber",
  draft: "grey",
  declined: "red",
  rejected: "red",
  cancelled: "grey",
  voided: "grey",
  expired: "red",
  expiring: "amber",
  valid: "green",
  closed: "grey",
  placed: "amber",
  confirmed: "green",
  delivering: "blue",
  delivered: "green",
  archived: "grey",
  product_active: "green",
  product_archived: "grey",
  payment_pending: "amber",
  payment_succeeded: "green",
  payment_failed: "red",
  payment_refunded: "grey",
  payment_cancelled: "grey",
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--${tone[status] ?? "grey"}`}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

export function Stat({
  label,
  value,
  hint,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className="stat">
      <div className="stat__label">{label}</div>
      <div className="stat__value">{value}</div>
      {hint ? <div className="stat__hint">{hint}</div> : null}
    </div>
  );
}

export function Definition({ term, children }: { term: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="dl__row">
      <dt>{t(term)}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function Pager({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const { t } = useI18n();
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      {page > 1 ? <Link to={href(page - 1)}>{t("pager.previous")}</Link> : <span />}
      <span>{t("pager.position", { page, pageCount })}</span>
      {page < pageCount ? <Link to={href(page + 1)}>{t("pager.next")}</Link> : <span />}
    </nav>
  );
}

/**
 * The box a wide table scrolls sideways in on a phone. A keyboard user must be able to reach it
 * to scroll it, and a screen reader announces it by the table's title.
 */
export function TableScroll({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={className ? `table-wrap ${className}` : "table-wrap"}
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable with Tab to scroll it (WCAG 2.1.1)
      tabIndex={0}
    >
      {children}
    </section>
  );
}
