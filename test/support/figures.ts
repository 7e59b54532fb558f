import { type Figures, SCALAR_METRICS } from '../../src/yardstick/figures.ts';

/** Figures of an account that sent and received nothing (counts 0, the rest unknown), with `values` over them. */
export function figuresWith(values: Partial<Figures> = {}): Figures {
  const empty = Object.fromEntries(SCALAR_METRICS.map((m) => [m, null])) as Figures;
  return {
    ...empty,
    sent: 0,
    reply: 0,
    repost: 0,
    broadcast: 0,
    inbound: 0,
    answered: 0,
    anomalies: 0,
    buckets: null,
    ...values,
  };
}
