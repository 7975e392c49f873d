/** What the other areas of the domain may use from products: they import it from here alone. */
export { getProduct } from "./catalogue.server";
export { completeIfPaid, type ProductOrder, paidFen } from "./orders.server";
