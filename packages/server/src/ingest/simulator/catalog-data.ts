/** The simulated brand's assortment: a home-and-lifestyle store (家居生活). Names are invented. */
export interface CategorySpec {
  parent: string;
  name: string;
  items: string[];
  /** List price range in yuan. */
  price: [number, number];
  variants: string[];
  /** Category seasonality: summer goods peak in June–August, winter goods in Nov–Jan. */
  season?: 'summer' | 'winter';
  /** Index into SUPPLIERS of the usual maker. */
  supplier: number;
}

export const CATEGORIES: CategorySpec[] = [
  { parent: '床上用品', name: '四件套', items: ['纯棉四件套', '水洗棉四件套', '天丝四件套', '长绒棉四件套'], price: [199, 799], variants: ['1.5m床 · 米白', '1.8m床 · 米白', '1.8m床 · 雾霾蓝', '2.0m床 · 燕麦色'], supplier: 0 },
  { parent: '床上用品', name: '被芯枕芯', items: ['大豆纤维被', '白鹅绒被', '乳胶枕', '记忆棉枕', '荞麦枕'], price: [89, 899], variants: ['标准款', '加厚款'], supplier: 0 },
  { parent: '床上用品', name: '凉席夏被', items: ['冰丝凉席', '藤席三件套', '空调夏被'], price: [99, 399], variants: ['1.5m', '1.8m'], season: 'summer', supplier: 0 },
  { parent: '床上用品', name: '冬季保暖', items: ['法兰绒毛毯', '珊瑚绒睡袍', '暖手抱枕'], price: [69, 299], variants: ['燕麦色', '灰蓝色', '奶油白'], season: 'winter', supplier: 0 },
  { parent: '厨房用品', name: '锅具', items: ['不粘炒锅', '珐琅铸铁锅', '不锈钢汤锅', '雪平锅'], price: [129, 699], variants: ['20cm', '28cm', '32cm'], supplier: 2 },
  { parent: '厨房用品', name: '刀具砧板', items: ['德式主厨刀', '竹木砧板', '抗菌砧板', '刀具五件套'], price: [49, 399], variants: ['标准款'], supplier: 2 },
  { parent: '厨房用品', name: '餐具', items: ['釉下彩餐具套装', '日式饭碗', '陶瓷马克杯', '玻璃储物罐'], price: [29, 399], variants: ['单只', '四件装'], supplier: 5 },
  { parent: '厨房用品', name: '保温杯', items: ['316保温杯', '车载保温杯', '儿童吸管杯'], price: [79, 229], variants: ['350ml · 奶白', '500ml · 墨绿', '500ml · 雾粉'], supplier: 3 },
  { parent: '收纳整理', name: '收纳盒', items: ['透明收纳箱', '布艺收纳筐', '桌面收纳盒', '真空压缩袋'], price: [19, 129], variants: ['小号', '中号', '大号'], supplier: 4 },
  { parent: '收纳整理', name: '衣架挂钩', items: ['植绒防滑衣架', '实木衣架', '免打孔挂钩'], price: [19, 79], variants: ['10只装', '20只装'], supplier: 4 },
  { parent: '家居装饰', name: '香薰蜡烛', items: ['无火香薰', '大豆蜡香薰蜡烛', '车载香薰'], price: [49, 199], variants: ['白茶', '雪松', '西柚'], supplier: 1 },
  { parent: '家居装饰', name: '地毯抱枕', items: ['北欧地毯', '棉麻抱枕套', '飘窗垫'], price: [39, 599], variants: ['小号', '大号'], supplier: 0 },
  { parent: '家居装饰', name: '灯具', items: ['护眼台灯', '落地灯', '氛围小夜灯'], price: [59, 499], variants: ['白色', '胡桃木色'], supplier: 6 },
  { parent: '清洁个护', name: '毛巾浴巾', items: ['长绒棉毛巾', '速干浴巾', '毛巾礼盒'], price: [19, 129], variants: ['单条', '两条装'], supplier: 0 },
  { parent: '清洁个护', name: '清洁工具', items: ['平板拖把', '除螨刷', '懒人抹布'], price: [19, 199], variants: ['标准款', '替换装'], supplier: 1 },
];

export const MODIFIERS = ['简约', '北欧风', '日式', '轻奢', '原木风', '复古', '莫兰迪色', '加厚', '便携', '多功能', '高颜值', '经典'];

/** Brands the store carries, with their share of the assortment. */
export const BRANDS: [string, number][] = [['栖木', 5], ['素禾', 4], ['暖居', 3], ['拾光', 2], ['青简', 2], ['山野集', 1]];

export interface SupplierSpec { name: string; region: string; leadTime: number }
export const SUPPLIERS: SupplierSpec[] = [
  { name: '南通锦程家纺有限公司', region: '江苏', leadTime: 12 },
  { name: '义乌优禾日用品有限公司', region: '浙江', leadTime: 8 },
  { name: '阳江利刃厨具制造厂', region: '广东', leadTime: 15 },
  { name: '永康恒温杯壶有限公司', region: '浙江', leadTime: 10 },
  { name: '宁波简居塑料制品有限公司', region: '浙江', leadTime: 7 },
  { name: '景德镇素器陶瓷有限公司', region: '江西', leadTime: 20 },
  { name: '中山光合照明科技有限公司', region: '广东', leadTime: 14 },
];
