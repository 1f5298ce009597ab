import type { Generated } from 'kysely';

export interface TeamTables {
  team: {
    id: string;
    name: string;
    time_zone: Generated<string>;
    manager_id: string | null;
    created_at: Generated<Date>;
  };
  team_coverage: { team_id: string; weekday: number; start_minute: number; end_minute: number };
  team_member: { staff_id: string; team_id: string; weight: Generated<number> };
  staff_hours: { staff_id: string; weekday: number; start_minute: number; end_minute: number };
}
