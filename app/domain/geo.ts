export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points in decimal degrees. */
export function haversineKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The straight-line distance in whole metres, as a waste order records its route. */
export const straightMetres = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  Math.round(haversineKm(a, b) * 1000);

/**
 * A box around a point that contains every point within `km` (by haversineKm): a cheap,
 * index-friendly filter before the exact distance. The bounds are those of the spherical cap on
 * the same sphere, widened by a hair so rounding never drops a point on the circle.
 */
export function boundingBox(center: { lat: number; lon: number }, km: number) {
  const rad = Math.PI / 180;
  const angle = km / EARTH_RADIUS_KM;
  const margin = 1e-9;
  const dLat = angle / rad + margin;
  const reach = Math.sin(angle) / Math.cos(center.lat * rad);
  // Near a pole the cap wraps around it and every longitude is within reach.
  const dLon = reach >= 1 ? 180 : Math.asin(reach) / rad + margin;
  return {
    minLat: center.lat - dLat,
    maxLat: center.lat + dLat,
    minLon: center.lon - dLon,
    maxLon: center.lon + dLon,
  };
}
