import { AppError } from '../../../kernel/errors.ts';
import type { NewInteraction } from '../record-interactions.ts';
import { type InteractionSettings, interactionFieldSet, mapInteraction } from './map-interaction.ts';
import { parseDecimal } from './parse-values.ts';
import { type ColumnPlan, type FieldSet, fieldOf } from './plan-columns.ts';

export type LineItemOptions = {
  /** Order ids starting with this mark a cancellation (the UCI Online Retail set's "C536379"). */
  cancelPrefix?: string;
  /** All orders of a customer on one local day (in the import's time zone) become one purchase. */
  mergeSameDay?: boolean;
};

/**
 * Fields of a line-item file: kind, amount and source id are computed per order, so they are not
 * fields here (a column with such a name is an ordinary extra column).
 */
export const lineItemFieldSet: FieldSet = {
  fields: [
    ...interactionFieldSet.fields.filter((f) => !['kind', 'amount', 'sourceId'].includes(f)),
    'orderId',
    'quantity',
    'unitPrice',
    'cancelled',
  ],
  required: [['externalId', 'customerId'], ['occurredAt'], ['channel'], ['quantity'], ['unitPrice']],
};

const TRUE = new Set(['1', 'true', 'yes', 'y', 't', 'x', 'cancelled', 'canceled', 'c']);
const MAX_ORDER_IDS = 50;

type Group = {
  item: NewInteraction;
  line: number;
  text: string;
  lines: number;
  units: number;
  orders: Set<string>;
};

export type LineItemSummary = { lines: number; purchases: number; refunds: number };

/**
 * Turns order lines into purchases and refunds: each line is worth quantity × unit price; lines
 * of one order (one customer, one kind, one currency) add up to one touchpoint; a line with a
 * negative quantity, an order id with the cancellation prefix, or a true `cancelled` cell is a
 * refund of the absolute amount; with `mergeSameDay` the orders of a customer's day are one
 * purchase (and their cancellations one refund). Lines of an order may be anywhere in the file,
 * so the orders are held until the file ends: one entry per order, a few hundred bytes each.
 */
export function createLineItemGrouper(opts: LineItemOptions, settings: InteractionSettings) {
  if (opts.cancelPrefix !== undefined && !opts.cancelPrefix.trim())
    throw new AppError('bad_request', '--cancel-prefix must not be empty');
  const dayOf = new Intl.DateTimeFormat('en-CA', {
    timeZone: settings.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const groups = new Map<string, Group>();
  let lines = 0;

  return {
    /** Validates one line and adds it to its order; a line that cannot be read gives its reason. */
    add(plan: ColumnPlan, fields: readonly string[], line: number, text: string): { reason: string } | null {
      if (fields.length !== plan.width)
        return { reason: `expected ${plan.width} fields, found ${fields.length}` };
      const f = (name: string) => fieldOf(plan, fields, name);
      const rawQuantity = f('quantity');
      const rawPrice = f('unitPrice');
      const quantity = rawQuantity === undefined ? undefined : parseDecimal(rawQuantity);
      const price = rawPrice === undefined ? undefined : parseDecimal(rawPrice);
      if (quantity === undefined)
        return {
          reason: `quantity: ${rawQuantity === undefined ? 'empty' : `"${rawQuantity}" is not a number`}`,
        };
      if (price === undefined)
        return {
          reason: `unitPrice: ${rawPrice === undefined ? 'empty' : `"${rawPrice}" is not a decimal number such as 2.55`}`,
        };
      const orderId = f('orderId');
      const cancelled =
        quantity < 0 ||
        (opts.cancelPrefix !== undefined && !!orderId?.startsWith(opts.cancelPrefix)) ||
        TRUE.has((f('cancelled') ?? '').toLowerCase());
      const kind = cancelled ? 'refund' : 'purchase';
      const mapped = mapInteraction(plan, settings, fields, undefined, {
        kind,
        amountMajor: Math.abs(quantity * price),
        sourceId: 'line',
      });
      if ('reason' in mapped) return mapped;
      lines += 1;
      const item = mapped.item;
      const who =
        'id' in item.customer ? item.customer.id : `${item.customer.source}:${item.customer.externalId}`;
      const day = dayOf.format(item.occurredAt);
      const byDay = opts.mergeSameDay || orderId === undefined;
      const sourceId = byDay ? `${kind}s-${day}` : `${kind === 'refund' ? 'refund' : 'order'}-${orderId}`;
      const key = `${who}\u0000${item.currency}\u0000${sourceId}`;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, {
          item: { ...item, sourceId, properties: undefined },
          line,
          text,
          lines: 1,
          units: Math.abs(quantity),
          orders: new Set(orderId === undefined ? [] : [orderId]),
        });
        return null;
      }
      group.lines += 1;
      group.units += Math.abs(quantity);
      if (orderId !== undefined && group.orders.size < MAX_ORDER_IDS) group.orders.add(orderId);
      group.item.amountMinor = (group.item.amountMinor ?? 0) + (item.amountMinor ?? 0);
      if (item.occurredAt < group.item.occurredAt) group.item.occurredAt = item.occurredAt;
      return null;
    },

    /** The purchases and refunds, in the order their first line appeared, with that line. */
    *drain(): Generator<{ item: NewInteraction; line: number; text: string }> {
      for (const g of groups.values()) {
        const properties: Record<string, unknown> = { lines: g.lines, units: round(g.units) };
        if (g.orders.size) properties.orders = [...g.orders];
        yield { item: { ...g.item, properties }, line: g.line, text: g.text };
      }
      groups.clear();
    },

    summary(): LineItemSummary {
      let refunds = 0;
      for (const g of groups.values()) if (g.item.kind === 'refund') refunds++;
      return { lines, purchases: groups.size - refunds, refunds };
    },
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
