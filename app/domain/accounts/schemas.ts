import { z } from "zod";
import { creditCode, divisionCode, email, newPassword, requiredText } from "~/domain/fields";

export const LoginInput = z.object({
  email,
  password: z.string({ error: "form.required" }).min(1, "form.required").max(200, "form.tooLong"),
  redirectTo: z.string().optional(),
});

export const SignupInput = z.object({
  orgKind: z.enum(["contractor", "recycler"], "form.chooseOrgKind"),
  orgName: requiredText(100),
  creditCode,
  divisionCode,
  userName: requiredText(50),
  email,
  password: newPassword,
});
export type SignupInput = z.output<typeof SignupInput>;

/** The platform administrator clears one login throttle: a pair, or an address (no email). */
export const LoginThrottleClear = z.object({
  ip: requiredText(100),
  email: z
    .string({ error: "form.invalid" })
    .trim()
    .toLowerCase()
    .max(254, "form.tooLong")
    .optional()
    .default(""),
});
