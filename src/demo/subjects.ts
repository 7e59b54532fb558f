import type { OrganisationKind } from '../domain/organisation.ts';
import { Weighted } from './random.ts';
import type { Subject } from './subject.ts';
import { REGIONAL_SUBJECTS } from './subjectsRegional.ts';
import { SERVICE_SUBJECTS } from './subjectsServices.ts';
import { STREET_SUBJECTS } from './subjectsStreet.ts';

export const SUBJECTS: readonly Subject[] = [...SERVICE_SUBJECTS, ...STREET_SUBJECTS, ...REGIONAL_SUBJECTS];

const tables = new Map<string, Weighted<Subject>>();

/** The subjects an organisation of `kind` hears about in `month`, on a day with `tag`, weighted. */
export function subjectTable(kind: OrganisationKind, month: number, tag: string | null): Weighted<Subject> {
  const key = `${kind}|${month}|${tag ?? ''}`;
  let table = tables.get(key);
  if (table === undefined) {
    const forKind = SUBJECTS.some((s) => s.kinds.includes(kind)) ? kind : 'gemeente';
    table = new Weighted<Subject>();
    for (const subject of SUBJECTS) {
      if (!subject.kinds.includes(forKind)) continue;
      let weight = subject.weight * (subject.season?.[month] ?? 1);
      if (tag !== null) weight *= subject.tags?.[tag] ?? 1;
      table.add(subject, weight);
    }
    tables.set(key, table);
  }
  return table;
}
