import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("signup", "routes/signup.tsx"),
  route("locale", "routes/locale.ts"),
  route("healthz", "routes/healthz.ts"),
  route("market", "routes/market.tsx"),
  route("projects", "routes/projects.tsx"),
  route("projects/new", "routes/projects.new.tsx"),
  route("projects/:projectId", "routes/project.tsx"),
  route("projects/:projectId/listings/new", "routes/listings.new.tsx"),
  route("listings/:listingId", "routes/listing.tsx"),
  route("orders", "routes/orders.tsx"),
  route("orders/:orderId", "routes/order.tsx"),
  route("manifests", "routes/manifests.tsx"),
  route("manifests/:manifestId", "routes/manifest.tsx"),
  route("facilities", "routes/facilities.tsx"),
  route("facilities/new", "routes/facilities.new.tsx"),
  route("department", "routes/department.tsx"),
  route("admin", "routes/admin.tsx"),
] satisfies RouteConfig;
