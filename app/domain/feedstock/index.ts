/** What the other areas of the domain may use from feedstock: they import it from here alone. */
export { notifyFeedstockSubscribers } from "./subscriptions.server";
