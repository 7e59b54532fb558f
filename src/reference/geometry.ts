/** A GeoJSON (RFC 7946) area geometry in WGS84 lon/lat: the only kinds a region boundary can be. */
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: number[][][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/**
 * Where a Dutch boundary can lie (European Netherlands, with its islands and coastal waters):
 * roughly lon 3–7.5, lat 50.5–53.8. The Caribbean Netherlands are not in the CBS boundary sets.
 */
export const NL_BOUNDS = { minLon: 3, maxLon: 7.5, minLat: 50.5, maxLat: 53.8 } as const;

export type GeometryCheck = { ok: true; geometry: AreaGeometry } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inBounds(lon: number, lat: number): boolean {
  return (
    lon >= NL_BOUNDS.minLon && lon <= NL_BOUNDS.maxLon && lat >= NL_BOUNDS.minLat && lat <= NL_BOUNDS.maxLat
  );
}

function positionProblem(position: unknown, where: string): string | null {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
    return `${where} is not a [lon, lat] position`;
  }
  if (!position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return `${where} ${JSON.stringify(position)} is not made of finite numbers`;
  }
  const [lon, lat] = position as number[];
  if (lon === undefined || lat === undefined || inBounds(lon, lat)) return null;
  const shown = `${where} [${lon}, ${lat}]`;
  if (inBounds(lat, lon)) return `${shown} looks like [lat, lon]; GeoJSON wants [lon, lat]`;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return `${shown} is not WGS84 lon/lat (projected coordinates, e.g. RD New EPSG:28992 metres?)`;
  }
  return `${shown} lies outside the Netherlands (lon ${NL_BOUNDS.minLon}–${NL_BOUNDS.maxLon}, lat ${NL_BOUNDS.minLat}–${NL_BOUNDS.maxLat})`;
}

function ringProblem(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring)) return `${where} is not a list of positions`;
  if (ring.length < 4) return `${where} has ${ring.length} position(s); a linear ring needs at least 4`;
  for (let i = 0; i < ring.length; i++) {
    const problem = positionProblem(ring[i], `${where} position ${i}`);
    if (problem) return problem;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1])
    return `${where} is not closed (first and last positions differ)`;
  return null;
}

function polygonProblem(rings: unknown, where: string): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return `${where} has no rings`;
  for (let i = 0; i < rings.length; i++) {
    const problem = ringProblem(rings[i], `${where} ring ${i}`);
    if (problem) return problem;
  }
  return null;
}

/**
 * Checks that `value` is a Polygon or MultiPolygon with closed rings of finite [lon, lat]
 * positions inside `NL_BOUNDS`, and returns just its type and coordinates (a stray `bbox` or
 * `crs` member is dropped). The reason names the first problem found.
 */
export function checkAreaGeometry(value: unknown): GeometryCheck {
  if (value === null || value === undefined) return { ok: false, reason: 'feature has no geometry' };
  if (!isObject(value)) return { ok: false, reason: 'geometry is not an object' };
  const { type, coordinates } = value;
  if (type === 'Polygon') {
    const problem = polygonProblem(coordinates, 'polygon');
    return problem
      ? { ok: false, reason: problem }
      : { ok: true, geometry: { type, coordinates } as PolygonGeometry };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      return { ok: false, reason: 'multipolygon has no polygons' };
    }
    for (let i = 0; i < coordinates.length; i++) {
      const problem = polygonProblem(coordinates[i], `polygon ${i}`);
      if (problem) return { ok: false, reason: problem };
    }
    return { ok: true, geometry: { type, coordinates } as MultiPolygonGeometry };
  }
  return { ok: false, reason: `geometry type ${JSON.stringify(type)} is not Polygon or MultiPolygon` };
}
