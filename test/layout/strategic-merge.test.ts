import { strategicMergePatch } from '../../src/layout/strategic-merge';

describe('strategicMergePatch', () => {
  test('is undefined for equal objects', () => {
    expect(strategicMergePatch({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toBeUndefined();
  });

  test('keeps only changed and added fields', () => {
    expect(strategicMergePatch(
      { metadata: { name: 'x', labels: { a: '1' } }, data: { k: 'old', same: 's' } },
      { metadata: { name: 'x', labels: { a: '1' }, annotations: { r: 'arn' } }, data: { k: 'new', same: 's' } },
    )).toEqual({ metadata: { annotations: { r: 'arn' } }, data: { k: 'new' } });
  });

  test('merges containers and env by name', () => {
    const base = { containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }] }, { name: 'd', image: 'j' }] };
    const target = { containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'd', image: 'j' }] };
    expect(strategicMergePatch(base, target)).toEqual({ containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] });
  });

  test('replaces lists without a merge key whole', () => {
    expect(strategicMergePatch({ args: ['a', 'b'] }, { args: ['a', 'c'] })).toEqual({ args: ['a', 'c'] });
  });

  test('refuses to express removals', () => {
    expect(() => strategicMergePatch({ a: 1, b: 2 }, { a: 1 })).toThrow(/removes/);
    expect(() => strategicMergePatch({ env: [{ name: 'A' }] }, { env: [] })).toThrow(/removes env item "A"/);
  });
});
