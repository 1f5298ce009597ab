import type { paths } from './schema';

/** The JSON body of a path's successful answer. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;
/** The JSON request body of a path. */
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type ApiPath = keyof paths;
export type Me = Ok<'/api/auth/me', 'get'>;
export type StaffMe = Extract<Me, { kind: 'staff' }>;
export type Role = StaffMe['role'];
export type Staff = Ok<'/api/v1/staff', 'get'>['data'][number];
export type NewStaff = Body<'/api/v1/staff', 'post'>;
export type ApiKey = Ok<'/api/v1/api-keys', 'get'>['data'][number];
export type Scope = ApiKey['scopes'][number];
export type AuditEntry = Ok<'/api/v1/audit', 'get'>['data'][number];
export type Customer = Ok<'/api/v1/customers', 'get'>['data'][number];
export type CustomerStatus = Customer['status'];
export type Customer360 = Ok<'/api/v1/customers/{id}', 'get'>;
export type CustomerPatch = Body<'/api/v1/customers/{id}', 'patch'>;
export type Address = NonNullable<Customer['address']>;
export type Interaction = Ok<'/api/v1/customers/{id}/timeline', 'get'>['data'][number];
export type Channel = Interaction['channel'];
export type NewInteraction = Body<'/api/v1/customers/{id}/interactions', 'post'>;
export type Case = Ok<'/api/v1/cases', 'get'>['data'][number];
export type CaseDetail = Ok<'/api/v1/cases/{id}', 'get'>;
export type CaseHistoryEntry = CaseDetail['history'][number];
export type Task = Ok<'/api/v1/tasks', 'get'>['data'][number];
export type Severity = Case['severity'];
export type Outcome = Body<'/api/v1/cases/{id}/resolve', 'post'>['outcome'];
export type RootCause = Ok<'/api/v1/loop/root-causes', 'get'>['data'][number];

/** Every member of a union, in a given order; fails to compile when the API adds or drops one. */
const allOf = <T extends string>(members: Record<T, true>): readonly T[] => Object.keys(members) as T[];

export const roles = allOf<Role>({ admin: true, manager: true, agent: true });
export const customerStatuses = allOf<CustomerStatus>({ active: true, lapsed: true, churned: true });
export const channels = allOf<Channel>({
  phone: true,
  email: true,
  'in-person': true,
  sms: true,
  chat: true,
  web: true,
  mail: true,
  social: true,
  app: true,
  system: true,
});
export const severities = allOf<Severity>({ critical: true, high: true, medium: true, low: true });
export const outcomes = allOf<Outcome>({
  saved: true,
  recovered: true,
  churned: true,
  'no-response': true,
  'not-an-issue': true,
});
export const scopes = allOf<Scope>({ read: true, write: true, ingest: true, admin: true });
