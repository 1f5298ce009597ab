import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

export type HealthComponentView = {
  key: string;
  label: string;
  /** 0–100: how healthy this aspect is. */
  score: number;
  /** Share of the total score (weights renormalised over the components present). */
  weight: number;
  detail: string;
};

/**
 * A component as stored (compact: a million rows a night): key, score, normalised weight, and
 * either the numbers its sentence is built from (Tenure's own components) or the sentence itself
 * (components other modules register). `renderComponents` turns it into the view.
 */
export type StoredComponent = { k: string; s: number; w: number; v?: (number | null)[]; d?: string };

export type ChurnDriverView = { feature: string; label: string; contribution: number };

export interface InsightTables {
  insight_settings: {
    id: Generated<number>;
    settings: Json<Record<string, unknown>>;
    updated_at: Generated<Date>;
  };
  insight_run: {
    id: string;
    started_at: Generated<Date>;
    finished_at: Date | null;
    status: Generated<'running' | 'succeeded' | 'failed' | 'cancelled'>;
    through_date: ColumnType<string, string, string>;
    trigger: string;
    customers: Generated<number>;
    error: string | null;
    timings: Json<Record<string, number>>;
    lease_until: Date | null;
    host: string | null;
    pid: number | null;
  };
  insight_model: {
    run_id: string;
    kind: string;
    params: Json<Record<string, unknown>>;
    diagnostics: Json<Record<string, unknown>>;
  };
  insight_score: {
    customer_id: string;
    run_id: string;
    scored_at: Date;
    status: string;
    first_seen_on: ColumnType<string, string, string>;
    churned_on: ColumnType<string | null, string | null, string | null>;
    segments: Json<Record<string, string>>;
    first_purchase_on: ColumnType<string | null, string | null, string | null>;
    last_purchase_on: ColumnType<string | null, string | null, string | null>;
    frequency: number | null;
    recency_weeks: number | null;
    age_weeks: number | null;
    average_spend_minor: number | null;
    revenue_minor: number;
    currency: string;
    rfm_recency: number | null;
    rfm_frequency: number | null;
    rfm_monetary: number | null;
    rfm_segment: string | null;
    p_alive: number | null;
    expected_purchases: number | null;
    expected_spend_minor: number | null;
    clv_minor: number | null;
    churn_probability: number | null;
    churn_drivers: Json<ChurnDriverView[]>;
    health: number | null;
    health_components: Json<StoredComponent[]>;
    lapsed: boolean;
  };
  insight_score_history: {
    customer_id: string;
    scored_on: ColumnType<string, string, string>;
    run_id: string;
    health: number | null;
    p_alive: number | null;
    churn_probability: number | null;
    clv_minor: number | null;
    components: Json<Record<string, number>>;
  };
}
