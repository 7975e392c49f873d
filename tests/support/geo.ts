import { EARTH_RADIUS_KM } from "~/domain/geo";

/** The point `km` from `from` on the initial bearing `bearingDeg`, on haversineKm's sphere. */
export function destination(from: { lat: number; lon: number }, km: number, bearingDeg: number) {
  const rad = Math.PI / 180;
  const angle = km / EARTH_RADIUS_KM;
  const bearing = bearingDeg * rad;
  const lat1 = from.lat * rad;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing),
  );
  const lon2 =
    from.lon * rad +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
      Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2),
    );
  return { lat: lat2 / rad, lon: lon2 / rad };
}
