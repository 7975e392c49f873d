import { z } from "zod";

/**
 * Building blocks of the API's response schemas. Each takes what the domain services return and
 * yields plain JSON, so one schema both serialises a response and documents it (io: "output").
 */

/** A moment as ISO 8601 in UTC; the services hand over a Date. */
export const timestamp = z.codec(z.date(), z.iso.datetime(), {
  decode: (at) => at.toISOString(),
  encode: (text) => new Date(text),
});

/** A text column that only ever holds one of these values, documented as that enumeration. */
export const storedEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().pipe(z.enum(values));
