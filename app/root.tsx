import {
  data,
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { can, type Permission } from "./domain/access/permissions";
import { getActor } from "./domain/accounts/session.server";
import { UNREAD_CAP, unreadCount } from "./domain/notifications/notifications.server";
import { getLocale } from "./i18n/locale.server";
import type { MessageKey } from "./i18n/messages";
import { useI18n } from "./i18n/use-i18n";
import { useNonce } from "./lib/nonce";
import "./styles.css";

export async function loader({ request }: Route.LoaderArgs) {
  const [locale, actor] = await Promise.all([getLocale(request), getActor(request)]);
  const unread = actor && can(actor, "notification.read") ? await unreadCount(actor) : null;
  return data({
    locale,
    actor: actor && {
      userName: actor.userName,
      orgName: actor.orgName,
      orgKind: actor.orgKind,
      role: actor.role,
      orgVerified: actor.orgVerified,
    },
    unread: unread === null ? null : { count: unread, capped: unread >= UNREAD_CAP },
  });
}

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/**
 * A link shows only to those who may open its page (a weighbridge clerk has no market). With
 * `end` it is marked current on its own path only, not on the pages below it.
 */
type NavItem = { to: string; label: MessageKey; permission: Permission; end?: boolean };
const navByKind: Record<string, NavItem[]> = {
  contractor: [
    { to: "/projects", label: "nav.projects", permission: "project.read" },
    { to: "/market", label: "nav.market", permission: "market.browse" },
    { to: "/orders", label: "nav.orders", permission: "order.read" },
    { to: "/manifests", label: "nav.manifests", permission: "order.read" },
    { to: "/products", label: "nav.products", permission: "product.browse" },
    { to: "/product-orders", label: "nav.productOrders", permission: "product.orders.read" },
    { to: "/alerts", label: "nav.alerts", permission: "alert.read" },
    { to: "/rectification", label: "nav.rectification", permission: "rectification.read" },
    { to: "/settings/api-tokens", label: "nav.apiTokens", permission: "api_token.manage" },
  ],
  recycler: [
    { to: "/market", label: "nav.market", permission: "market.browse" },
    { to: "/orders", label: "nav.orders", permission: "order.read" },
    { to: "/manifests", label: "nav.manifests", permission: "order.read" },
    { to: "/facilities", label: "nav.facilities", permission: "facility.read" },
    { to: "/catalogue", label: "nav.catalogue", permission: "product.read" },
    { to: "/product-orders", label: "nav.productOrders", permission: "product.orders.read" },
    { to: "/alerts", label: "nav.alerts", permission: "alert.read" },
    { to: "/rectification", label: "nav.rectification", permission: "rectification.read" },
    { to: "/settings/api-tokens", label: "nav.apiTokens", permission: "api_token.manage" },
  ],
  department: [
    { to: "/department", label: "nav.department", permission: "stats.read", end: true },
    { to: "/department/prices", label: "nav.prices", permission: "stats.read" },
    { to: "/alerts", label: "nav.alerts", permission: "alert.read" },
    {
      to: "/department/rectification",
      label: "nav.rectification",
      permission: "rectification.read",
    },
    { to: "/department/report", label: "nav.report", permission: "stats.read" },
    { to: "/settings/api-tokens", label: "nav.apiTokens", permission: "api_token.manage" },
  ],
  platform: [{ to: "/admin", label: "nav.admin", permission: "organisation.verify" }],
};

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? "zh";
  const nonce = useNonce();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#17624a" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const root = useRouteLoaderData<typeof loader>("root");
  const { t, locale } = useI18n();
  const location = useLocation();
  const actor = root?.actor;
  const here = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ♻
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        <div className="site-header__tools">
          <Form method="post" action="/locale" className="lang-switch">
            <input type="hidden" name="redirectTo" value={here} />
            <button
              type="submit"
              name="locale"
              value={locale === "zh" ? "en" : "zh"}
              className="link-button"
              lang={locale === "zh" ? "en" : "zh"}
            >
              {locale === "zh" ? "English" : "中文"}
            </button>
          </Form>
          {root?.unread ? (
            <Link to="/notifications" className="notifications-link">
              <svg className="notifications-link__icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z" />
              </svg>
              <span className="notifications-link__label">{t("nav.notifications")}</span>
              {root.unread.count > 0 ? (
                // The link's name is what it shows ("Notifications 5 unread"), so speech input
                // users can say what they see.
                <>
                  {" "}
                  <span className="count-badge">
                    {root.unread.capped ? `${root.unread.count - 1}+` : root.unread.count}
                  </span>
                  <span className="visually-hidden"> {t("nav.unreadAfterCount")}</span>
                </>
              ) : null}
            </Link>
          ) : null}
          {actor ? (
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          ) : (
            <Link to="/login">{t("nav.login")}</Link>
          )}
        </div>
      </div>
      {actor ? (
        <div className="site-header__context">
          <span className="org">
            <span className="org__name">{actor.orgName}</span>
            <span className="org__user">
              {actor.userName} · {t(`orgKind.${actor.orgKind}` as MessageKey)}
            </span>
          </span>
          <nav className="main-nav" aria-label={t("nav.label")}>
            {(navByKind[actor.orgKind] ?? [])
              .filter((item) => can(actor, item.permission))
              .map((item) => (
                <NavLink key={item.to} to={item.to} end={item.end}>
                  {t(item.label)}
                </NavLink>
              ))}
          </nav>
        </div>
      ) : null}
    </header>
  );
}

export default function App() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <SiteHeader />
      <main id="main" className="container">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { t } = useI18n();
  let title: MessageKey = "error.unexpected";
  let detail: string | undefined;
  if (isRouteErrorResponse(error)) {
    title =
      error.status === 404
        ? "error.notFound"
        : error.status === 403
          ? "error.forbidden"
          : error.status === 429
            ? "auth.throttled"
            : error.status < 500
              ? "error.badRequest"
              : "error.unexpected";
    const key = (error.data as { key?: MessageKey } | undefined)?.key;
    if (key && key !== title) detail = t(key);
  } else if (import.meta.env.DEV && error instanceof Error) {
    detail = error.message;
  }
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        <div className="error-page">
          <h1>{t(title)}</h1>
          {detail ? <p>{detail}</p> : null}
          <p>
            <Link to="/">{t("error.backHome")}</Link>
          </p>
        </div>
      </main>
    </>
  );
}
