export {
  appendAudit,
  clearAuditDetail,
  eraseCustomerAudit,
  exportCustomerAudit,
} from './audit-personal-data.ts';
export { createAuthenticator, SESSION_COOKIE } from './authenticate.ts';
export { createApiKey } from './create-api-key.ts';
export { createStaff } from './create-staff.ts';
export { findOnShift, isOnShift } from './find-on-shift.ts';
export { findTeams } from './find-teams.ts';
export { getStaffMember } from './get-staff-member.ts';
export { type HandOverStep, registerHandOver } from './hand-over.ts';
export { countStaff, findStaffByEmail, listStaff } from './list-staff.ts';
export { loadRoster, type Roster, type RosterMember, type RosterTeam } from './load-roster.ts';
export { type AuditEntry, recordAudit, recordAuditBy, systemAudit } from './record-audit.ts';
export { resetPassword } from './reset-password.ts';
export { staffRoutes } from './routes.ts';
export { setStaffPassword } from './set-staff-password.ts';
export { mayHandTo, type Standing, standingOf } from './standing-of.ts';
export { teamRoutes } from './team-routes.ts';
export {
  addWorkingMinutes,
  isWithin,
  nextStart,
  type Schedule,
  type WeeklyInterval,
} from './working-time.ts';
