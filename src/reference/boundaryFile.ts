import { feature as topoFeature } from 'topojson-client';
import { isCodeOf, kindOfCode, type RegionKind } from './codes.ts';
import { type AreaGeometry, checkAreaGeometry } from './geometry.ts';
import { decodeUtf8, type Rejection, UnusableFileError } from './report.ts';

/** A region boundary as it is stored in `region_boundaries`. */
export interface BoundaryInput {
  code: string;
  kind: RegionKind;
  name: string | null;
  /** The year (1 January) of the division the boundary belongs to, when known. */
  validYear: number | null;
  geometry: AreaGeometry;
  source: string;
}

export interface BoundaryOptions {
  /** Shown in every location. */
  file: string;
  /** Stored with each boundary. */
  source: string;
  /** Only codes of this kind are wanted; features of another kind are rejected. */
  kind?: RegionKind;
  /** TopoJSON: the object to read. By default the one holding most codes of `kind`. */
  object?: string;
  /** The year of the division; by default from a `jaarcode` or `jrstatcode` property. */
  validYear?: number | null;
  /** Reject features whose `jaarcode`/`jrstatcode` names another year (a loader asking PDOK for one year). */
  requireYear?: number;
  /** Names by code, for features without a name property (the TopoJSON has only codes). */
  names?: ReadonlyMap<string, string>;
}

export interface ParsedBoundaries {
  file: string;
  /** The TopoJSON object read; null for GeoJSON. */
  object: string | null;
  /** Features in the file (or object), good and bad. */
  read: number;
  boundaries: BoundaryInput[];
  rejected: Rejection[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The code of a feature: `properties.code` (the shared files), `properties.statcode` (PDOK/CBS
 * gebiedsindelingen), or a string `id` (feature or property). PDOK's numeric `id` is no code.
 */
export function featureCode(feature: Json): string | null {
  const properties = isObject(feature.properties) ? feature.properties : {};
  return text(properties.code) ?? text(properties.statcode) ?? text(feature.id) ?? text(properties.id);
}

function featureName(feature: Json): string | null {
  const properties = isObject(feature.properties) ? feature.properties : {};
  return text(properties.name) ?? text(properties.statnaam);
}

/** The year a PDOK feature is for: `jaarcode` (2025) or the prefix of `jrstatcode` (2025GM0014). */
export function featureYear(feature: Json): number | null {
  const properties = isObject(feature.properties) ? feature.properties : {};
  const jaarcode = properties.jaarcode;
  if (typeof jaarcode === 'number' && Number.isInteger(jaarcode)) return jaarcode;
  if (typeof jaarcode === 'string' && /^\d{4}$/.test(jaarcode.trim())) return Number(jaarcode.trim());
  const match = typeof properties.jrstatcode === 'string' ? /^(\d{4})/.exec(properties.jrstatcode) : null;
  return match ? Number(match[1]) : null;
}

type FeatureResult =
  | { ok: true; boundary: BoundaryInput }
  | { ok: false; code: Rejection['code']; reason: string };

function toBoundary(item: unknown, options: BoundaryOptions): FeatureResult {
  if (!isObject(item) || item.type !== 'Feature')
    return { ok: false, code: 'malformed', reason: 'not a GeoJSON Feature' };
  const code = featureCode(item);
  if (code === null) {
    return {
      ok: false,
      code: 'missing_field',
      reason: 'feature has no code (properties.code, properties.statcode or id)',
    };
  }
  const kind = kindOfCode(code);
  if (kind === null) {
    return {
      ok: false,
      code: 'invalid_field',
      reason: `code ${JSON.stringify(code)} is not a gemeente (GM0000), provincie (PV00), veiligheidsregio (VR00) or waterschap (W0000) code`,
    };
  }
  if (options.kind && !isCodeOf(options.kind, code)) {
    return { ok: false, code: 'invalid_field', reason: `code ${code} is a ${kind}, not a ${options.kind}` };
  }
  const year = featureYear(item);
  if (options.requireYear !== undefined && year !== null && year !== options.requireYear) {
    return {
      ok: false,
      code: 'invalid_field',
      reason: `feature ${code} is for ${year}, not ${options.requireYear}`,
    };
  }
  const check = checkAreaGeometry(item.geometry);
  if (!check.ok) return { ok: false, code: 'invalid_field', reason: `${code}: ${check.reason}` };
  return {
    ok: true,
    boundary: {
      code,
      kind,
      name: featureName(item) ?? options.names?.get(code) ?? null,
      validYear: options.validYear ?? year ?? null,
      geometry: check.geometry,
      source: options.source,
    },
  };
}

/**
 * Turns GeoJSON features into boundaries: each needs an official code (of `options.kind` when
 * given), a valid area geometry and a code not seen before in the same source (`seen`, code to
 * location, may be shared over pages). `location(i)` names the i-th feature in rejections.
 */
export function boundariesFromFeatures(
  features: readonly unknown[],
  location: (index: number) => string,
  options: BoundaryOptions,
  seen: Map<string, string> = new Map(),
): { boundaries: BoundaryInput[]; rejected: Rejection[] } {
  const boundaries: BoundaryInput[] = [];
  const rejected: Rejection[] = [];
  for (let index = 0; index < features.length; index++) {
    const where = location(index);
    const result = toBoundary(features[index], options);
    if (!result.ok) {
      rejected.push({ location: where, code: result.code, reason: result.reason });
      continue;
    }
    const earlier = seen.get(result.boundary.code);
    if (earlier !== undefined) {
      rejected.push({
        location: where,
        code: 'conflict',
        reason: `${result.boundary.code} appears again (first at ${earlier})`,
      });
      continue;
    }
    seen.set(result.boundary.code, where);
    boundaries.push(result.boundary);
  }
  return { boundaries, rejected };
}

function geometriesOf(object: unknown): Json[] | null {
  if (!isObject(object) || object.type !== 'GeometryCollection' || !Array.isArray(object.geometries))
    return null;
  return object.geometries.filter(isObject);
}

/** The TopoJSON object to read: the one asked for, else the one holding most codes of the kind. */
function chooseObject(topology: Json, options: BoundaryOptions): string {
  const objects = isObject(topology.objects) ? topology.objects : {};
  const names = Object.keys(objects);
  if (options.object !== undefined) {
    if (!(options.object in objects)) {
      throw new UnusableFileError(
        options.file,
        `has no TopoJSON object ${JSON.stringify(options.object)} (objects: ${names.join(', ') || 'none'})`,
      );
    }
    return options.object;
  }
  const scored = names
    .map((name) => {
      const codes = (geometriesOf(objects[name]) ?? []).map((g) => featureCode(g));
      const matching = codes.filter(
        (c) => c !== null && (options.kind ? isCodeOf(options.kind, c) : kindOfCode(c)),
      );
      return { name, score: matching.length };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  const wanted = options.kind ? `${options.kind} codes` : 'region codes';
  if (!best) {
    throw new UnusableFileError(
      options.file,
      `has no TopoJSON object holding ${wanted} (objects: ${names.join(', ') || 'none'}); choose one with --object`,
    );
  }
  if (second && second.score === best.score) {
    throw new UnusableFileError(
      options.file,
      `has several TopoJSON objects holding ${wanted} (${scored.map((s) => s.name).join(', ')}); choose one with --object`,
    );
  }
  return best.name;
}

function parseTopology(topology: Json, options: BoundaryOptions): ParsedBoundaries {
  const object = chooseObject(topology, options);
  const geometries = geometriesOf((topology.objects as Json)[object]);
  if (geometries === null) {
    throw new UnusableFileError(options.file, `TopoJSON object ${object} is not a GeometryCollection`);
  }
  const features: unknown[] = [];
  const undecodable: Rejection[] = [];
  geometries.forEach((geometry, index) => {
    try {
      features.push(topoFeature(topology as never, geometry as never));
    } catch (error) {
      features.push(null);
      undecodable.push({
        location: `${options.file}#${object}[${index}]`,
        code: 'malformed',
        reason: `cannot decode the TopoJSON geometry: ${(error as Error).message}`,
      });
    }
  });
  const decoded = boundariesFromFeatures(features, (i) => `${options.file}#${object}[${i}]`, options);
  const failed = new Set(undecodable.map((r) => r.location));
  const rejected = [...undecodable, ...decoded.rejected.filter((r) => !failed.has(r.location))];
  rejected.sort((a, b) => indexOf(a.location) - indexOf(b.location));
  return { file: options.file, object, read: geometries.length, boundaries: decoded.boundaries, rejected };
}

function indexOf(location: string): number {
  const match = /\[(\d+)\]$/.exec(location);
  return match ? Number(match[1]) : 0;
}

/**
 * Reads a boundary file: TopoJSON (a `Topology`; the object is chosen as described in
 * `BoundaryOptions.object`) or a GeoJSON `FeatureCollection`. Bad features are rejected with
 * `file#object[index]` and the good ones kept; a file that is not JSON or neither of the two
 * formats throws `UnusableFileError`.
 */
export function parseBoundaryFile(input: Uint8Array | string, options: BoundaryOptions): ParsedBoundaries {
  const textInput = decodeUtf8(input, options.file);
  let json: unknown;
  try {
    json = JSON.parse(textInput);
  } catch (error) {
    throw new UnusableFileError(options.file, `is not valid JSON: ${(error as Error).message}`);
  }
  if (isObject(json) && json.type === 'Topology' && isObject(json.objects) && Array.isArray(json.arcs)) {
    return parseTopology(json, options);
  }
  if (isObject(json) && json.type === 'FeatureCollection' && Array.isArray(json.features)) {
    const { boundaries, rejected } = boundariesFromFeatures(
      json.features,
      (i) => `${options.file}#features[${i}]`,
      options,
    );
    return { file: options.file, object: null, read: json.features.length, boundaries, rejected };
  }
  throw new UnusableFileError(options.file, 'is neither a TopoJSON Topology nor a GeoJSON FeatureCollection');
}
