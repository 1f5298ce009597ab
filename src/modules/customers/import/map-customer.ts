import { customerFields, describeIssues } from '../schemas.ts';
import type { CustomerImportRow } from './import-customers.ts';
import { parseDate } from './parse-values.ts';
import { type ColumnPlan, extrasOf, type FieldSet, fieldOf } from './plan-columns.ts';

const ADDRESS_FIELDS = {
  addressLine1: 'line1',
  addressLine2: 'line2',
  city: 'city',
  region: 'region',
  postalCode: 'postalCode',
  country: 'country',
} as const;

export const customerFieldSet: FieldSet = {
  fields: [
    'externalId',
    'name',
    'email',
    'phone',
    'timeZone',
    'locale',
    'lifecycleStage',
    'firstSeenAt',
    ...Object.keys(ADDRESS_FIELDS),
  ],
  required: [['externalId']],
};

export type CustomerSettings = { dateFormat: string; timeZone: string; dropExtra: boolean };

// A cell may hold several addresses or numbers: "a@x.com; b@y.com".
const splitList = (v: string | undefined, separators: RegExp) =>
  v === undefined ? undefined : v.split(separators).flatMap((s) => (s.trim() ? [s.trim()] : []));

/** Turns one data row into a customer profile, validated with the same rules as the API. */
export function mapCustomer(
  plan: ColumnPlan,
  s: CustomerSettings,
  fields: readonly string[],
): { row: CustomerImportRow } | { reason: string } {
  if (fields.length !== plan.width)
    return { reason: `expected ${plan.width} fields, found ${fields.length}` };
  const f = (name: string) => fieldOf(plan, fields, name);
  const externalId = f('externalId');
  if (!externalId) return { reason: 'externalId: empty' };
  if (externalId.length > 200) return { reason: 'externalId: longer than 200 characters' };

  let firstSeenAt: Date | undefined;
  const rawSeen = f('firstSeenAt');
  if (rawSeen !== undefined) {
    firstSeenAt = parseDate(rawSeen, s.dateFormat, s.timeZone);
    if (!firstSeenAt) return { reason: `firstSeenAt: "${rawSeen}" is not a date in format ${s.dateFormat}` };
  }

  const address: Record<string, string> = {};
  for (const [field, key] of Object.entries(ADDRESS_FIELDS)) {
    const v = f(field);
    if (v !== undefined) address[key] = key === 'country' ? v.toUpperCase() : v;
  }
  const parsed = customerFields.safeParse({
    name: f('name'),
    emails: splitList(f('email'), /[;,\s]+/),
    phones: splitList(f('phone'), /[;,]+/),
    timeZone: f('timeZone'),
    locale: f('locale'),
    lifecycleStage: f('lifecycleStage'),
    address: Object.keys(address).length ? address : undefined,
    customFields: s.dropExtra ? undefined : extrasOf(plan, fields),
  });
  if (!parsed.success) return { reason: describeIssues(parsed.error) };
  return { row: { externalId, fields: parsed.data, firstSeenAt } };
}
