import type { Generated } from 'kysely';

export interface PrivacyTables {
  privacy_settings: {
    id: Generated<number>;
    anonymous_answers_days: number | null;
    audit_detail_days: number | null;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
}
