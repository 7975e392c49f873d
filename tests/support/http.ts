import { TEST_PASSWORD } from "./world";

export type HttpResult = {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
};

/**
 * A cookie-keeping client that posts forms the way a browser without JavaScript does, and does
 * not follow redirects, so tests see each status as the server sent it.
 */
export class Client {
  private cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(
    method: "GET" | "POST",
    path: string,
    form?: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    let body: URLSearchParams | undefined;
    if (form) {
      body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get("location"),
      body: await response.text(),
      headers: response.headers,
    };
  }

  /** A multipart post, as a browser sends a form with file inputs. */
  async postMultipart(path: string, form: FormData): Promise<HttpResult> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader() },
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get("location"),
      body: await response.text(),
      headers: response.headers,
    };
  }

  /** A download as the bytes the server sent: `Response.text()` would silently drop a BOM. */
  async download(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    return { status: response.status, headers: response.headers, bytes, text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, undefined, headers);
  }

  post(path: string, form: Record<string, string | string[]>, headers?: Record<string, string>) {
    return this.request("POST", path, form, headers);
  }

  async logIn(email: string, password = TEST_PASSWORD) {
    const result = await this.post("/login", { email, password });
    if (result.status !== 302) throw new Error(`login as ${email} failed with ${result.status}`);
    return this;
  }
}
