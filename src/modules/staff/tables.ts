import type { Generated } from 'kysely';
import type { Role, Scope } from '../../kernel/http/access.ts';

export interface StaffTables {
  staff: {
    id: string;
    email: string;
    name: string;
    role: Role;
    password_hash: string;
    time_zone: Generated<string>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    deactivated_at: Generated<Date | null>;
  };
  staff_session: {
    token_hash: Buffer;
    staff_id: string;
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: Generated<Date>;
  };
  staff_sign_in_failure: {
    key: string;
    failures: number;
    last_failure_at: Date;
  };
  api_key: {
    id: string;
    name: string;
    prefix: string;
    key_hash: Buffer;
    scopes: Scope[];
    created_by: string | null;
    created_at: Generated<Date>;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    actor_kind: 'staff' | 'api_key' | 'system';
    actor_id: string | null;
    action: string;
    customer_id: string | null;
    target: string | null;
    details: string | undefined;
    ip: string | null;
  };
}
