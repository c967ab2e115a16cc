import { zh as customersZh } from '../routes/customers/customers.messages';
import { zh as promotionsZh } from '../routes/promotions/promotions.messages';
import { zh as referralZh } from '../routes/promotions/referral.messages';
import { zh as replenishmentZh } from '../routes/replenishment/replenishment.messages';
import { zh as serviceZh } from '../routes/service/service.messages';
import { zh as riskZh } from '../routes/risk/risk.messages';
import { zh as complianceZh } from '../routes/compliance/compliance.messages';
import { zh as analyticsZh } from '../routes/analytics/analytics.messages';
/** The console's strings in Chinese, the default language; en.ts must have every key here. */
import { zh as dispatchZh } from '../routes/dispatch/dispatch.messages';

export const zh = {
  'app.name': '掌柜',
  'app.tagline': '电商经营中枢',
  'lang.switch': 'English',
  'lang.label': '语言',
  'nav.overview': '经营概况',
  'nav.menu': '菜单',
  'header.logout': '退出登录',
  'login.title': '登录掌柜',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'password.title': '修改初始密码',
  'password.hint': '首次登录须将一次性密码改为你自己的密码（至少 10 个字符）。',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.confirm': '确认新密码',
  'password.mismatch': '两次输入的新密码不一致',
  'password.submit': '修改密码',
  'error.network': '无法连接服务器，请稍后重试',
  'error.invalid_credentials': '用户名或密码错误',
  'error.rate_limited': '尝试次数过多，请稍后再试',
  'error.unauthenticated': '登录已过期，请重新登录',
  'error.forbidden': '你的角色没有此权限',
  'error.password_change_required': '请先修改一次性密码',
  'error.generic': '出错了：{message}',
  'state.loading': '加载中…',
  'state.empty': '所选时间段内没有订单数据',
  'state.retry': '重试',
  'range.label': '时间范围',
  'range.last7': '近 7 天',
  'range.last30': '近 30 天',
  'range.thisMonth': '本月',
  'range.lastMonth': '上月',
  'range.custom': '自定义',
  'range.from': '开始日期',
  'range.to': '结束日期',
  'range.apply': '应用',
  'range.compare': '对比上一周期：{from} 至 {to}',
  'range.current': '{from} 至 {to}',
  'overview.title': '经营概况',
  'overview.kpis': '核心指标',
  'overview.trend': '趋势',
  'overview.vsPrevious': '较上期',
  'overview.noCompare': '无法与上期对比（上期为零或无整段数据）',
  'overview.pointChange': '{value} 个百分点',
  'overview.needsSinglePeriod': '跨月区间暂不支持该指标的整段去重统计',
  'granularity.day': '按日',
  'granularity.week': '按周',
  'granularity.month': '按月',
  'kpi.gmv': '成交金额 (GMV)',
  'kpi.paidAmount': '实付金额',
  'kpi.netSales': '净销售额',
  'kpi.orders': '订单数',
  'kpi.buyers': '下单买家数',
  'kpi.aov': '平均订单金额',
  'kpi.arppu': '客单价',
  'kpi.repurchaseRate': '复购率',
  'kpi.refunds': '退款金额',
  ...customersZh,
  ...promotionsZh,
  ...referralZh,
  ...replenishmentZh,
  ...serviceZh,
  ...riskZh,
  ...complianceZh,
  ...analyticsZh,
  ...dispatchZh,
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zh;
/** A complete dictionary: a language that misses a key does not compile. */
export type Messages = Record<MessageKey, string>;
