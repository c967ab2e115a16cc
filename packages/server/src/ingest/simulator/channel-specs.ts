/** The store's sales channels and how each behaves. Budgets are tuned so ROI differs by channel. */
export interface ChannelSpec {
  code: string;
  name: string;
  kind: 'marketplace' | 'own_site' | 'mini_program' | 'live_stream' | 'content' | 'offline';
  /** Organic share of new customers at day 0, and its growth per year. */
  organic: number;
  growth: number;
  /** Paid media: daily always-on budget (yuan), CPM (yuan), click-through rate, and acquisition yield. */
  paid?: { budget: number; cpm: number; ctr: number; yield: number; platform: string };
  /** Device mix [desktop, mobile, tablet]; offline orders have no device. */
  devices: [number, number, number];
  /** Visitor conversion rate of the channel on mobile. */
  conversion: number;
  /** Return propensity relative to the store average (impulse buys come back more). */
  refundFactor: number;
  payments: [string, number][];
}

export const CHANNELS: ChannelSpec[] = [
  { code: 'tmall', name: '天猫旗舰店', kind: 'marketplace', organic: 30, growth: 1.05, paid: { budget: 1100, cpm: 35, ctr: 0.025, yield: 0.75, platform: '万相台' },
    devices: [0.15, 0.8, 0.05], conversion: 0.045, refundFactor: 1, payments: [['alipay', 1]] },
  { code: 'jd', name: '京东自营', kind: 'marketplace', organic: 18, growth: 1.0, paid: { budget: 750, cpm: 30, ctr: 0.022, yield: 0.68, platform: '京东快车' },
    devices: [0.22, 0.74, 0.04], conversion: 0.047, refundFactor: 0.9, payments: [['jd_pay', 0.6], ['wechat_pay', 0.4]] },
  { code: 'site', name: '官网商城', kind: 'own_site', organic: 6, growth: 1.1, paid: { budget: 300, cpm: 20, ctr: 0.012, yield: 0.48, platform: '搜索广告' },
    devices: [0.45, 0.48, 0.07], conversion: 0.03, refundFactor: 0.8, payments: [['alipay', 0.5], ['wechat_pay', 0.4], ['unionpay', 0.1]] },
  { code: 'miniapp', name: '微信小程序', kind: 'mini_program', organic: 10, growth: 1.3, paid: { budget: 250, cpm: 40, ctr: 0.015, yield: 0.82, platform: '朋友圈广告' },
    devices: [0, 1, 0], conversion: 0.05, refundFactor: 0.7, payments: [['wechat_pay', 1]] },
  { code: 'douyin', name: '抖音直播', kind: 'live_stream', organic: 6, growth: 1.9, paid: { budget: 800, cpm: 25, ctr: 0.03, yield: 0.52, platform: '巨量千川' },
    devices: [0, 0.97, 0.03], conversion: 0.03, refundFactor: 1.9, payments: [['douyin_pay', 0.6], ['alipay', 0.2], ['wechat_pay', 0.2]] },
  { code: 'xhs', name: '小红书', kind: 'content', organic: 4, growth: 1.6, paid: { budget: 450, cpm: 45, ctr: 0.02, yield: 0.41, platform: '聚光' },
    devices: [0.03, 0.92, 0.05], conversion: 0.024, refundFactor: 1.3, payments: [['alipay', 0.5], ['wechat_pay', 0.5]] },
  { code: 'store', name: '线下门店', kind: 'offline', organic: 7, growth: 0.95,
    devices: [0, 0, 0], conversion: 1, refundFactor: 0.3, payments: [['wechat_pay', 0.45], ['alipay', 0.35], ['card', 0.15], ['cash', 0.05]] },
];

export const DEVICE_NAMES = ['desktop', 'mobile', 'tablet'] as const;
/** Mobile converts best: one-tap payment and the app's saved cart. */
export const DEVICE_CONVERSION = [0.7, 1.1, 0.85];
export const OFFLINE = CHANNELS.findIndex((c) => c.kind === 'offline');
