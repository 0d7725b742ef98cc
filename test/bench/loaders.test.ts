import { describe, expect, it } from 'vitest';
import { codePointToUtf16, spanToUtf16 } from '../../bench/loaders/code-points.js';
import { parseAnnotationXml } from '../../bench/loaders/pan-xml.js';

describe('code-point offsets → UTF-16', () => {
  it('is the identity on BMP-only text such as Arabic', () => {
    const f = codePointToUtf16('مرحبا بالعالم');
    expect([0, 5, 13, 99].map(f)).toEqual([0, 5, 13, 13]);
  });

  it('shifts offsets after a surrogate pair by one per astral character', () => {
    // 'a😀b😀c': code points a,😀,b,😀,c → UTF-16 0,1,3,4,6
    const text = 'a\u{1F600}b\u{1F600}c';
    const f = codePointToUtf16(text);
    expect([0, 1, 2, 3, 4, 5].map(f)).toEqual([0, 1, 3, 4, 6, 7]);
    const span = spanToUtf16(f, 2, 2); // 'b😀'
    expect(text.slice(span.offset, span.offset + span.length)).toBe('b\u{1F600}');
  });
});

describe('PAN annotation XML', () => {
  it('reads features whatever the attribute order, skipping other features', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<document reference="suspicious-document00005.txt">
<feature name="about" authors="x"/>
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" source_reference="source-document01090.txt" this_length="698" this_offset="3593" type="artificial" />
<feature name="plagiarism" this_offset="1" this_length="2" source_reference="a&amp;b.txt" source_offset="3" source_length="4" obfuscation="word shuffling"/>
</document>`;
    expect(parseAnnotationXml(xml)).toEqual({
      reference: 'suspicious-document00005.txt',
      features: [
        { thisOffset: 3593, thisLength: 698, sourceReference: 'source-document01090.txt', sourceOffset: 1300, sourceLength: 698, obfuscation: 'none' },
        { thisOffset: 1, thisLength: 2, sourceReference: 'a&b.txt', sourceOffset: 3, sourceLength: 4, obfuscation: 'word shuffling' },
      ],
    });
  });
});
