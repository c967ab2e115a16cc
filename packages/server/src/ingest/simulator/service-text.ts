import type { Rng } from '@zhanggui/algorithms';
import { pick } from './sampling.js';

export type TicketCategory = '物流' | '商品破损' | '退换货' | '发票' | '尺寸咨询' | '商品咨询' | '修改地址';

/** Subjects and bodies customers write; `{sku}` and `{days}` are filled in. */
const TICKETS: Record<TicketCategory, { subjects: string[]; bodies: string[] }> = {
  物流: {
    subjects: ['物流太慢了', '快递几天没更新', '什么时候能到货', '催一下发货'],
    bodies: ['下单{days}天了物流还停在中转站，麻烦帮忙催一下。', '买的{sku}显示已发货但一直没有派送信息，请问是什么情况？', '急用，能不能加急发货？', '快递显示签收了但我没收到，麻烦核实一下。'],
  },
  商品破损: {
    subjects: ['收到的商品有破损', '包装压坏了', '商品有瑕疵'],
    bodies: ['刚收到{sku}，外箱压扁了，里面的东西也裂了，附图，请处理。', '{sku}表面有明显划痕，和页面图片差别很大。', '拆开发现少了配件，而且有一处开线。'],
  },
  退换货: {
    subjects: ['申请退货', '想换个颜色', '七天无理由退货怎么操作', '退款什么时候到账'],
    bodies: ['{sku}收到后不太合适，想退货，请问运费谁承担？', '想把{sku}换成别的颜色，可以直接换吗？', '退货已经寄回{days}天了，退款还没到账。', '尺寸买错了，能换大一号吗？'],
  },
  发票: {
    subjects: ['开具发票', '发票抬头写错了', '需要增值税专用发票'],
    bodies: ['麻烦开一张电子发票，抬头是公司名称，税号稍后发给你们。', '发票抬头写错了，能重新开吗？', '公司报销需要专票，请问可以开吗？'],
  },
  尺寸咨询: {
    subjects: ['尺寸怎么选', '1.8米的床用哪个规格', '能放进柜子吗'],
    bodies: ['{sku}的具体尺寸是多少？我家床是1.8米乘2米的。', '想买{sku}，放在60厘米宽的柜子里够吗？', '被套和被芯的尺寸是配套的吗？'],
  },
  商品咨询: {
    subjects: ['材质咨询', '有没有现货', '活动什么时候开始'],
    bodies: ['{sku}是纯棉的吗？洗了会不会缩水？', '{sku}现在下单什么时候能发货？', '双11的满减能和优惠券一起用吗？', '这款可以用洗碗机洗吗？'],
  },
  修改地址: {
    subjects: ['修改收货地址', '电话号码填错了'],
    bodies: ['刚下的单地址写错了，麻烦改一下还没发货吧？', '收货电话少写了一位，请帮忙修改。'],
  },
};

export function ticketText(rng: Rng, category: TicketCategory, sku: string, days: number): { subject: string; body: string } {
  const t = TICKETS[category];
  return { subject: pick(rng, t.subjects), body: pick(rng, t.bodies).replace('{sku}', sku).replace('{days}', String(days)) };
}

// Review fragments by sentiment; a review strings two or three together.
const GOOD = ['质量很好，做工精细', '颜色和图片一样，很好看', '摸起来很舒服，没有异味', '性价比很高', '包装很用心，没有破损', '物流很快，第二天就到了', '已经回购第二次了', '送人也很体面', '客服态度很好'];
const MIXED = ['整体还可以', '有一点点色差，能接受', '价格稍微有点贵', '物流慢了点', '做工一般，凑合用', '和预期差不多'];
const BAD = ['质量太差了', '收到就是坏的', '味道很大，放了几天还有', '和描述完全不符', '用了一次就坏了', '客服处理太慢', '不会再买了', '洗了一次就缩水起球'];

export function reviewText(rng: Rng, rating: number): string {
  const pool = rating >= 4 ? GOOD : rating === 3 ? MIXED : BAD;
  const first = pick(rng, pool);
  let second = pick(rng, rating === 4 ? MIXED.concat(GOOD) : pool);
  if (second === first) second = pick(rng, pool);
  return second === first ? `${first}。` : `${first}，${second}。`;
}
