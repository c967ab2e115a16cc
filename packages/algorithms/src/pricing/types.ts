/**
 * Input and output of the promotion engine. Amounts are integers in minor units (分); percentages
 * are "percent off" (10 = 9折). The HTTP API and the CLI validate the same shape with the zod
 * schemas in packages/contracts (pricing.ts); the engine validates again at its entry.
 */

export type Bilingual = { zh: string; en: string };

/** Who and which lines a promotion or coupon is for. Every list that is present must match. */
export interface Targeting {
  channels?: string[];
  /** Member tiers (e.g. gold). A customer without a tier never matches a tier list. */
  tiers?: string[];
  /** Customer segments or groups; at least one must match. */
  segments?: string[];
  /** Lines eligible: in `skus` or `categories` when either is given, and in neither exclusion. */
  skus?: string[];
  categories?: string[];
  excludeSkus?: string[];
  excludeCategories?: string[];
  newCustomersOnly?: boolean;
}

/** Wall-clock times in the store's time zone ("YYYY-MM-DD HH:mm[:ss]"); end exclusive. */
export interface Schedule {
  start?: string;
  end?: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek?: number[];
  /** A daily window "HH:mm", start inclusive, end exclusive (e.g. a 20:00–22:00 flash sale). */
  dailyStart?: string;
  dailyEnd?: string;
}

export interface Limits {
  /** Total uses (orders) over the promotion's life. */
  maxUses?: number;
  /** Budget: total discount in minor units over the promotion's life. */
  budget?: number;
  /** Uses per customer. */
  perCustomer?: number;
}

interface PromotionBase {
  id: string;
  name: string;
  /** Exclusivity group: only the best promotion of a group applies. Default: the promotion's own id. */
  group?: string;
  /** Groups apply in descending priority (ties: the group defined first). Default 0. */
  priority?: number;
  targeting?: Targeting;
  schedule?: Schedule;
  limits?: Limits;
}

/** 限时折扣: an item price, either a fixed price per SKU or a percentage off the list price. */
export interface FlashSalePromotion extends PromotionBase {
  kind: 'flash_sale';
  prices?: Record<string, number>;
  percentOff?: number;
}
/** 满199减20 / 满299减40: the highest tier reached applies. */
export interface ThresholdPromotion extends PromotionBase {
  kind: 'threshold';
  tiers: { threshold: number; discount: number }[];
}
/** 每满200减20, at most `cap` in total. */
export interface RepeatingPromotion extends PromotionBase {
  kind: 'repeating';
  step: number;
  discount: number;
  cap?: number;
}
/** 满2件9折 / 满300打9折: the best rule reached (by quantity and/or amount) applies. */
export interface PercentPromotion extends PromotionBase {
  kind: 'percent';
  rules: { minQuantity?: number; minAmount?: number; percentOff: number }[];
}
/** Buy X get Y: in every X+Y eligible units, the Y cheapest are `percentOff` off (default free). */
export interface BuyXGetYPromotion extends PromotionBase {
  kind: 'buy_x_get_y';
  buy: number;
  get: number;
  percentOff?: number;
}
/** 第二件半价: every n-th unit of the same SKU is `percentOff` off (n = 2, 50 by default). */
export interface NthItemPromotion extends PromotionBase {
  kind: 'nth_item';
  n?: number;
  percentOff?: number;
}
/** 满赠: a gift line when the eligible amount reaches the threshold. */
export interface GiftPromotion extends PromotionBase {
  kind: 'gift';
  threshold: number;
  gift: { sku: string; name: string; quantity: number; value: number };
}
/** 满99包邮. */
export interface FreeShippingPromotion extends PromotionBase {
  kind: 'free_shipping';
  threshold: number;
}

export type Promotion =
  | FlashSalePromotion | ThresholdPromotion | RepeatingPromotion | PercentPromotion
  | BuyXGetYPromotion | NthItemPromotion | GiftPromotion | FreeShippingPromotion;
export type PromotionKind = Promotion['kind'];

/** 优惠券: one order coupon per cart, any number of item/category coupons. */
export interface Coupon {
  id: string;
  name: string;
  scope: 'order' | 'item';
  /** Minimum eligible amount (after item prices, order promotions and, for an order coupon, item coupons). */
  threshold?: number;
  /** Exactly one of `amount` (立减) and `percentOff` (折扣券, optionally capped by `maxDiscount`). */
  amount?: number;
  percentOff?: number;
  maxDiscount?: number;
  /** Validity window in store wall-clock time, end exclusive. */
  validFrom?: string;
  validTo?: string;
  perCustomerLimit?: number;
  /** Total coupons of the batch that can be redeemed. */
  totalQuantity?: number;
  targeting?: Targeting;
}

export interface PointsRule {
  /** Points worth ¥1 (100 → 1 point = 1 分). */
  pointsPerYuan: number;
  /** Largest share of the amount left after coupons that points may pay, 0–1. */
  maxShare: number;
  /** Points are redeemed in multiples of this (default 1). */
  step?: number;
}

export interface ShippingRule {
  /** Standard fee in minor units. */
  fee: number;
  /** Fee per ship region, overriding `fee`. */
  regionFees?: Record<string, number>;
  /** Tiers shipped free (a tier benefit). */
  freeForTiers?: string[];
}

/** Everything the store defines: the same JSON the API and `zhanggui price quote --promotions` take. */
export interface PricingRules {
  currency?: string;
  /** IANA zone the schedules are in. Default Asia/Shanghai. */
  timeZone?: string;
  /** Margin floor: a discount never takes a line below cost × (1 + marginFloor). Unset: only below zero. */
  marginFloor?: number;
  promotions: Promotion[];
  coupons?: Coupon[];
  points?: PointsRule;
  shipping?: ShippingRule;
}

export interface CartLine {
  sku: string;
  category?: string;
  quantity: number;
  listPrice: number;
  /** Member prices by tier or customer group. */
  memberPrices?: Record<string, number>;
  /** Unit cost, for the margin floor. */
  cost?: number;
}

export interface Cart {
  /** The moment of the quote (ISO 8601 with offset or Z). */
  at: string;
  channel?: string;
  region?: string;
  customer?: {
    id?: string;
    tier?: string;
    groups?: string[];
    segments?: string[];
    isNew?: boolean;
  };
  lines: CartLine[];
  /** Coupon ids the shopper applies. */
  coupons?: string[];
  /** Points the shopper offers to redeem. */
  points?: number;
  /** Usage so far, by promotion or coupon id: total uses, discount spent, and this customer's uses. */
  usage?: Record<string, { uses?: number; spent?: number; customerUses?: number }>;
}

export type Stage = 'item_price' | 'order_promotion' | 'coupon' | 'points' | 'shipping';

export interface PriceStep {
  source: 'list' | 'member' | 'flash_sale';
  /** Promotion id (flash sale) or tier/group (member price). */
  ref?: string;
  unitPrice: number;
  chosen: boolean;
  note?: Bilingual;
}

export interface QuoteLine {
  index: number;
  sku: string;
  quantity: number;
  listPrice: number;
  unitPrice: number;
  /** unitPrice × quantity. */
  itemAmount: number;
  pricePath: PriceStep[];
  /** Discounts on the line after the item price, in stage order (they sum to itemAmount − netAmount). */
  discounts: { id: string; stage: Stage; amount: number }[];
  /** What the line costs after every discount (points included). */
  netAmount: number;
  /** The least the line may come to through promotions and coupons (margin floor, or 0). */
  floorAmount: number;
}

export interface QuoteDiscount {
  id: string;
  stage: Stage;
  kind: string;
  name: string;
  amount: number;
  /** Per line (by line index); sums to `amount` (for shipping, empty). */
  allocations: { line: number; amount: number }[];
  reason: Bilingual;
  /** Set when a limit (margin floor, zero, budget, cap) reduced the discount. */
  capped?: Bilingual;
}

export interface QuoteRejection {
  id: string;
  stage: Stage;
  reason: Bilingual;
}

export interface Quote {
  currency: string;
  /** Σ listPrice × quantity. */
  listAmount: number;
  /** Σ itemAmount (after stage 1). */
  itemAmount: number;
  orderPromotionDiscount: number;
  couponDiscount: number;
  pointsUsed: number;
  pointsDiscount: number;
  /** Items after every discount (Σ line netAmount). */
  goodsAmount: number;
  shippingFee: number;
  shippingDiscount: number;
  payable: number;
  lines: QuoteLine[];
  discounts: QuoteDiscount[];
  gifts: { promotionId: string; sku: string; name: string; quantity: number; value: number }[];
  rejected: QuoteRejection[];
}
