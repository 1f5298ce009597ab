export { deleteContactRule } from './delete-contact-rule.ts';
export { listContactPreferences } from './list-contact-preferences.ts';
export { listContactRules } from './list-contact-rules.ts';
export { listContacts } from './list-contacts.ts';
export { eraseCustomerOutreach, exportCustomerOutreach } from './personal-data.ts';
export { releaseContact } from './release-contact.ts';
export { type ContactDecision, type ContactRequest, reserveContact } from './reserve-contact.ts';
export { outreachRoutes } from './routes.ts';
export { type ContactPreference, setContactPreference } from './set-contact-preference.ts';
export { type ContactRule, setContactRule } from './set-contact-rule.ts';
export type { Arm, ProgramKind } from './tables.ts';
export { type ArmRequest, armDraw, assignArm } from './uplift/assign-arm.ts';
export {
  buildUpliftReport,
  type MetricUplift,
  type ProgramUplift,
} from './uplift/build-uplift-report.ts';
export { listPrograms } from './uplift/list-programs.ts';
export { GLOBAL_CONTROL_ID, type Program } from './uplift/programs.ts';
export { saveProgram } from './uplift/save-program.ts';
export { currencyQuery, programUpliftView } from './uplift/schemas.ts';
export { upliftRoutes } from './uplift-routes.ts';
