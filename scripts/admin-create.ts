/**
 * npm run admin:create -- --email EMAIL --name NAME [--org-name NAME] [--credit-code CODE]
 *
 * Creates (or promotes) the platform administrator. The password comes from ADMIN_PASSWORD or,
 * at a terminal, from a prompt that does not echo; it is never printed.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";

function fail(line: string): never {
  process.stderr.write(`admin:create: ${line}\n`);
  process.exit(1);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      "org-name": { type: "string" },
      "credit-code": { type: "string" },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (!args.email || !args.name) fail("usage: npm run admin:create -- --email EMAIL --name NAME");

async function askPassword(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    prompt.question(question, (answer) => {
      prompt.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

let password = process.env.ADMIN_PASSWORD ?? "";
if (!password) {
  if (!process.stdin.isTTY) fail("set ADMIN_PASSWORD, or run at a terminal to be asked for it");
  password = await askPassword("Password for the administrator: ");
  const again = await askPassword("Once more: ");
  if (password !== again) fail("the two passwords differ");
}

const { ensurePlatformAdministrator, AdministratorError } = await import(
  "~/domain/accounts/administrator.server"
);
try {
  const result = await ensurePlatformAdministrator({
    email: args.email,
    name: args.name,
    password,
    orgName: args["org-name"],
    creditCode: args["credit-code"],
  });
  const said = {
    created: "created",
    promoted: "promoted to administrator",
    "password-changed": "updated (new password)",
    unchanged: "already the administrator; nothing changed",
  }[result.outcome];
  process.stdout.write(`${args.email.trim().toLowerCase()}: ${said}\n`);
} catch (error) {
  if (error instanceof AdministratorError) fail(error.message);
  throw error;
}
