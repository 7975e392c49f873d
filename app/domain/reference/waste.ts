// The five classes of construction waste (GB 55012-2021 §6.1.1; CJJ/T 134-2019). Codes 01–04 are
// the ones weighbridge software uses; 05 extends them.
export const wasteClasses = [
  { key: "engineering_muck", code: "01", zh: "工程渣土", en: "Excavated soil (muck)" },
  { key: "engineering_mud", code: "02", zh: "工程泥浆", en: "Engineering slurry" },
  { key: "construction_waste", code: "03", zh: "工程垃圾", en: "Construction waste" },
  { key: "demolition_waste", code: "04", zh: "拆除垃圾", en: "Demolition waste" },
  { key: "renovation_waste", code: "05", zh: "装修垃圾", en: "Renovation waste" },
] as const;
export type WasteClass = (typeof wasteClasses)[number]["key"];
export const wasteClassKeys = wasteClasses.map((c) => c.key) as [WasteClass, ...WasteClass[]];

export const materials = [
  { key: "soil", zh: "渣土/土石", en: "Soil and rock" },
  { key: "concrete", zh: "废混凝土", en: "Concrete" },
  { key: "brick_masonry", zh: "砖瓦碎块/砌块", en: "Brick and masonry" },
  { key: "mortar", zh: "废砂浆", en: "Mortar" },
  { key: "asphalt", zh: "沥青块", en: "Asphalt" },
  { key: "metal", zh: "废金属", en: "Metal" },
  { key: "wood", zh: "废竹木", en: "Wood and bamboo" },
  { key: "glass", zh: "碎玻璃", en: "Glass" },
  { key: "plastics", zh: "废塑料", en: "Plastics" },
  { key: "tile_ceramic", zh: "瓷砖/陶瓷", en: "Tile and ceramic" },
  { key: "gypsum_board", zh: "石膏板", en: "Gypsum board" },
  { key: "mud", zh: "泥浆", en: "Slurry" },
  { key: "packaging", zh: "包装材料", en: "Packaging" },
  { key: "mixed", zh: "混合料", en: "Mixed" },
] as const;
export type Material = (typeof materials)[number]["key"];
export const materialKeys = materials.map((m) => m.key) as [Material, ...Material[]];

/** Which materials a listing of each class may declare as its main material. */
export const materialsByClass: Record<WasteClass, readonly Material[]> = {
  engineering_muck: ["soil"],
  engineering_mud: ["mud", "soil"],
  construction_waste: [
    "concrete",
    "mortar",
    "brick_masonry",
    "metal",
    "wood",
    "packaging",
    "mixed",
  ],
  demolition_waste: [
    "concrete",
    "brick_masonry",
    "mortar",
    "tile_ceramic",
    "metal",
    "wood",
    "glass",
    "plastics",
    "soil",
    "mixed",
  ],
  renovation_waste: [
    "tile_ceramic",
    "brick_masonry",
    "mortar",
    "concrete",
    "wood",
    "metal",
    "glass",
    "plastics",
    "gypsum_board",
    "packaging",
    "mixed",
  ],
};

export const facilityTypes = [
  { key: "recycling_plant", zh: "资源化利用厂", en: "Recycling plant" },
  { key: "backfill_site", zh: "堆填/回填场", en: "Backfill site" },
  { key: "landfill", zh: "填埋场", en: "Landfill" },
  { key: "transfer_station", zh: "转运调配场", en: "Transfer station" },
] as const;
export type FacilityType = (typeof facilityTypes)[number]["key"];
export const facilityTypeKeys = facilityTypes.map((f) => f.key) as [
  FacilityType,
  ...FacilityType[],
];

export const projectKinds = [
  { key: "new_build", zh: "新建", en: "New build" },
  { key: "demolition", zh: "拆除", en: "Demolition" },
  { key: "renovation", zh: "改造装修", en: "Renovation" },
  { key: "infrastructure", zh: "基础设施", en: "Infrastructure" },
] as const;
export type ProjectKind = (typeof projectKinds)[number]["key"];
export const projectKindKeys = projectKinds.map((k) => k.key) as [ProjectKind, ...ProjectKind[]];
