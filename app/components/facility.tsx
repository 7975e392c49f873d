import { CheckboxGroupField, type FormState, SelectField, TextField } from "~/components/form";
import type { Facility } from "~/domain/facilities/facilities.server";
import { fenToYuanText } from "~/domain/money";
import { kgToTonnesText } from "~/domain/quantity";
import { divisions } from "~/domain/reference/divisions";
import { facilityTypes, materials, wasteClasses } from "~/domain/reference/waste";
import { useI18n } from "~/i18n/use-i18n";

/** The fields of a facility, for registering one and for editing it. */
export function FacilityFields({ state, facility }: { state: FormState; facility?: Facility }) {
  const { t, name } = useI18n();
  return (
    <>
      <TextField
        name="name"
        label="field.facilityName"
        state={state}
        defaultValue={facility?.name}
        required
      />
      <SelectField
        name="type"
        label="field.facilityType"
        state={state}
        placeholder={t("form.choose")}
        options={facilityTypes.map((f) => ({ value: f.key, label: name(f) }))}
        defaultValue={facility?.type}
        required
      />
      <SelectField
        name="divisionCode"
        label="field.division"
        state={state}
        placeholder={t("form.choose")}
        options={divisions.map((d) => ({ value: d.code, label: name(d) }))}
        defaultValue={facility?.divisionCode}
        required
      />
      <TextField
        name="address"
        label="field.address"
        state={state}
        defaultValue={facility?.address}
        required
      />
      <div className="field-row">
        <TextField
          name="lat"
          label="field.lat"
          state={state}
          inputMode="decimal"
          defaultValue={facility && String(facility.lat)}
          required
        />
        <TextField
          name="lon"
          label="field.lon"
          state={state}
          inputMode="decimal"
          defaultValue={facility && String(facility.lon)}
          required
        />
      </div>
      <CheckboxGroupField
        name="acceptedClasses"
        label="field.acceptedClasses"
        state={state}
        options={wasteClasses.map((c) => ({ value: c.key, label: name(c) }))}
        defaultValues={facility?.acceptedClasses}
      />
      <CheckboxGroupField
        name="acceptedMaterials"
        label="field.acceptedMaterials"
        state={state}
        options={materials.map((m) => ({ value: m.key, label: name(m) }))}
        defaultValues={facility?.acceptedMaterials}
      />
      <div className="field-row">
        <TextField
          name="annualCapacityKg"
          label="field.annualCapacityTonnes"
          state={state}
          inputMode="decimal"
          defaultValue={facility && kgToTonnesText(facility.annualCapacityKg)}
          required
        />
        <TextField
          name="gateFeeFenPerTonne"
          label="field.gateFee"
          state={state}
          inputMode="decimal"
          hint={t("field.gateFeeHint")}
          defaultValue={facility ? fenToYuanText(facility.gateFeeFenPerTonne) : "0"}
        />
      </div>
      <div className="field-row">
        <TextField
          name="approvalNo"
          label="field.approvalNo"
          state={state}
          defaultValue={facility?.approvalNo}
          required
        />
        <TextField
          name="approvalExpiresOn"
          type="date"
          label="field.approvalExpiresOn"
          state={state}
          defaultValue={facility?.approvalExpiresOn}
          required
        />
      </div>
    </>
  );
}

/**
 * What an approval's state means for the facility: an expired one stops it claiming and receiving
 * waste; one that expires within 30 days is a warning to renew in time.
 */
export function ApprovalNotice({
  approval,
  expiresOn,
  daysLeft,
}: {
  approval: "valid" | "expiring" | "expired";
  expiresOn: string;
  daysLeft: number;
}) {
  const { t } = useI18n();
  if (approval === "valid") return null;
  return approval === "expired" ? (
    <div className="alert alert--error notice" role="status">
      {t("facility.expiredNotice", { date: expiresOn })}
    </div>
  ) : (
    <div className="alert alert--warning notice" role="status">
      {t("facility.expiringNotice", { date: expiresOn, days: daysLeft })}
    </div>
  );
}
