export * from "./accounts";
export * from "./department";
export * from "./products";
export * from "./sites";
export * from "./waste";
