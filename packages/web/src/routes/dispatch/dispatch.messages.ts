/** The dispatch page's strings (spread into i18n/zh.ts and i18n/en.ts). */
export const zh = {
  'nav.dispatch': '配送调度',
  'dispatch.title': '配送调度',
  'dispatch.warehouse': '仓库',
  'dispatch.map': '路线图',
  'dispatch.summary': '{shipments} 个包裹 · {vehicles} 辆车 · {km} 公里',
  'dispatch.empty': '该仓库暂无待配送的包裹',
  'dispatch.vehicle': '车辆',
  'dispatch.stops': '站点',
  'dispatch.units': '件数',
  'dispatch.km': '公里',
  'dispatch.return': '返仓',
  'dispatch.manifest': '司机清单',
  'dispatch.depot': '仓库',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.dispatch': 'Dispatch',
  'dispatch.title': 'Dispatch',
  'dispatch.warehouse': 'Warehouse',
  'dispatch.map': 'Route map',
  'dispatch.summary': '{shipments} parcels · {vehicles} vehicles · {km} km',
  'dispatch.empty': 'No parcels waiting for delivery at this warehouse',
  'dispatch.vehicle': 'Vehicle',
  'dispatch.stops': 'Stops',
  'dispatch.units': 'Units',
  'dispatch.km': 'km',
  'dispatch.return': 'Back at',
  'dispatch.manifest': 'Driver manifests',
  'dispatch.depot': 'Depot',
};
