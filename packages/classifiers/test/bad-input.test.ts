import { describe, expect, it } from 'vitest';
import {
  ClassifierError,
  GradientBoostingClassifier,
  LabelBinarizer,
  LabelEncoder,
  LinearSVC,
  RandomForestClassifier,
} from '@calvaria/classifiers';

const models = [
  [
    'GradientBoostingClassifier',
    () => new GradientBoostingClassifier({ nEstimators: 3 }),
  ],
  ['RandomForestClassifier', () => new RandomForestClassifier({ nEstimators: 3 })],
  ['LinearSVC', () => new LinearSVC()],
] as const;

const x = new Float32Array([0, 1, 1, 0, 2, 2, 3, 1, 0, 0, 5, 5]);
const y = [0, 1, 0, 1, 0, 1];

async function codeOf(action: () => unknown): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(ClassifierError);
    return (error as ClassifierError).code;
  }
  return undefined;
}

describe('bad input', () => {
  for (const [name, make] of models) {
    describe(name, () => {
      it('rejects NaN and infinite features with NON_FINITE_FEATURE', async () => {
        const bad = x.slice();
        bad[3] = NaN;
        expect(await codeOf(() => make().fit(bad, y))).toBe('NON_FINITE_FEATURE');
        bad[3] = Infinity;
        expect(await codeOf(() => make().fit(bad, y))).toBe('NON_FINITE_FEATURE');
        const model = await make().fit(x, y);
        expect(await codeOf(() => model.predict([[0, -Infinity]]))).toBe(
          'NON_FINITE_FEATURE',
        );
      });

      it('rejects a single class with SINGLE_CLASS', async () => {
        expect(await codeOf(() => make().fit(x, [1, 1, 1, 1, 1, 1]))).toBe(
          'SINGLE_CLASS',
        );
      });

      it('rejects mismatched lengths with MISMATCHED_LENGTHS', async () => {
        expect(await codeOf(() => make().fit(x, [0, 1, 0, 1, 0]))).toBe(
          'MISMATCHED_LENGTHS',
        );
        expect(await codeOf(() => make().fit([[1, 2], [3]], [0, 1]))).toBe(
          'MISMATCHED_LENGTHS',
        );
        const model = await make().fit(x, y);
        expect(await codeOf(() => model.predict(new Float32Array(3)))).toBe(
          'MISMATCHED_LENGTHS',
        );
        expect(await codeOf(() => model.predict([[1, 2, 3]]))).toBe('MISMATCHED_LENGTHS');
        expect(await codeOf(() => make().fit(x, y, { sampleWeight: [1, 2] }))).toBe(
          'MISMATCHED_LENGTHS',
        );
      });

      it('rejects corrupt model files with CORRUPT_MODEL', async () => {
        const model = await make().fit(x, y);
        const json = model.toJSON() as unknown as Record<string, unknown>;
        const load = (o: unknown): unknown =>
          name === 'GradientBoostingClassifier'
            ? GradientBoostingClassifier.fromJSON(o)
            : name === 'RandomForestClassifier'
              ? RandomForestClassifier.fromJSON(o)
              : LinearSVC.fromJSON(o);
        expect(await codeOf(() => load('{not json'))).toBe('CORRUPT_MODEL');
        expect(await codeOf(() => load({ ...json, version: 99 }))).toBe('CORRUPT_MODEL');
        expect(await codeOf(() => load({ ...json, model: 'Other' }))).toBe(
          'CORRUPT_MODEL',
        );
        expect(await codeOf(() => load({ ...json, classes: [1] }))).toBe('CORRUPT_MODEL');
        const damaged = JSON.parse(JSON.stringify(json));
        if (damaged.trees) damaged.trees[0].left = damaged.trees[0].left.slice(1);
        else damaged.coef = damaged.coef.slice(1);
        expect(await codeOf(() => load(damaged))).toBe('CORRUPT_MODEL');
        expect(await codeOf(() => load(JSON.stringify(json)))).toBeUndefined();
      });
    });
  }

  it('rejects validation labels unseen at fit time with UNSEEN_LABEL', async () => {
    const model = new GradientBoostingClassifier({ nEstimators: 2 });
    expect(
      await codeOf(() => model.fit(x, y, { evalSet: { x, y: [0, 1, 2, 0, 1, 0] } })),
    ).toBe('UNSEEN_LABEL');
  });

  it('rejects a tree whose child links point backwards (a loop) with CORRUPT_MODEL', async () => {
    const model = await new GradientBoostingClassifier({
      nEstimators: 1,
      minChildWeight: 0,
    }).fit(x, y);
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const tree = json.trees.find((t: { feature: number[] }) => t.feature[0] >= 0);
    tree.left[0] = 0;
    expect(await codeOf(() => GradientBoostingClassifier.fromJSON(json))).toBe(
      'CORRUPT_MODEL',
    );
  });

  it('refuses to predict before fitting with NOT_FITTED', async () => {
    expect(await codeOf(() => new LinearSVC().predict(x))).toBe('NOT_FITTED');
  });
});

describe('LabelEncoder', () => {
  it('sorts numbers numerically and strings by code point, as numpy.unique does', () => {
    expect(new LabelEncoder().fit([10, 2, 33, 2]).classes).toEqual([2, 10, 33]);
    expect(new LabelEncoder().fit(['b', 'B', 'a']).classes).toEqual(['B', 'a', 'b']);
  });

  it('maps labels to indices and back', () => {
    const enc = new LabelEncoder().fit(['none', 'linear', 'depressed']);
    expect(Array.from(enc.transform(['linear', 'none']))).toEqual([1, 2]);
    expect(enc.inverseTransform([0, 2])).toEqual(['depressed', 'none']);
  });

  it('rejects unseen labels with UNSEEN_LABEL and mixed label types', () => {
    const enc = new LabelEncoder().fit([0, 1]);
    expect(() => enc.transform([2])).toThrow(
      expect.objectContaining({ code: 'UNSEEN_LABEL' }),
    );
    expect(() => new LabelEncoder().fit([0, 'a'])).toThrow(ClassifierError);
  });
});

describe('LabelBinarizer', () => {
  it('one-hot encodes three classes and uses one column for two, as scikit-learn does', () => {
    const three = new LabelBinarizer().fit([0, 1, 2]).transform([2, 0]);
    expect(three.cols).toBe(3);
    expect(Array.from(three.values)).toEqual([0, 0, 1, 1, 0, 0]);
    const two = new LabelBinarizer().fit(['no', 'yes']).transform(['yes', 'no', 'yes']);
    expect(two.cols).toBe(1);
    expect(Array.from(two.values)).toEqual([1, 0, 1]);
  });

  it('decodes scores by the largest column', () => {
    const lb = new LabelBinarizer().fit(['a', 'b', 'c']);
    expect(lb.inverseTransform([0.1, 0.7, 0.2, 0.5, 0.1, 0.4], 3)).toEqual(['b', 'a']);
  });
});
