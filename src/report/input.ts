import type { AreaGeometry } from '../reference/geometry.ts';
import type { ScalarMetric, Yardstick } from '../yardstick/figures.ts';

/** A municipality's boundary as the map draws it (GeoJSON, WGS84 lon/lat). */
export interface ReportBoundary {
  code: string;
  name: string | null;
  geometry: AreaGeometry;
}

/** Everything the yardstick report shows; `renderYardstickReport` turns it into one HTML page. */
export interface ReportInput {
  /** The period reported on. */
  current: Yardstick;
  /** The same period one year earlier, for last year's values; null when there is none (unbounded period). */
  previous: Yardstick | null;
  /** One per calendar quarter of the period, in order, for the trend. */
  quarters: Yardstick[];
  /** The gemeenten's boundaries, for the map. */
  boundaries: ReportBoundary[];
  /** The figure the map shows (the reader can switch when JavaScript runs). */
  mapMetric: ScalarMetric;
  generatedAt: Date;
  /**
   * Only this organisation's page (by code). The overview, map, class averages and ranks stay
   * national, since they are what the organisation is measured against.
   */
  org?: string | null;
}
