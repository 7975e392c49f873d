import type { Route } from "./+types/home";

// Framework ceiling, static page: a loader and a few elements, no I/O.
export function meta(_: Route.MetaArgs) {
  return [
    { title: "Ceiling: home" },
    { name: "description", content: "Framework ceiling anchor page." },
  ];
}

export function loader(_: Route.LoaderArgs) {
  return {
    message: "Hello from the framework ceiling.",
    items: ["alpha", "beta", "gamma", "delta"],
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <main>
      <h1>Home</h1>
      <p id="msg">{loaderData.message}</p>
      <ul>
        {loaderData.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </main>
  );
}
