import { datasetAdvice } from '../../src/shared/dataset-advice';
import type { ClassCount } from '../../src/shared/api';

const advise = (...classes: ClassCount[]): string[] =>
  datasetAdvice({ total: classes.reduce((sum, c) => sum + c.train + c.test, 0), classes });

const CURVE =
  'On everyday photos of five people this network named new photos of them right 57% of the time from 3 photos each, ' +
  '72% from 6, 80% from 12 and 85% from 15. About 20 or more per class, in varied light and settings, work best.';

describe('datasetAdvice', () => {
  it('says nothing before there are pictures, or when every class has 20 training pictures and some to test', () => {
    expect(advise()).toEqual([]);
    expect(advise({ name: 'Elon Musk', train: 0, test: 0 })).toEqual([]);
    expect(advise({ name: 'Ada', train: 20, test: 5 }, { name: 'Grace', train: 31, test: 1 })).toEqual([]);
  });

  it('names the class with the fewest training pictures below 20, with the measured curve', () => {
    expect(
      advise(
        { name: 'Ada', train: 19, test: 5 },
        { name: 'Grace', train: 8, test: 2 },
        { name: 'Alan', train: 8, test: 2 },
        { name: 'Jon Snow', train: 0, test: 0 },
      ),
    ).toEqual([`Grace has the fewest training pictures (8). ${CURVE}`]);
  });

  it('counts the pictures of a class alone without comparing it', () => {
    expect(advise({ name: 'Ada', train: 1, test: 1 })).toEqual([`Ada has 1 training picture. ${CURVE}`]);
    expect(advise({ name: 'Ada', train: 12, test: 3 })).toEqual([`Ada has 12 training pictures. ${CURVE}`]);
  });

  it('lists the classes the test split cannot score, and only those with training pictures', () => {
    expect(
      advise(
        { name: 'Ada', train: 25, test: 0 },
        { name: 'Grace', train: 30, test: 4 },
        { name: 'Empty', train: 0, test: 0 },
      ),
    ).toEqual([
      'No test pictures for Ada, so Evaluate and the test curve cannot score it: add more pictures of it or raise ' +
        'the test share, then Split again.',
    ]);
    expect(
      advise({ name: 'A', train: 4, test: 0 }, { name: 'B', train: 5, test: 0 }, { name: 'C', train: 6, test: 0 }),
    ).toEqual([
      'No test pictures for A, B and C, so Evaluate and the test curve cannot score them: add more pictures of ' +
        'them or raise the test share, then Split again.',
      `A has the fewest training pictures (4). ${CURVE}`,
    ]);
  });
});
