import { z } from "zod";
import {
  checkbox,
  divisionCode,
  isoDate,
  latitude,
  longitude,
  optionalIsoDate,
  requiredText,
} from "~/domain/fields";
import { projectKindKeys } from "../reference";

export const ProjectInput = z
  .object({
    name: requiredText(100),
    permitNo: requiredText(40),
    divisionCode,
    address: requiredText(200),
    lat: latitude,
    lon: longitude,
    kind: z.enum(projectKindKeys, "form.chooseOne"),
    governmentInvested: checkbox,
    grossFloorAreaM2: z.coerce
      .number({ error: "form.number" })
      .int("form.wholeNumber")
      .min(0, "form.outOfRange")
      .max(10_000_000, "form.outOfRange"),
    startsOn: isoDate,
    endsOn: optionalIsoDate,
  })
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    path: ["endsOn"],
    message: "form.endBeforeStart",
  });
export type ProjectInput = z.output<typeof ProjectInput>;
