// The maintained moderation list. Terms are written plainly (lower case, half-width, no spaces):
// the matcher folds full-width forms, case, spaces, punctuation, zero-width characters and
// common digit-for-letter swaps before comparing, so variants need no entries of their own.
// How to maintain it: docs/compliance.md, "Content moderation".

export type ModerationSeverity = 'high' | 'medium' | 'low';
export type ModerationAction = 'block' | 'review' | 'allow';
export type ContentKind = 'product' | 'review' | 'ticket';

export interface ModerationRule {
  id: string;
  category: string;
  severity: ModerationSeverity;
  action: ModerationAction;
  /** Keywords (matched on the folded text). */
  terms?: string[];
  /** Regular expressions (source, matched on the folded text without digit swaps). */
  patterns?: string[];
  /** Content kinds the rule applies to; all when absent. */
  appliesTo?: ContentKind[];
  note: string;
}

export interface ModerationList {
  version: string;
  rules: ModerationRule[];
  /** Harmless words that contain a listed term (第一次 contains 第一); masked before matching. */
  exceptions: string[];
}

export const DEFAULT_MODERATION_LIST: ModerationList = {
  version: '2026-11-24',
  rules: [
    {
      id: 'prohibited-goods', category: 'prohibited_goods', severity: 'high', action: 'block',
      terms: ['枪支', '仿真枪', '弹药', '毒品', '冰毒', '大麻', '迷药', '迷幻药', '假证', '办证', '假币', '窃听器', '代开发票', '增值税发票出售',
        'cocaine', 'heroin', 'meth', 'fakeid', 'counterfeitmoney', 'gunpowder'],
      note: '禁售商品 (prohibited goods under platform rules and PRC law)',
    },
    {
      id: 'review-fraud', category: 'fraud', severity: 'high', action: 'block',
      terms: ['刷单', '好评返现', '返现好评', '五星返现', '晒图返现', '刷信誉', 'cashforreview', 'refundforreview', 'freeproductforreview'],
      note: '刷单/好评返现: incentivised reviews are prohibited (反不正当竞争法 art. 8)',
    },
    {
      id: 'off-platform-contact', category: 'off_platform_contact', severity: 'medium', action: 'review',
      terms: ['加微信', '加v', '加vx', '微信号', 'vx号', '私聊', '加qq', 'qq群', '扫码加', 'whatsapp', 'telegram', 'wechatme'],
      // Patterns see the text with spaces and punctuation kept (NFKC, lower case, zero-width removed).
      patterns: ['(?<![0-9])1[3-9](?:[\\s-]*[0-9]){9}(?![0-9])', 'https?\\s*:\\s*/\\s*/', 'www\\s*[.。]', '[a-z0-9-]+\\s*[.。]\\s*(?:com|cn|net)(?![a-z])'],
      note: 'moving a buyer off the platform: contact details, phone numbers, links',
    },
    {
      id: 'absolute-claims', category: 'advertising_law', severity: 'medium', action: 'review', appliesTo: ['product'],
      terms: ['最好', '最佳', '第一', '国家级', '世界级', '顶级', '极品', '万能', '根治', '百分百有效', '100%有效', '无副作用', '全网最低',
        'bestintheworld', 'numberone', 'guaranteedcure', '100%effective', 'nosideeffects', 'cheapestanywhere'],
      note: '广告法 第9条 absolute terms and medical claims in listings',
    },
    {
      id: 'abuse', category: 'abuse', severity: 'medium', action: 'review',
      terms: ['傻逼', '傻b', '煞笔', '去死', '脑残', '滚蛋', 'fuck', 'asshole', 'bitch', 'retard'],
      note: 'insults and profanity; reviewed rather than deleted so a genuine complaint is not lost',
    },
    {
      id: 'mild-language', category: 'mild_language', severity: 'low', action: 'allow',
      terms: ['垃圾', '坑爹', 'crap', 'sucks', 'stupid'],
      appliesTo: ['review', 'ticket'],
      note: 'strong but acceptable words in reviews; recorded, not acted on',
    },
  ],
  exceptions: ['第一次', '第一天', '第一个', '第一眼', '第一印象', '大麻绳', '最好看', '最好用', '最好的一次', '最佳赏味', 'methods', 'method', 'methyl'],
};
