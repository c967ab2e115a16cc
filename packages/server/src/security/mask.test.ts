import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskName, maskPhone } from './mask.js';

describe('masking', () => {
  it('masks the way Chinese consoles show personal data', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86****5678');
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
    expect(maskAddress('浙江省杭州市西湖区文三路 100 号')).toBe('浙江省杭州市********');
  });

  it('never returns the input unchanged', () => {
    for (const v of ['1', '123', 'a@b.c', 'x', '某地']) {
      expect(maskPhone(v)).not.toBe(v);
      expect(maskName(v)).not.toBe(v);
      expect(maskAddress(v)).not.toBe(v);
    }
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});
