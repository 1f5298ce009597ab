import type { ColumnType, Generated } from 'kysely';

export const channels = [
  'email',
  'phone',
  'sms',
  'chat',
  'web',
  'in-person',
  'mail',
  'social',
  'app',
  'system',
] as const;
export type Channel = (typeof channels)[number];
export const statuses = ['active', 'lapsed', 'churned'] as const;
export type CustomerStatus = (typeof statuses)[number];
export const directions = ['inbound', 'outbound', 'internal'] as const;
export type Direction = (typeof directions)[number];

export type Address = {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
};

export interface CustomerTables {
  customer: {
    id: string;
    name: string | null;
    emails: Generated<string[]>;
    phones: Generated<string[]>;
    address: ColumnType<Address | null, string | null | undefined, string | null>;
    time_zone: string | null;
    locale: string | null;
    status: Generated<CustomerStatus>;
    lifecycle_stage: string | null;
    custom_fields: ColumnType<Record<string, unknown>, string | undefined, string>;
    owner_id: string | null;
    first_seen_at: Generated<Date>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    search_text: ColumnType<string, never, never>;
    erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  customer_identity: {
    customer_id: string;
    source: string;
    external_id: string;
    created_at: Generated<Date>;
  };
  interaction: {
    customer_id: string;
    id: Generated<number>;
    occurred_at: Date;
    recorded_at: Generated<Date>;
    channel: Channel;
    kind: string;
    direction: Direction | null;
    staff_id: string | null;
    amount_minor: number | null;
    currency: string | null;
    sentiment: number | null;
    subject: string | null;
    body: string | null;
    properties: ColumnType<Record<string, unknown>, string | undefined, never>;
    source: string;
    source_id: string;
  };
}
