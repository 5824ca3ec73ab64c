import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PlainText, toPlainText } from './plain-text';

class Described {
  @PlainText()
  description!: string;
}

describe(toPlainText.name, () => {
  it.each([
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['&amp;lt;b&amp;gt;', '&amp;lt;b&amp;gt;'],
    ['&#60;b&#62; &nbsp; &eacute;', '&#60;b&#62; &nbsp; &eacute;'],
    ['5 < 6 & 7 > 4', '5 < 6 & 7 > 4'],
    ['<3 and "quotes" and \'apostrophes\'', '<3 and "quotes" and \'apostrophes\''],
    ['<b>bold</b>', 'bold'],
    ['  <p>Solid <em>oak</em></p><script>alert(1)</script><style>p{}</style>  ', 'Solid oak'],
  ])('keeps text as typed and removes tags: %j → %j', (input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });

  it('is idempotent: stored text sanitised again stays the same', () => {
    for (const input of ['&lt;b&gt;x&lt;/b&gt;', 'Tom &amp; Jerry', '5 < 6 & 7', 'a &amp;amp; b']) {
      expect(toPlainText(toPlainText(input))).toBe(toPlainText(input));
    }
  });
});

describe(PlainText.name, () => {
  const check = (description: unknown) => {
    const dto = plainToInstance(Described, { description });
    return {
      value: dto.description,
      errors: validateSync(dto)
        .map((error) => Object.values(error.constraints ?? {}))
        .flat(),
    };
  };

  it('accepts what no longer reads as markup', () => {
    expect(check('<i>5</i> < 6 &lt;i&gt;')).toEqual({ value: '5 < 6 &lt;i&gt;', errors: [] });
  });

  it.each(['<<b>script>alert(1)<</b>/script>', '<title><b>bold</b></title>', '<</b>/p>', '<<b>!-- comment -->'])(
    'refuses %j, which still reads as markup once its tags are removed',
    (input) => {
      expect(check(input).errors).toEqual(['description must be plain text; what is left once its tags are removed still reads as markup']);
    },
  );
});
