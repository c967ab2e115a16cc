// Lexicons of the review classifier, Chinese and English. Lower-case; English entries match
// whole words. Maintained by hand: add a word where the accuracy report shows a miss.

export const TOPICS = ['quality', 'logistics', 'packaging', 'price', 'service', 'description_mismatch', 'size_fit'] as const;
export type Topic = (typeof TOPICS)[number];

export const TOPIC_WORDS: Record<Topic, string[]> = {
  quality: [
    '质量', '品质', '做工', '材质', '面料', '布料', '用料', '坏了', '坏的', '就坏', '破洞', '开线', '脱线', '起球', '掉色', '褪色', '缩水', '异味', '味道',
    '瑕疵', '划痕', '耐用', '结实', '漏水', '故障', '失灵', '裂', '掉毛', '手感', '质感', '变形', '生锈', '不耐用', '线头', '甲醛', '刺鼻', '好用', '难用', '效果',
    'quality', 'material', 'materials', 'fabric', 'stitching', 'seams', 'seam', 'broke', 'broken', 'breaks', 'defect', 'defective', 'scratch', 'scratched', 'scratches',
    'durable', 'sturdy', 'flimsy', 'cheaply made', 'fell apart', 'faded', 'fades', 'shrank', 'shrinks', 'pilling', 'pills', 'smell', 'smells', 'odor', 'leaks', 'leaked',
    'stopped working', 'feels cheap', 'looks cheap', 'well made', 'craftsmanship', 'build', 'rust', 'rusted', 'cracked', 'crack', 'torn', 'ripped', 'works', 'working', 'battery', 'texture',
  ],
  logistics: [
    '物流', '快递', '发货', '到货', '送货', '配送', '派送', '签收', '运输', '顺丰', '中通', '圆通', '韵达', '快递员', '送到', '就到', '才到', '时效', '催', '送错', '没更新', '上门',
    '揽收', '中转', '没收到', '送达', '驿站',
    'shipping', 'shipped', 'delivery', 'delivered', 'arrived', 'arrive', 'arrival', 'courier', 'ship', 'tracking', 'late', 'dispatch', 'dispatched', 'transit',
    'never came', 'took weeks', 'took a week', 'days to arrive', 'postage', 'carrier',
  ],
  packaging: [
    '包装', '外箱', '盒子', '纸箱', '压扁', '压坏', '泡沫', '气泡膜', '封口', '外包装', '箱子', '包裹', '礼盒',
    'packaging', 'packaged', 'package', 'box', 'boxes', 'wrapped', 'wrapping', 'crushed', 'dented', 'bubble wrap', 'packed', 'parcel', 'seal', 'sealed', 'double boxed',
  ],
  price: [
    '价格', '价钱', '便宜', '贵', '性价比', '划算', '不值', '优惠', '降价', '差价', '满减', '活动价', '保价', '实惠', '超值', '价位', '钱', '物美价廉', '虚高', '被坑', '保价',
    'price', 'priced', 'pricing', 'cheap', 'expensive', 'value', 'worth', 'overpriced', 'pricey', 'bargain', 'deal', 'discount', 'coupon', 'money', 'affordable', 'cost', 'costs',
  ],
  service: [
    '客服', '服务', '售后', '态度', '回复', '退款', '退货', '换货', '处理', '不理', '耐心', '解决', '商家', '卖家', '店家', '补发', '回消息',
    'customer service', 'service', 'support', 'seller', 'refund', 'refunded', 'return', 'returned', 'replacement', 'responded', 'response', 'reply', 'replied',
    'rude', 'helpful', 'unhelpful', 'staff', 'agent', 'ignored', 'contacted', 'store', 'shop',
  ],
  description_mismatch: [
    '描述不符', '与描述', '和描述', '跟描述', '图片不', '和图片', '与图片', '跟图片', '色差', '实物', '货不对板', '和页面', '宣传', '假货', '不是正品', '发错', '买家秀', '卖家秀',
    '和详情', '详情页', '不符', '比图片', '夸大', '赠品', '描述一致', '描述的一样', '图片一样', '正品',
    'as described', 'not as described', 'description', 'described', 'match the', "doesn't match", 'does not match', 'picture', 'pictures', 'photo', 'photos',
    'misleading', 'fake', 'counterfeit', 'wrong item', 'wrong colour', 'wrong color', 'advertised', 'listing', 'looks nothing like', 'genuine', 'not genuine',
  ],
  size_fit: [
    '尺寸', '尺码', '大小', '偏大', '偏小', '太大', '太小', '合身', '码数', '长度', '规格', '宽度', '大一号', '小一号', '腰围', '紧', '鞋码', '挤脚', '穿不上', '太长', '太短', '袖子',
    'size', 'sizes', 'sizing', 'fit', 'fits', 'fitted', 'too small', 'too big', 'too large', 'runs small', 'runs large', 'tight', 'loose', 'length', 'larger', 'smaller', 'narrow', 'too narrow', 'too short', 'runs a little', 'large',
  ],
};

/** Sentiment-bearing words with a weight; negative weights are complaints. */
export const SENTIMENT_WORDS: Record<string, number> = {
  // Chinese, positive
  '好': 1, '很好': 1, '挺好': 1, '不错': 1, '满意': 1, '喜欢': 1, '推荐': 1, '舒服': 1, '舒适': 1, '漂亮': 1, '好看': 1, '快': 1, '精致': 1, '精细': 1,
  '结实': 1, '耐用': 1, '划算': 1, '实惠': 1, '值得': 1, '超值': 1, '回购': 1, '好评': 1, '完美': 1, '耐心': 1, '热情': 1, '及时': 1, '给力': 1,
  '惊喜': 1, '合身': 1, '正品': 0.5, '干净': 1, '柔软': 1, '一致': 1, '一样': 0.5, '相符': 1, '没问题': 1, '放心': 1, '值': 1, '便宜': 0.5, '神速': 1,
  '好用': 1, '赞': 1, '点赞': 1, '体面': 1, '用心': 1, '专业': 1, '周到': 1, '高效': 1, '清楚': 0.5, '很值': 1, '物美价廉': 1, '五星': 1, '爱了': 1, '正好': 1, '合适': 1,
  '性价比高': 1, '性价比很高': 1.5, '负责': 1, '顺利': 1, '严实': 1, '完好': 1, '厚实': 1,
  // Chinese, negative
  '差': -1, '太差': -1, '很差': -1, '坏': -1, '破': -1, '烂': -1, '垃圾': -1.5, '失望': -1, '后悔': -1, '慢': -1, '贵': -1, '不值': -1, '差评': -1.5,
  '难看': -1, '异味': -1, '臭': -1, '刺鼻': -1, '起球': -1, '缩水': -1, '掉色': -1, '褪色': -1, '开线': -1, '瑕疵': -1, '划痕': -1, '色差': -1, '不符': -1,
  '假': -1, '假货': -1.5, '骗': -1.5, '敷衍': -1, '不理': -1, '漏': -1, '裂': -1, '压扁': -1, '压坏': -1, '破损': -1, '少了': -1, '发错': -1, '坑': -1,
  '糟糕': -1, '不会再买': -1.5, '再也不': -1.5, '坏了': -1, '就坏': -1, '难用': -1, '麻烦': -0.5, '投诉': -1, '没收到': -1, '偏小': -0.5, '偏大': -0.5,
  '太小': -1, '太大': -1, '紧': -0.5, '变形': -1, '生锈': -1, '线头': -0.5, '甲醛': -1, '故障': -1, '失灵': -1, '掉毛': -1, '丢件': -1.5, '货不对板': -1.5,
  '不耐用': -1, '退货': -0.5, '退款': -0.3, '智商税': -1.5, '坑人': -1.5, '态度差': -1.5, '不专业': -1, '忽悠': -1.5, '降价': -0.5, '差价': -0.5, '卖家秀': -1, '不一样': -1, '性价比低': -1.5, '性价比很低': -1.5, '味道很大': -1, '味道大': -1,
  '没更新': -1, '没人处理': -1, '不动': -1, '没用': -1, '急死': -1, '拖了': -1, '送错': -1, '折腾': -1, '不给': -1, '推脱': -1, '打不通': -1,
  '失联': -1, '被坑': -1.5, '虚高': -1, '不实': -1.5, '不准': -1, '挤脚': -1, '穿不上': -1, '不对': -1, '太长': -1, '太短': -1, '拿不出手': -1,
  '碎了': -1, '碎': -1, '只会': -0.5, '夸大': -1, '还没发货': -1, '没发货': -1,
  // Chinese, neutral or mild (weight 0 marks a hedge that halves the clause)
  '一般': 0, '还行': 0, '还可以': 0, '凑合': 0, '中规中矩': 0, '马马虎虎': 0, '一般般': 0, '差不多': 0, '能接受': 0, '可以接受': 0, '有点': 0, '稍微': 0, '有一点': 0,
  '有一点点': 0, '略': 0, '一点': 0, '慢了点': -0.3, '贵了点': -0.3, '小了点': -0.3,
  // English, positive
  'good': 1, 'great': 1, 'excellent': 1, 'love': 1, 'loved': 1, 'loves': 1, 'perfect': 1, 'perfectly': 1, 'nice': 1, 'happy': 1, 'satisfied': 1, 'recommend': 1,
  'comfortable': 1, 'beautiful': 1, 'fast': 1, 'quick': 1, 'quickly': 1, 'sturdy': 1, 'durable': 1, 'worth': 1, 'helpful': 1, 'friendly': 1, 'amazing': 1,
  'awesome': 1, 'well made': 1, 'as described': 1, 'soft': 1, 'bargain': 1, 'affordable': 1, 'prompt': 1, 'promptly': 1, 'responsive': 1, 'works': 1,
  'fantastic': 1, 'pleased': 1, 'lovely': 1, 'solid': 1, 'exactly': 0.5, 'genuine': 0.5, 'polite': 1, 'resolved': 1, 'well': 0.5, 'flawless': 1, 'impressed': 1,
  'five stars': 1, 'great value': 1, 'good value': 1, 'value for money': 1, 'on time': 1, 'early': 1, 'cheap': 0.3, 'fine': 0.5, 'intact': 1, 'safely': 1, 'securely': 1,
  'carefully': 1, 'nicely': 1, 'accurate': 1, 'just right': 1, 'room to grow': 0.5, 'brilliant': 1,
  // English, negative
  'bad': -1, 'terrible': -1.5, 'awful': -1.5, 'poor': -1, 'poorly': -1, 'worst': -1.5, 'disappointed': -1, 'disappointing': -1, 'broken': -1, 'broke': -1,
  'defective': -1, 'cheaply made': -1, 'flimsy': -1, 'slow': -1, 'late': -1, 'expensive': -1, 'overpriced': -1.5, 'pricey': -1, 'rude': -1.5, 'useless': -1.5,
  'waste': -1.5, 'smell': -0.5, 'smells': -1, 'odor': -1, 'damaged': -1, 'crushed': -1, 'fake': -1.5, 'misleading': -1.5, 'wrong': -1, 'faded': -1,
  'shrank': -1, 'ripped': -1, 'torn': -1, 'scratched': -1, 'scratches': -1, 'leaks': -1, 'leaked': -1, 'stopped working': -1.5, 'unhelpful': -1.5,
  'ignored': -1.5, 'not as described': -1.5, "doesn't match": -1, 'does not match': -1, 'avoid': -1.5, 'regret': -1, 'never arrived': -1.5, 'never came': -1.5,
  'fell apart': -1.5, 'cracked': -1, 'dented': -1, 'counterfeit': -1.5, 'junk': -1.5, 'garbage': -1.5, 'horrible': -1.5, 'pilling': -1, 'rusted': -1,
  'too small': -1, 'too big': -1, 'too large': -1, 'runs small': -0.5, 'runs large': -0.5, 'tight': -0.5, 'missing': -1, 'refund': -0.3, 'return': -0.3,
  'complaint': -1, 'took weeks': -1, 'delayed': -1, 'lost': -1, 'scam': -1.5, 'looks nothing like': -1.5, 'nothing like': -1.5, 'ugly': -1, 'mess': -1, 'worse': -1, 'never received': -1.5, 'still not': -1, 'still nothing': -1.5, 'refused': -1, 'nightmare': -1.5, 'hung up': -1,
  'no response': -1.5, 'too short': -1, 'too narrow': -1, 'hurt': -1, 'hurts': -1, 'chemical smell': -1, "won't go away": -1, 'twice the price': -1,
  'price dropped': -1, 'mediocre': -0.5,
  // English, neutral or mild
  'okay': 0, 'ok': 0, 'average': 0, 'decent': 0, 'acceptable': 0, 'as expected': 0, 'so-so': 0, 'alright': 0, 'nothing special': 0, 'a bit': 0, 'slightly': 0,
  'a little': 0, 'somewhat': 0, 'not bad': 0.5, 'problem': -0.5, 'problems': -0.5, 'issue': -0.5, 'issues': -0.5, 'work': 0.5, 'feels cheap': -1,
  'looks cheap': -1,
};

/** Words that contain a sentiment word but carry none; matched first so they hide it. */
export const IGNORED: string[] = ['快递', '尽快', '赶快', '快点', '好几', '好像', '只好', '好不容易', '假期', '放假', '请假', '紧急', '赶紧', '贵店', '价值', '破费', '差点', '说好', '还没用'];

/** Words that flip the sentiment of the next sentiment word within a short window. */
export const NEGATORS: string[] = [
  '不', '没', '没有', '无', '未', '并不', '不太', '不够', '毫无', '别', '不是', '并没有', '一点也不', '一点都不', '一点都没有', '一点也没有', '从不', '绝不',
  'not', 'no', 'never', 'without', 'hardly', "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "won't", "can't", "couldn't",
  'nothing', 'neither', 'nor', 'barely',
];

/** Words that strengthen the next sentiment word. */
export const INTENSIFIERS: string[] = ['很', '非常', '太', '特别', '超级', '超', '十分', '极', '巨', '真', 'very', 'really', 'so', 'extremely', 'super', 'absolutely', 'totally', 'incredibly'];

/** Words after which the clause carries more weight ("…, but …"). */
export const CONTRAST: string[] = ['但是', '但', '不过', '可是', '然而', '就是', 'but', 'however', 'though', 'although', 'yet'];
