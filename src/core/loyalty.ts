/**
 * Loyalty — KAM-DOMAIN §7: Dick & Basu's loyalty types and customer lifetime value.
 */
import { KamError } from "./errors";
import { AxisNames, Quadrant, quadrants } from "./quadrant";

/** Dick & Basu (1994): relative attitude (first axis) × repeat patronage (second axis). */
export const LOYALTY_LABELS: Record<Quadrant, string> = {
  "high-high": "True",
  "high-low": "Latent",
  "low-high": "Spurious",
  "low-low": "None",
};

const LOYALTY_AXES: AxisNames = { first: "attitude", second: "repeat", firstMid: "attitude_mid", secondMid: "repeat_mid" };

/**
 * Loyalty type per customer: high attitude + high repeat patronage "True", high + low "Latent",
 * low + high "Spurious", low + low "None" (no loyalty). x ≥ mid counts as high.
 * @param attitude     relative attitude per row (e.g. a 1–7 attitude score or a satisfaction index), null = blank.
 * @param repeat       repeat patronage per row (e.g. share of wallet 0–1, purchases per year), null = blank.
 * @param attitudeMid  midpoint; null = median of attitude over the rows where both are present.
 * @param repeatMid    midpoint; null = median of repeat over those rows.
 * @returns one label per row, null where either input is blank.
 * @throws KamError("shape") for different lengths; ("number") for non-finite values or midpoints.
 * Source: Dick & Basu (1994), "Customer Loyalty: Toward an Integrated Conceptual Framework", Journal of
 * the Academy of Marketing Science 22(2).
 */
export function loyaltyType(
  attitude: readonly (number | null)[],
  repeat: readonly (number | null)[],
  attitudeMid: number | null = null,
  repeatMid: number | null = null,
): (string | null)[] {
  return quadrants(attitude, repeat, attitudeMid, repeatMid, LOYALTY_AXES).map((q) => (q === null ? null : LOYALTY_LABELS[q]));
}

export interface ClvInput {
  /** Contribution margin per period while the customer stays (currency units; may be negative). */
  margin: number;
  /** Retention rate per period, a fraction 0…1 (80 % = 0.8). */
  retention: number;
  /** Discount rate per period, a fraction 0…1 (10 % = 0.1). */
  discountRate: number;
  /** Acquisition cost, paid once at the start (default 0). */
  acquisitionCost?: number;
  /** Number of periods T (a whole number ≥ 1); omitted/null = infinite horizon. */
  periods?: number | null;
}

/**
 * Customer lifetime value with constant margin m, retention r, discount rate d and acquisition cost AC:
 *
 *   infinite horizon:  CLV = m·r / (1 + d − r) − AC
 *   T periods:         CLV = Σ_{t=1..T} m·r^t / (1 + d)^t − AC
 *
 * Convention (KAM-DOMAIN §7; Gupta & Lehmann 2003): the customer is acquired at t = 0 (AC paid then, not
 * discounted); the margin of period t is earned at the end of that period only if the customer is still
 * there, probability r^t, and is discounted by (1 + d)^t. The infinite sum is the limit of the finite one.
 * Example: m = 100, r = 0.8, d = 0.1 → 80 / 0.3 = 266.67; over T = 3 periods → 72.73 + 52.89 + 38.47 = 164.09.
 * @returns the CLV in currency units.
 * @throws KamError("range") for a retention or discount rate outside 0…1 (with a hint to give 80 % as
 *         0.8), periods not a whole number ≥ 1, or r = 1 with d = 0 on an infinite horizon (no finite
 *         value); ("number") for non-finite inputs.
 * Source: Gupta & Lehmann (2003), "Customers as Assets", Journal of Interactive Marketing 17(1).
 */
export function clv(input: ClvInput): number {
  const { margin: m, retention: r, discountRate: d } = input;
  const ac = input.acquisitionCost ?? 0;
  const periods = input.periods ?? null;
  const finite = (x: number, name: string) => {
    if (!Number.isFinite(x)) throw new KamError("number", "core.mustBeFinite", { name }, { column: name });
  };
  finite(m, "margin");
  finite(r, "retention");
  finite(d, "discount_rate");
  finite(ac, "acquisition_cost");
  if (r < 0 || r > 1) {
    throw new KamError("range", "clv.retention", { value: r }, { column: "retention" });
  }
  if (d < 0 || d > 1) {
    throw new KamError("range", "clv.discount", { value: d }, { column: "discount_rate" });
  }
  if (periods === null) {
    const denominator = 1 + d - r;
    if (!(denominator > 0)) {
      throw new KamError("range", "clv.infinite", {}, { column: "periods" });
    }
    return (m * r) / denominator - ac;
  }
  if (!(Number.isInteger(periods) && periods >= 1)) {
    throw new KamError("range", "clv.periods", { value: periods }, { column: "periods" });
  }
  // Σ_{t=1..T} q^t = q·(1 − q^T)/(1 − q) with q = r/(1+d); written with expm1/log1p so that q near 1
  // loses no digits: 1 − q^T = −expm1(T·log1p(u)), u = q − 1 = (r − 1 − d)/(1 + d).
  const q = r / (1 + d);
  const u = (r - 1 - d) / (1 + d);
  const sum = u === 0 ? periods : q === 0 ? 0 : (q * -Math.expm1(periods * Math.log1p(u))) / -u;
  return m * sum - ac;
}
