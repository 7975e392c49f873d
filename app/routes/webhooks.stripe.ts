import { handleStripeWebhook, WebhookError } from "~/domain/payments/payments.server";
import type { Route } from "./+types/webhooks.stripe";

/**
 * Stripe webhooks: the signature is verified on the raw body. 400 for what retrying cannot fix
 * (bad signature, no configuration); 500 when Stripe itself could not be reached, so it retries.
 */
export async function action({ request }: Route.ActionArgs) {
  const body = await request.text();
  try {
    const outcome = await handleStripeWebhook(body, request.headers.get("stripe-signature"));
    return Response.json({ received: true, outcome });
  } catch (error) {
    if (error instanceof WebhookError)
      return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
