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
import { can, type Permission } from "./domain/accounts/permissions";
import { getActor } from "./domain/accounts/session.server";
import { getLocale } from "./i18n/locale.server";
import type { MessageKey } from "./i18n/messages";
import { useI18n } from "./i18n/use-i18n";
import "./styles.css";

export async function loader({ request }: Route.LoaderArgs) {
  const [locale, actor] = await Promise.all([getLocale(request), getActor(request)]);
  return data({
    locale,
    actor: actor && {
      userName: actor.userName,
      orgName: actor.orgName,
      orgKind: actor.orgKind,
      role: actor.role,
      orgVerified: actor.orgVerified,
    },
  });
}

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** A link shows only to those who may open its page (a weighbridge clerk has no market). */
type NavItem = { to: string; label: MessageKey; permission: Permission };
const navByKind: Record<string, NavItem[]> = {
  contractor: [
    { to: "/projects", label: "nav.projects", permission: "project.read" },
    { to: "/market", label: "nav.market", permission: "market.browse" },
    { to: "/orders", label: "nav.orders", permission: "order.read" },
    { to: "/manifests", label: "nav.manifests", permission: "order.read" },
  ],
  recycler: [
    { to: "/market", label: "nav.market", permission: "market.browse" },
    { to: "/orders", label: "nav.orders", permission: "order.read" },
    { to: "/manifests", label: "nav.manifests", permission: "order.read" },
    { to: "/facilities", label: "nav.facilities", permission: "facility.read" },
  ],
  department: [{ to: "/department", label: "nav.department", permission: "stats.read" }],
  platform: [{ to: "/admin", label: "nav.admin", permission: "organisation.verify" }],
};

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? "zh";
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
        <ScrollRestoration />
        <Scripts />
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
                <NavLink key={item.to} to={item.to}>
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
