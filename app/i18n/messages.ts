/**
 * Every string the product shows, in English and Simplified Chinese, one file per area of the
 * product under messages/. Each area types its `zh` against its `en`; here they are joined into
 * the one dictionary per language that pages and the web layer translate with.
 */

import type { ErrorCode } from "~/domain/error-codes";
import * as accounts from "./messages/accounts";
import * as alerts from "./messages/alerts";
import * as common from "./messages/common";
import * as department from "./messages/department";
import * as products from "./messages/products";
import * as waste from "./messages/waste";

export const en = {
  ...common.en,
  ...accounts.en,
  ...waste.en,
  ...products.en,
  ...alerts.en,
  ...department.en,
} as const;

export type MessageKey = keyof typeof en;

/** Every failure the domain reports has words here: a code without them fails the type check. */
export type UnwordedErrorCode = Exclude<ErrorCode, MessageKey>;
const everyErrorCodeWorded: [UnwordedErrorCode] extends [never] ? true : UnwordedErrorCode = true;
void everyErrorCodeWorded;

export const zh: Record<MessageKey, string> = {
  ...common.zh,
  ...accounts.zh,
  ...waste.zh,
  ...products.zh,
  ...alerts.zh,
  ...department.zh,
};

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(en, value);
}
