import type { ReactNode } from "react";
import { useNavigation } from "react-router";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { ActionFailure } from "~/lib/http.server";

/** What a form needs from its action's last answer: errors per field and the values to restore. */
export type FormState = Pick<ActionFailure, "fieldErrors" | "values" | "formError"> | undefined;

/** The state of one form on a page with several: only the one whose button was pressed. */
export function stateFor(state: FormState, ...intents: (string | undefined)[]): FormState {
  return intents.includes(state?.values.intent) ? state : undefined;
}

export function formState(actionData: unknown): FormState {
  if (
    actionData &&
    typeof actionData === "object" &&
    (actionData as { ok?: boolean }).ok === false
  ) {
    return actionData as ActionFailure;
  }
  return undefined;
}

type FieldProps = {
  name: string;
  label: MessageKey;
  state: FormState;
  hint?: ReactNode;
  defaultValue?: string;
  required?: boolean;
};

function FieldShell({ name, label, state, hint, children }: FieldProps & { children: ReactNode }) {
  const { t } = useI18n();
  const error = state?.fieldErrors[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={`f-${name}`}>{t(label)}</label>
      {children}
      {hint ? (
        <p className="field__hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`f-${name}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(name: string, state: FormState, hint: ReactNode) {
  const ids = [
    hint ? `f-${name}-hint` : null,
    state?.fieldErrors[name] ? `f-${name}-error` : null,
  ].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export function TextField(
  props: FieldProps & {
    type?: "text" | "email" | "password" | "date" | "number" | "tel" | "month";
    inputMode?: "decimal" | "numeric" | "text";
    autoComplete?: string;
    placeholder?: string;
    step?: string;
  },
) {
  const { name, state, hint, type = "text" } = props;
  const value = type === "password" ? undefined : (state?.values[name] ?? props.defaultValue);
  return (
    <FieldShell {...props}>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        inputMode={props.inputMode}
        step={props.step}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        defaultValue={value}
        required={props.required}
        aria-invalid={state?.fieldErrors[name] ? true : undefined}
        aria-describedby={describedBy(name, state, hint)}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }) {
  const { name, state, hint } = props;
  return (
    <FieldShell {...props}>
      <textarea
        id={`f-${name}`}
        name={name}
        rows={props.rows ?? 3}
        defaultValue={state?.values[name] ?? props.defaultValue}
        aria-invalid={state?.fieldErrors[name] ? true : undefined}
        aria-describedby={describedBy(name, state, hint)}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & {
    options: readonly { value: string; label: string }[];
    placeholder?: string;
  },
) {
  const { name, state, hint, options } = props;
  return (
    <FieldShell {...props}>
      <select
        id={`f-${name}`}
        name={name}
        defaultValue={state?.values[name] ?? props.defaultValue ?? ""}
        required={props.required}
        aria-invalid={state?.fieldErrors[name] ? true : undefined}
        aria-describedby={describedBy(name, state, hint)}
      >
        {props.placeholder ? <option value="">{props.placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  name,
  label,
  state,
  defaultChecked,
}: FieldProps & { defaultChecked?: boolean }) {
  const { t } = useI18n();
  const checked = state ? state.values[name] === "on" : defaultChecked;
  return (
    <div className="field field--checkbox">
      <input id={`f-${name}`} name={name} type="checkbox" defaultChecked={checked} />
      <label htmlFor={`f-${name}`}>{t(label)}</label>
    </div>
  );
}

/** The form-level message of the last submission, announced to screen readers. */
export function FormAlert({ state }: { state: FormState }) {
  const { t } = useI18n();
  if (!state?.formError) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t(state.formError.key, state.formError.params)}
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
  variant = "primary",
}: {
  children: ReactNode;
  name?: string;
  value?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`button button--${variant}`}
      disabled={busy}
    >
      {children}
    </button>
  );
}

export function CheckboxGroupField({
  name,
  label,
  state,
  options,
  defaultValues = [],
}: Omit<FieldProps, "defaultValue"> & {
  options: readonly { value: string; label: string }[];
  defaultValues?: readonly string[];
}) {
  const { t } = useI18n();
  const error = state?.fieldErrors[name];
  const chosen = state ? (state.values[name] ?? "").split(",") : defaultValues;
  return (
    <fieldset className={error ? "field field--error checkbox-group" : "field checkbox-group"}>
      <legend>{t(label)}</legend>
      <div className="checkbox-group__options">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              defaultChecked={chosen.includes(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
