export * from "./accounts";
export * from "./sites";
export * from "./waste";
export * from "./products";
export * from "./department";
