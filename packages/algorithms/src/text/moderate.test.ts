import { describe, expect, it } from 'vitest';
import { foldForModeration, moderateText } from './moderate.js';
import { DEFAULT_MODERATION_LIST } from './moderation-list.js';

describe('moderateText', () => {
  it('allows ordinary text', () => {
    expect(moderateText('质量很好，第一次买就很满意', { kind: 'review' })).toEqual({ action: 'allow', severity: null, hits: [] });
    expect(moderateText('A sturdy cabinet, methods of assembly are clear.', { kind: 'review' }).hits).toEqual([]);
  });

  it('blocks prohibited terms written plainly and obfuscated', () => {
    for (const text of ['出售冰毒', '出售 冰 毒', '出售冰.毒', '冰\u200b毒', '好评返现', '好 评 返 现！', '好\u3000评\uff0c返\uff0e现']) {
      const r = moderateText(text);
      expect(r.action, text).toBe('block');
      expect(r.severity, text).toBe('high');
    }
  });

  it('catches English variants with spaces, punctuation, full-width letters, case and digit swaps', () => {
    for (const text of ['selling cocaine', 'C O C A I N E here', 'c.o.c.a.i.n.e', 'ＣＯＣＡＩＮＥ', 'C0CA1NE', 'cash for review!', 'ca$h-f0r-rev1ew']) {
      expect(moderateText(text).action, text).toBe('block');
    }
    // Word boundaries of the original text stop false hits inside longer words.
    expect(moderateText('methods, methyl, something').action).toBe('allow');
  });

  it('sends contact details and links to review, with the excerpt as written', () => {
    const r = moderateText('便宜出，加 V 信也行，加ｖｘ：abc123，电话 138-1234-5678', { kind: 'review' });
    expect(r.action).toBe('review');
    expect(r.hits.map((h) => h.excerpt)).toEqual(['加 V', '加ｖｘ', '138-1234-5678']);
    expect(new Set(r.hits.map((h) => h.ruleId))).toEqual(new Set(['off-platform-contact']));
    expect(moderateText('see www.example.com').action).toBe('review');
    expect(moderateText('shop at cheap-deals . com now').action).toBe('review');
  });

  it('applies advertising-law terms to listings only, with exceptions', () => {
    expect(moderateText('全网最低价，国家级品质', { kind: 'product' }).hits.map((h) => h.term)).toEqual(['国家级', '全网最低']);
    expect(moderateText('全网最低价，国家级品质', { kind: 'review' }).action).toBe('allow');
    expect(moderateText('第一次买，最好看的一款', { kind: 'product' }).action).toBe('allow');
    expect(moderateText('我们是第 一 品牌', { kind: 'product' }).action).toBe('review');
  });

  it('records mild language without acting on it, and takes the strictest action', () => {
    const mild = moderateText('真是垃圾', { kind: 'review' });
    expect(mild).toMatchObject({ action: 'allow', severity: 'low', hits: [{ ruleId: 'mild-language' }] });
    const both = moderateText('垃圾，刷单的吧', { kind: 'review' });
    expect(both.action).toBe('block');
    expect(both.severity).toBe('high');
  });

  it('takes a custom list', () => {
    const list = { ...DEFAULT_MODERATION_LIST, rules: [{ id: 'x', category: 'brand', severity: 'medium' as const, action: 'review' as const, terms: ['竞品牌'], note: '' }] };
    expect(moderateText('比竞 品 牌好', { list }).action).toBe('review');
    expect(moderateText('出售冰毒', { list }).action).toBe('allow');
  });

  it('folds full-width forms, case and punctuation', () => {
    expect(foldForModeration('Ａ-b Ｃ，中！').plain).toBe('abc中!');
  });
});
