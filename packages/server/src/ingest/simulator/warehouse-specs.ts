/** One central warehouse near Shanghai and four regional ones; 西北 is served cross-region. */
export const WAREHOUSES = [
  { code: 'JX-CDC', name: '嘉兴中心仓', kind: 'central', region: '华东', city: '嘉兴', lat: 30.7522, lng: 120.7585 },
  { code: 'GZ-RDC', name: '广州区域仓', kind: 'regional', region: '华南', city: '广州', lat: 23.1291, lng: 113.2644 },
  { code: 'CD-RDC', name: '成都区域仓', kind: 'regional', region: '西南', city: '成都', lat: 30.5728, lng: 104.0668 },
  { code: 'BJ-RDC', name: '北京区域仓', kind: 'regional', region: '华北', city: '北京', lat: 39.9042, lng: 116.4074 },
  { code: 'WH-RDC', name: '武汉区域仓', kind: 'regional', region: '华中', city: '武汉', lat: 30.5928, lng: 114.3055 },
] as const;

/** Warehouses to try for a destination region, nearest first. */
export function warehousePreference(region: string): number[] {
  const local = WAREHOUSES.findIndex((w) => w.region === region);
  const order = local > 0 ? [local, 0] : region === '西北' ? [4, 0] : [0];
  for (let w = 1; w < WAREHOUSES.length; w++) if (!order.includes(w)) order.push(w);
  return order;
}
