import { MAX_NAMED_STATEMENTS, PreparedStatements } from './prepared-statements';

describe(PreparedStatements.name, () => {
  it('names each text once and for good, and never gives two texts one name', () => {
    const statements = new PreparedStatements();
    const first = statements.for('SELECT 1 WHERE $1::int > 0', [1]);
    expect(first).toEqual({ name: expect.stringMatching(/^SELECT [\w-]{27}$/), text: 'SELECT 1 WHERE $1::int > 0', values: [1] });
    expect(statements.for('  with x AS (SELECT 1) SELECT * FROM x', []).name).toMatch(/^WITH /);
    expect(statements.for('SELECT 1 WHERE $1::int > 0', [2])).toEqual({ ...first, values: [2] });
    expect(statements.for('SELECT 2 WHERE $1::int > 0', [1]).name).not.toBe(first.name);
  });

  it('runs texts past the limit unnamed, keeping the ones it named', () => {
    const statements = new PreparedStatements();
    const kept = statements.for('SELECT 0', []).name;
    for (let i = 1; i < MAX_NAMED_STATEMENTS; i++) statements.for(`SELECT ${i}`, []);
    expect(statements.for('SELECT -1', [])).toEqual({ text: 'SELECT -1', values: [] });
    expect(statements.for('SELECT 0', []).name).toBe(kept);
  });
});
