import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/zh';
import { OverviewPage } from '../routes/overview/overview.page';
import { CustomersPage } from '../routes/customers/customers.page';
import { SegmentsPage } from '../routes/customers/segments.page';
import { MembershipPage } from '../routes/customers/membership.page';
import { ClvModelPage } from '../routes/customers/clv-model.page';
import { DispatchPage } from '../routes/dispatch/dispatch.page';
import { PromotionsPage } from '../routes/promotions/promotions.page';
import { ExperimentsPage } from '../routes/experiments/experiments.page';
import { ReferralPage } from '../routes/promotions/referral.page';
import { AlertsPage } from '../routes/analytics/alerts.page';
import { ChannelsPage } from '../routes/analytics/channels.page';
import { CustomersPage as CustomerAnalyticsPage } from '../routes/analytics/customers.page';
import { FunnelPage } from '../routes/analytics/funnel.page';
import { GoalsPage } from '../routes/analytics/goals.page';
import { ProductsPage } from '../routes/analytics/products.page';
import { ForecastPage } from '../routes/replenishment/forecast.page';
import { WorklistPage } from '../routes/replenishment/worklist.page';
import { HealthPage } from '../routes/replenishment/health.page';
import { LifecyclePage } from '../routes/replenishment/lifecycle.page';
import { TicketsPage } from '../routes/service/tickets.page';
import { RiskPage } from '../routes/risk/risk.page';
import { IncidentsPage } from '../routes/risk/incidents.page';
import { CataloguePage } from '../routes/compliance/catalogue.page';
import { ModerationPage } from '../routes/compliance/moderation.page';

/** A module page in the side navigation; later modules add an entry here. */
export interface NavItem {
  path: string;
  label: MessageKey;
  /** A one-character mark shown when the navigation is collapsed to a rail. */
  icon: string;
  /** The permission the page needs; entries the user cannot use are not listed. */
  permission: string;
  page: ComponentType;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/overview', label: 'nav.overview', icon: '◧', permission: 'analytics:read', page: OverviewPage },
  { path: '/funnel', label: 'nav.funnel', icon: '▽', permission: 'analytics:read', page: FunnelPage },
  { path: '/channels', label: 'nav.channels', icon: '◎', permission: 'analytics:read', page: ChannelsPage },
  { path: '/customer-analytics', label: 'nav.customerAnalytics', icon: '◔', permission: 'analytics:read', page: CustomerAnalyticsPage },
  { path: '/products', label: 'nav.products', icon: '▦', permission: 'analytics:read', page: ProductsPage },
  { path: '/goals', label: 'nav.goals', icon: '◉', permission: 'analytics:read', page: GoalsPage },
  { path: '/alerts', label: 'nav.alerts', icon: '⚑', permission: 'analytics:read', page: AlertsPage },
  { path: '/customers', label: 'nav.customers', icon: '☺', permission: 'customers:read', page: CustomersPage },
  { path: '/segments', label: 'nav.segments', icon: '◎', permission: 'customers:read', page: SegmentsPage },
  { path: '/membership', label: 'nav.membership', icon: '★', permission: 'customers:read', page: MembershipPage },
  { path: '/clv', label: 'nav.clv', icon: '∿', permission: 'analytics:read', page: ClvModelPage },
  { path: '/dispatch', label: 'nav.dispatch', icon: '送', permission: 'orders:read', page: DispatchPage },
  { path: '/promotions', label: 'nav.promotions', icon: '券', permission: 'marketing:read', page: PromotionsPage },
  { path: '/experiments', label: 'nav.experiments', icon: '⚖', permission: 'marketing:read', page: ExperimentsPage },
  { path: '/referrals', label: 'nav.referrals', icon: '邀', permission: 'marketing:read', page: ReferralPage },
  { path: '/forecasts', label: 'nav.forecasts', icon: '⌁', permission: 'inventory:read', page: ForecastPage },
  { path: '/replenishment', label: 'nav.replenishment', icon: '⇅', permission: 'inventory:read', page: WorklistPage },
  { path: '/inventory-health', label: 'nav.inventoryHealth', icon: '▦', permission: 'inventory:read', page: HealthPage },
  { path: '/lifecycle', label: 'nav.lifecycle', icon: '◔', permission: 'catalog:read', page: LifecyclePage },
  { path: '/tickets', label: 'nav.tickets', icon: '✉', permission: 'service:read', page: TicketsPage },
  { path: '/risks', label: 'nav.risks', icon: '▩', permission: 'risk:read', page: RiskPage },
  { path: '/incidents', label: 'nav.incidents', icon: '⚠', permission: 'risk:read', page: IncidentsPage },
  { path: '/data-catalogue', label: 'nav.catalogue', icon: '▤', permission: 'compliance:read', page: CataloguePage },
  { path: '/moderation', label: 'nav.moderation', icon: '⊘', permission: 'moderation:review', page: ModerationPage },
];

export const DEFAULT_PATH = '/overview';
