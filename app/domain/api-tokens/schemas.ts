import { z } from "zod";
import { id, requiredText } from "~/domain/fields";
import { rolesByKind } from "../access";

/** Every role of every organisation kind; the service checks it belongs to the actor's kind. */
const allRoles = [...new Set(Object.values(rolesByKind).flat())] as [string, ...string[]];

export const ApiTokenInput = z.object({
  name: requiredText(60),
  role: z.enum(allRoles, "form.chooseOne"),
});
export type ApiTokenInput = z.output<typeof ApiTokenInput>;

export const ApiTokenRevoke = z.object({ tokenId: id });
