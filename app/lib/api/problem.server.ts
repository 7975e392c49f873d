import type { z } from "zod";
import { localeFromAcceptLanguage } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { type Params, translate } from "~/i18n/translate";
import type { FieldErrors } from "../forms";
import type { Problem, ProblemStatus } from "./operations";

/** Each status's title: its HTTP reason phrase, as RFC 9457 asks of "about:blank" problems. */
const titles: Record<ProblemStatus, MessageKey> = {
  400: "problem.badRequest",
  401: "problem.unauthorized",
  403: "problem.forbidden",
  404: "problem.notFound",
  405: "problem.methodNotAllowed",
  409: "problem.conflict",
  413: "problem.contentTooLarge",
  422: "problem.unprocessable",
  429: "problem.tooManyRequests",
  500: "problem.internal",
};

/**
 * An RFC 9457 application/problem+json response in the language the caller asks for with
 * Accept-Language. The HTTP status says what kind of problem it is ("about:blank"); `code` is the
 * reason for programs, `detail` and `errors` are for the person reading the log.
 */
export function problem(
  request: Request,
  status: ProblemStatus,
  code: MessageKey,
  options: { params?: Params; fieldErrors?: FieldErrors; headers?: Record<string, string> } = {},
): Response {
  const locale = localeFromAcceptLanguage(request.headers.get("Accept-Language"));
  const fieldErrors = Object.entries(options.fieldErrors ?? {});
  const body: z.output<typeof Problem> = {
    type: "about:blank",
    title: translate(locale, titles[status]),
    status,
    detail: translate(locale, code, options.params),
    instance: new URL(request.url).pathname,
    code,
    ...(fieldErrors.length > 0
      ? {
          errors: fieldErrors.map(([field, key]) => ({
            field,
            message: translate(locale, key),
          })),
        }
      : {}),
  };
  return Response.json(body, {
    status,
    headers: {
      "Content-Type": "application/problem+json",
      "Content-Language": locale === "zh" ? "zh-CN" : "en",
      "Cache-Control": "no-store",
      Vary: "Accept-Language",
      ...options.headers,
    },
  });
}
