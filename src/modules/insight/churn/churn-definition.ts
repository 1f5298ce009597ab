import { DEFAULT_LAPSE_DAYS, type Departure } from '../../customers/index.ts';

export type ChurnBasis = 'lapse-or-cancellation' | 'cancellation';

/** What the dashboards count as a customer leaving, in words every churn chart shows. */
export type ChurnDefinition = {
  basis: ChurnBasis;
  lapseDays: number;
  /** One sentence for the charts: what "churned" means here. */
  label: string;
};

/**
 * One definition for every churn figure. A shop's customers have no contract to cancel: they
 * leave by going quiet, which the lapse rule (customers module, nightly) dates as the day they
 * reached `lapseDays` without a touchpoint of their own; a cancellation recorded by staff (status
 * "churned") counts too. A subscription business counts cancellations only: a subscriber who
 * pays but never writes has not left.
 */
export function churnDefinition(basis: ChurnBasis, lapseDays = DEFAULT_LAPSE_DAYS): ChurnDefinition {
  return {
    basis,
    lapseDays,
    label:
      basis === 'cancellation'
        ? 'Churned = a cancellation recorded (status "churned"); customers who only went quiet still count as customers.'
        : `Churned = lapsed (no purchase or other touchpoint of their own for ${lapseDays} days, the lapse rule) or a cancellation recorded.`,
  };
}

/** The day (days since 1970) the customer left by this definition, or null while they are a customer. */
export function leftDay(d: Departure, basis: ChurnBasis): number | null {
  if (d.leftDay === null) return null;
  if (d.status === 'churned') return d.leftDay;
  return basis === 'lapse-or-cancellation' && d.status === 'lapsed' ? d.leftDay : null;
}
