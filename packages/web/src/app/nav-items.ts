import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/zh';
import { OverviewPage } from '../routes/overview/overview.page';

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
];

export const DEFAULT_PATH = '/overview';
