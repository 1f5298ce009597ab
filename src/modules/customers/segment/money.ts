/** Converts a decimal amount in major units (Segment's `revenue: 12.34`) to integer minor units. */
export function toMinorUnits(amount: number, currency: string): number {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // Unknown code: keep the common two decimals rather than reject the purchase.
  }
  return Math.round(amount * 10 ** digits);
}
