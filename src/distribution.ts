/**
 * Where every table would live on a Citus cluster (docs/scaling.md, "Past one machine").
 *
 * - `distributed`: hash-distributed by `column` (the customer's id) and colocated with `customer`,
 *   so everything about one customer sits on one shard: the 360, ingest for a customer, a case.
 * - `reference`: small tables copied to every node (staff, rules, surveys, settings…), joinable
 *   with any shard; writes go to every node, so they must stay small and rarely written.
 * - `local`: kept on the coordinator only (sessions, rate limits, notifications, webhooks, the
 *   audit log…): operational rows never joined with a customer's shard.
 *
 * src/distribution.test.ts reads the catalog of a migrated database and fails when a table is
 * not listed here, or when a key or foreign key breaks the placement without being listed in
 * `deviations` (with the reason). It lives beside wiring.ts because, like it, it knows every module.
 */
export type Placement = { kind: 'distributed'; column: string } | { kind: 'reference' } | { kind: 'local' };

const byCustomer: Placement = { kind: 'distributed', column: 'customer_id' };
const reference: Placement = { kind: 'reference' };
const local: Placement = { kind: 'local' };

export const placements: Record<string, Placement> = {
  // customers
  customer: { kind: 'distributed', column: 'id' },
  customer_identity: byCustomer,
  interaction: byCustomer,
  customer_rollup: byCustomer,
  customer_spend: byCustomer,
  customer_purchase_day: byCustomer,
  customer_activity_day: byCustomer,
  // insight
  insight_score: byCustomer,
  insight_score_history: byCustomer,
  insight_run: reference,
  insight_model: reference,
  insight_settings: reference,
  // loop
  loop_case: byCustomer,
  // Per staff member, like staff_hours. Kept by a trigger on loop_case today; Citus runs triggers on
  // the shards, so on a cluster routing would update it in its own statement instead.
  loop_staff_open_cases: reference,
  alert: byCustomer,
  case_event: byCustomer,
  task: byCustomer,
  red_flag_rule: reference,
  red_flag_rule_version: reference,
  playbook: reference,
  sla_policy: reference,
  root_cause: reference,
  notification: local,
  webhook_endpoint: reference,
  webhook_delivery: local,
  webhook_attempt: local,
  // feedback
  survey: reference,
  survey_version: reference,
  survey_trigger: reference,
  survey_send: byCustomer,
  survey_response: byCustomer,
  survey_response_theme_correction: byCustomer,
  feedback_theme: reference,
  // outreach
  contact_preference: byCustomer,
  contact_hours: byCustomer,
  contact_log: byCustomer,
  contact_refusal: byCustomer,
  contact_rule: reference,
  outreach_program: reference,
  program_assignment: byCustomer,
  offer: reference,
  offer_code: reference,
  segment: reference,
  campaign: reference,
  campaign_run: reference,
  campaign_send: byCustomer,
  campaign_click: byCustomer,
  campaign_segment_seen: byCustomer,
  call_list: reference,
  call_list_build: reference,
  call_item: byCustomer,
  winback_settings: reference,
  winback_run: reference,
  winback_contact: byCustomer,
  // loyalty
  loyalty_settings: reference,
  loyalty_ledger: byCustomer,
  loyalty_earn_rule: reference,
  loyalty_tier: reference,
  loyalty_tier_member: byCustomer,
  loyalty_tier_override: byCustomer,
  loyalty_tier_progress: byCustomer,
  loyalty_tier_change: byCustomer,
  loyalty_tier_email: byCustomer,
  loyalty_referral_settings: reference,
  loyalty_referral_code: byCustomer,
  loyalty_referral: { kind: 'distributed', column: 'referred_id' },
  loyalty_referral_visit: local,
  loyalty_reward: reference,
  loyalty_reward_code: reference,
  loyalty_redemption: byCustomer,
  loyalty_event: reference,
  loyalty_event_invitation: byCustomer,
  loyalty_event_attendee: byCustomer,
  // people
  people_ownership: byCustomer,
  people_assignment_rule: reference,
  people_intro_email: byCustomer,
  people_kudos: local,
  people_customer_reward_preference: byCustomer,
  people_staff_reward_preference: local,
  people_opportunity: byCustomer,
  people_opportunity_stage: byCustomer,
  people_pulse: local,
  people_pulse_round: local,
  people_pulse_invitation: local,
  people_pulse_answer: local,
  // staff
  staff: reference,
  team: reference,
  team_member: reference,
  team_coverage: reference,
  staff_hours: reference,
  staff_session: local,
  staff_sign_in_failure: local,
  api_key: local,
  audit_log: local,
  // privacy, settings, kernel
  privacy_settings: reference,
  tenure_secret: reference,
  rate_limit: local,
  tenure_migration: local,
  tenure_migration_lock: local,
};

// Why each unique key or foreign key differs from its table's placement (`table.constraint`).
// Converting to Citus means doing what each reason says first; docs/scaling.md groups them.
const idOnly =
  'keyed by its own id, which jobs and routes carry without the customer: primary key (customer_id, id) once they carry both';
const codeLookup =
  'a code typed or clicked by someone who is not yet known as a customer must be unique across shards';
export const deviations: Record<string, string> = {
  'customer_identity.customer_identity_source_key':
    'identity resolution finds the customer from (source, external_id): on a cluster, a lookup table distributed by external id, resolved before the customer shard is touched',
  'call_item.call_item_pkey': idOnly,
  'winback_contact.winback_contact_pkey': idOnly,
  'loyalty_event_invitation.loyalty_event_invitation_pkey': idOnly,
  'people_intro_email.people_intro_email_pkey': idOnly,
  'people_opportunity.people_opportunity_pkey': idOnly,
  'campaign_send.campaign_send_pkey': `${idOnly}; /c click links carry the send id`,
  'loyalty_redemption.loyalty_redemption_pkey': idOnly,
  'loyalty_redemption.loyalty_redemption_code': codeLookup,
  'loyalty_referral_code.loyalty_referral_code_code': codeLookup,
  'loyalty_reward_code.loyalty_reward_code_redemption_id_fkey':
    'the code pool (reference) points at the redemption that took a code: becomes a plain column checked by redeemReward',
  'offer_code.offer_code_customer_fkey':
    'offer codes are a pool (reference) redeemed by code from any purchase: the customer columns become plain columns',
  'offer_code.offer_code_redeemed_by_fkey':
    'offer codes are a pool (reference) redeemed by code from any purchase: the customer columns become plain columns',
  'campaign_click.customer_id':
    'clicks hang off the send: gets customer_id from the send when click links carry it',
  'campaign_click.campaign_click_pkey': 'clicks hang off the send (see campaign_click.customer_id)',
  'campaign_click.campaign_click_send_fkey': 'clicks hang off the send (see campaign_click.customer_id)',
  'people_opportunity_stage.customer_id':
    'stages hang off the opportunity: gets customer_id with the opportunity key',
  'people_opportunity_stage.people_opportunity_stage_pkey':
    'stages hang off the opportunity (see its customer_id)',
  'people_opportunity_stage.people_opportunity_stage_opportunity_id_fkey':
    'stages hang off the opportunity (see its customer_id)',
  'survey_response.customer_id':
    'anonymous answers have no customer: on a cluster they move to their own table (reference or local), the rest keep customer_id not null',
  'survey_response.survey_response_pkey': idOnly,
  'survey_response.survey_response_source_key':
    'answers without a send (some anonymous) are deduplicated per survey by source key: moves with the anonymous answers or gains customer_id',
  'survey_response_theme_correction.customer_id':
    'corrections hang off the response: gets customer_id with the response key',
  'survey_response_theme_correction.survey_response_theme_correction_pkey':
    'corrections hang off the response (see its customer_id)',
  'survey_response_theme_correction.survey_response_theme_correction_response_fkey':
    'corrections hang off the response (see its customer_id)',
  'loyalty_referral.loyalty_referral_pkey': `${idOnly} (referred_id here)`,
  'loyalty_referral.loyalty_referral_source':
    'a referral reported by API or ingest is deduplicated by its source reference before the referred customer is resolved',
  'loyalty_referral.loyalty_referral_referrer_id_fkey':
    'a referral joins two customers on two shards: placed with the referred customer, the referrer is a plain column',
  'people_kudos.people_kudos_customer_id_fkey':
    'recognition between staff (local) may name a customer: the customer becomes a plain column',
};
