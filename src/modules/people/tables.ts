import type { Generated } from 'kysely';

export interface PeopleTables {
  people_assignment_rule: {
    id: string;
    position: number;
    name: string;
    countries: Generated<string[]>;
    languages: Generated<string[]>;
    segment_id: string | null;
    team_id: string | null;
    staff_ids: Generated<string[]>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  people_ownership: {
    customer_id: string;
    id: Generated<number>;
    owner_id: string;
    valid_from: Date;
    valid_to: Date | null;
    reason: string | null;
  };
}
