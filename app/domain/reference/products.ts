/**
 * Recycled product types, the standards they are made to, and the material class each counts
 * towards in a project's recycled-product usage rate (川建行规〔2024〕12号: ≥ 10 % of the same type
 * of building material on government-invested projects). GB/T 25177, GB/T 25176 and GB/T 45931
 * are sourced; the other standard numbers are suggestions from general knowledge, not checked
 * against their published text — a recycler enters the standard its test report cites.
 */
export const materialClasses = [
  { key: "aggregate", zh: "骨料（砂石）", en: "Aggregate (sand and stone)" },
  { key: "concrete_mortar", zh: "混凝土/砂浆", en: "Concrete and mortar" },
  { key: "masonry", zh: "砌体材料（砖、砌块）", en: "Masonry units (bricks, blocks)" },
  { key: "road_base", zh: "道路基层材料", en: "Road base" },
  { key: "paving", zh: "铺装材料（路面砖、透水砖）", en: "Paving (pavers, permeable bricks)" },
  { key: "asphalt", zh: "沥青混合料", en: "Asphalt mix" },
  { key: "mineral_admixture", zh: "矿物掺合料", en: "Mineral admixture" },
  { key: "fill", zh: "回填料", en: "Fill" },
] as const;
export type MaterialClass = (typeof materialClasses)[number]["key"];
export const materialClassKeys = materialClasses.map((c) => c.key) as [
  MaterialClass,
  ...MaterialClass[],
];

export const productUnits = [
  { key: "t", zh: "吨", en: "t" },
  { key: "m3", zh: "立方米", en: "m³" },
  { key: "piece", zh: "块", en: "piece" },
  { key: "m2", zh: "平方米", en: "m²" },
] as const;
export type ProductUnit = (typeof productUnits)[number]["key"];
export const productUnitKeys = productUnits.map((u) => u.key) as [ProductUnit, ...ProductUnit[]];

export const productTypes = [
  {
    key: "recycled_coarse_aggregate",
    zh: "再生粗骨料",
    en: "Recycled coarse aggregate",
    standards: ["GB/T 25177-2010"],
    units: ["t", "m3"],
    materialClass: "aggregate",
  },
  {
    key: "recycled_fine_aggregate",
    zh: "再生细骨料（再生砂）",
    en: "Recycled fine aggregate (sand)",
    standards: ["GB/T 25176-2010"],
    units: ["t", "m3"],
    materialClass: "aggregate",
  },
  {
    key: "recycled_aggregate_concrete",
    zh: "再生骨料混凝土/砂浆",
    en: "Recycled-aggregate concrete or mortar",
    standards: ["JGJ/T 240-2011"],
    units: ["m3"],
    materialClass: "concrete_mortar",
  },
  {
    key: "recycled_road_base",
    zh: "再生道路基层材料",
    en: "Recycled road-base mix",
    standards: ["GB/T 45931-2025", "JC/T 2281-2014"],
    units: ["t", "m3"],
    materialClass: "road_base",
  },
  {
    key: "recycled_solid_brick",
    zh: "再生骨料实心砖/多孔砖",
    en: "Recycled-aggregate solid or perforated brick",
    standards: ["JG/T 505-2016"],
    units: ["piece", "m3"],
    materialClass: "masonry",
  },
  {
    key: "recycled_block",
    zh: "再生骨料混凝土砌块",
    en: "Recycled-aggregate concrete block",
    standards: ["GB/T 8239-2014"],
    units: ["piece", "m3"],
    materialClass: "masonry",
  },
  {
    key: "recycled_paver_permeable",
    zh: "再生骨料路面砖/透水砖",
    en: "Recycled-aggregate paver or permeable brick",
    standards: ["JC/T 400-2012", "GB/T 25993-2023"],
    units: ["m2", "piece"],
    materialClass: "paving",
  },
  {
    key: "recycled_asphalt_rap",
    zh: "再生沥青混合料（RAP）",
    en: "Reclaimed asphalt (RAP)",
    standards: ["JTG/T 5521-2019"],
    units: ["t"],
    materialClass: "asphalt",
  },
  {
    key: "recycled_micropowder",
    zh: "再生微粉",
    en: "Recycled micro-powder",
    standards: ["JG/T 573-2020"],
    units: ["t"],
    materialClass: "mineral_admixture",
  },
  {
    key: "recycled_fill",
    zh: "再生回填料",
    en: "Recycled fill",
    standards: ["—"],
    units: ["m3", "t"],
    materialClass: "fill",
  },
] as const satisfies readonly {
  key: string;
  zh: string;
  en: string;
  standards: readonly string[];
  units: readonly ProductUnit[];
  materialClass: MaterialClass;
}[];
export type ProductType = (typeof productTypes)[number]["key"];
export const productTypeKeys = productTypes.map((p) => p.key) as [ProductType, ...ProductType[]];
export const productTypeByKey = (key: string) => productTypes.find((p) => p.key === key);
