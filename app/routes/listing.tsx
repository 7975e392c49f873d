import { Form, Link, redirect } from "react-router";
import {
  FormAlert,
  formState,
  SelectField,
  SubmitButton,
  stateFor,
  TextField,
} from "~/components/form";
import { MassBalancePanel, OwnerPanel, PhotosPanel } from "~/components/listing-panels";
import { MatchingSection } from "~/components/matching";
import { Definition, EmptyState, PageHeader, StatusBadge, TableScroll } from "~/components/ui";
import { can } from "~/domain/access/permissions";
import { requireActor } from "~/domain/accounts/session.server";
import { approvalStatus, listMyFacilities } from "~/domain/facilities/facilities.server";
import { massBalance } from "~/domain/listings/balance.server";
import { cancelListing, closeListing } from "~/domain/listings/lifecycle.server";
import { getListing, publishListing } from "~/domain/listings/listings.server";
import {
  addListingPhotos,
  listPhotos,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_LISTING,
} from "~/domain/listings/photos.server";
import { ListingCloseOut } from "~/domain/listings/schemas";
import { matchFacilities } from "~/domain/matching/matching.server";
import { claimListing, listOrdersOfListing } from "~/domain/orders/orders.server";
import { ClaimInput } from "~/domain/orders/schemas";
import {
  divisionByCode,
  facilityTypeByKey,
  materialByKey,
  wasteClassByKey,
} from "~/domain/reference/lookup";
import { formatDateTime, formatTonnes, formatYuan } from "~/i18n/format";
import { useI18n } from "~/i18n/use-i18n";
import { formValues, parseForm } from "~/lib/forms";
import { attempt, invalidForm, orRespond, routeId } from "~/lib/http.server";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/listing";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "listing.title");

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireActor(request);
  const listingId = routeId(params.listingId);
  return await orRespond(async () => {
    const view = await getListing(actor, listingId);
    const canClaim = can(actor, "order.claim");
    const facilities = canClaim
      ? (await listMyFacilities(actor))
          .filter(
            (f) =>
              f.acceptedClasses.includes(view.listing.wasteClass) &&
              f.acceptedMaterials.includes(view.listing.material),
          )
          .map((f) => ({ id: f.id, name: f.name, type: f.type, approval: approvalStatus(f) }))
      : [];
    return {
      ...view,
      orders: await listOrdersOfListing(actor, listingId),
      canClaim,
      canDecide: view.isOwner && can(actor, "order.decide"),
      canPublish: view.isOwner && can(actor, "listing.publish"),
      canManage: view.isOwner && can(actor, "listing.manage"),
      balance: view.isOwner || view.listing.status !== "open" ? await massBalance(listingId) : null,
      photos: (await listPhotos(listingId)).map((p) => p.fileName),
      facilities,
      // The producer picks a recycler from it; a recycler sees its own facilities first.
      matching:
        (view.isOwner || canClaim) &&
        (view.listing.status === "draft" || view.listing.status === "open")
          ? await matchFacilities(actor, listingId)
          : null,
    };
  });
}

// Photos: at most six of 5 MB each, plus the form fields around them.
const MAX_UPLOAD_BYTES = MAX_PHOTOS_PER_LISTING * MAX_PHOTO_BYTES + 64 * 1024;

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireActor(request);
  const listingId = routeId(params.listingId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_UPLOAD_BYTES) {
    return invalidForm({ photos: "listing.photoTooLarge" }, { intent: "photos" });
  }
  const form = await request.formData();
  // A claim is what this page's main form is for, so a post without an intent is one.
  const intent = form.get("intent") ?? "claim";
  const back = redirect(`/listings/${listingId}`);
  switch (intent) {
    case "publish": {
      const result = await attempt({ intent }, async () => await publishListing(actor, listingId));
      return result.ok ? back : result.response;
    }
    case "cancel": {
      const result = await attempt({ intent }, async () => await cancelListing(actor, listingId));
      return result.ok ? back : result.response;
    }
    case "close": {
      const parsed = parseForm(ListingCloseOut, form);
      if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
      const result = await attempt(
        formValues(form),
        async () => await closeListing(actor, listingId, parsed.data),
      );
      return result.ok ? back : result.response;
    }
    case "photos": {
      const files = form.getAll("photos").filter((f): f is File => f instanceof File && f.size > 0);
      const result = await attempt(
        { intent },
        async () => await addListingPhotos(actor, listingId, files),
      );
      return result.ok ? back : result.response;
    }
    case "claim": {
      const parsed = parseForm(ClaimInput, form);
      if (!parsed.success) return invalidForm(parsed.fieldErrors, parsed.values);
      const result = await attempt(
        formValues(form),
        async () => await claimListing(actor, listingId, parsed.data),
      );
      return result.ok ? redirect(`/orders/${result.value.id}`) : result.response;
    }
    default:
      return invalidForm({ intent: "form.chooseOne" }, {});
  }
}

export default function ListingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, name, locale } = useI18n();
  const state = formState(actionData);
  const claimState = stateFor(state, "claim", undefined);
  const { listing, project, producerName, orders } = loaderData;
  const availableKg = listing.quantityKg - listing.allocatedKg;
  return (
    <>
      <PageHeader
        title={`${name(wasteClassByKey(listing.wasteClass))} · ${name(materialByKey(listing.material))}`}
        subtitle={`${producerName} · ${project.name} · ${name(divisionByCode(listing.divisionCode))}`}
        actions={<StatusBadge status={listing.status} />}
      />
      <div className="grid-2">
        <section className="card">
          <div className="quantity-bar" aria-hidden="true">
            <span
              style={{
                width: `${Math.min(100, (listing.allocatedKg / listing.quantityKg) * 100)}%`,
              }}
            />
          </div>
          <dl className="dl">
            <Definition term="field.quantity">{formatTonnes(listing.quantityKg)}</Definition>
            <Definition term="listing.allocated">{formatTonnes(listing.allocatedKg)}</Definition>
            <Definition term="listing.available">
              <strong>{formatTonnes(availableKg)}</strong>
            </Definition>
            <Definition term="field.price">
              {formatYuan(listing.priceFenPerTonne)}/t · {t(`payer.${listing.payer}`)}
            </Definition>
            <Definition term="listing.window">
              {listing.availableFrom} – {listing.availableUntil}
            </Definition>
            <Definition term="field.address">{project.address}</Definition>
            {listing.description ? (
              <Definition term="field.description">{listing.description}</Definition>
            ) : null}
          </dl>
          {loaderData.canPublish && listing.status === "draft" ? (
            <Form method="post">
              <FormAlert state={stateFor(state, "publish")} />
              <SubmitButton name="intent" value="publish">
                {t("listings.publish")}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
        {loaderData.canClaim && listing.status === "open" ? (
          <section className="card">
            <h2>{t("claim.title")}</h2>
            {loaderData.facilities.length === 0 ? (
              <EmptyState
                title="claim.noFacility"
                body="claim.noFacilityBody"
                action={<Link to="/facilities/new">{t("facilities.new")}</Link>}
              />
            ) : (
              <Form method="post" className="form" noValidate>
                <FormAlert state={claimState} />
                <SelectField
                  name="facilityId"
                  label="field.facility"
                  state={claimState}
                  options={loaderData.facilities.map((f) => ({
                    value: String(f.id),
                    label: `${f.name} (${name(facilityTypeByKey(f.type))})${f.approval === "expired" ? ` — ${t("facility.approvalExpired")}` : ""}`,
                  }))}
                  required
                />
                <TextField
                  name="quantityKg"
                  label="field.quantityTonnes"
                  state={claimState}
                  inputMode="decimal"
                  hint={t("claim.availableHint", { available: formatTonnes(availableKg) })}
                  required
                />
                <TextField name="note" label="field.note" state={claimState} />
                <SubmitButton name="intent" value="claim">
                  {t("claim.submit")}
                </SubmitButton>
              </Form>
            )}
          </section>
        ) : null}
      </div>
      <div className="grid-2">
        {loaderData.balance ? (
          <MassBalancePanel
            balance={loaderData.balance}
            destination={listing.offPlatformDestination}
          />
        ) : null}
        <PhotosPanel
          action={`/listings/${listing.id}`}
          photos={loaderData.photos}
          canUpload={
            loaderData.canManage && listing.status !== "closed" && listing.status !== "cancelled"
          }
          state={stateFor(state, "photos")}
        />
      </div>
      {loaderData.canManage && loaderData.balance ? (
        <OwnerPanel
          listingId={listing.id}
          status={listing.status}
          unmovedKg={Math.max(0, listing.quantityKg - loaderData.balance.movedKg)}
          state={stateFor(state, "cancel", "close")}
        />
      ) : null}
      {loaderData.matching ? <MatchingSection matching={loaderData.matching} /> : null}
      <h2>{t("orders.title")}</h2>
      {orders.length === 0 ? (
        <EmptyState title="orders.emptyOnListing" />
      ) : (
        <TableScroll label={t("orders.title")}>
          <table>
            <thead>
              <tr>
                <th>{t("field.recycler")}</th>
                <th>{t("field.facility")}</th>
                <th className="num">{t("field.quantity")}</th>
                <th>{t("field.status")}</th>
                <th>{t("field.createdAt")}</th>
                {loaderData.canDecide ? <th>{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {orders.map(({ order, facility, recyclerName }) => (
                <tr key={order.id}>
                  <td>
                    <Link to={`/orders/${order.id}`}>{recyclerName}</Link>
                  </td>
                  <td>{facility.name}</td>
                  <td className="num">{formatTonnes(order.quantityKg)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>{formatDateTime(locale, order.createdAt)}</td>
                  {loaderData.canDecide ? (
                    <td>
                      {order.status === "requested" ? (
                        <Form
                          method="post"
                          action={`/orders/${order.id}`}
                          className="inline-actions"
                        >
                          <SubmitButton name="intent" value="accept">
                            {t("order.accept")}
                          </SubmitButton>
                          <SubmitButton name="intent" value="decline" variant="secondary">
                            {t("order.decline")}
                          </SubmitButton>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
