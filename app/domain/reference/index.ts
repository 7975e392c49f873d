/** What the other areas of the domain may use from reference: they import it from here alone. */
export { divisions, PROVINCE_CODE } from "./divisions";
export { materialByKey } from "./lookup";
export {
  type MaterialClass,
  materialClasses,
  materialClassKeys,
  type ProductUnit,
  productTypeByKey,
  productTypeKeys,
  productTypes,
  productUnitKeys,
} from "./products";
export {
  facilityTypeKeys,
  type Material,
  materialKeys,
  materialsByClass,
  projectKindKeys,
  type WasteClass,
  wasteClassKeys,
} from "./waste";
