import { divisions, PROVINCE_CODE, province } from "./divisions";
import { facilityTypes, materials, wasteClasses } from "./waste";

const divisionMap = new Map([province, ...divisions].map((d) => [d.code, d]));

export const divisionByCode = (code: string) => divisionMap.get(code);
export const wasteClassByKey = (key: string) => wasteClasses.find((c) => c.key === key);
export const materialByKey = (key: string) => materials.find((m) => m.key === key);
export const facilityTypeByKey = (key: string) => facilityTypes.find((f) => f.key === key);
export const isProvince = (code: string) => code === PROVINCE_CODE;
