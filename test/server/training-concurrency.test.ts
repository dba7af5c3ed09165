/**
 * Two people on one spreadsheet: Bob presses Train (or Step, Reset, Evaluate, Build model, Import, adds
 * pictures, changes a class) while Ada's training call holds the document lock. Bob is told the model is
 * busy and by whom, his call writes nothing, and Ada's training ends exactly where it would have alone.
 */
import type { Host } from '../../src/server/host';
import { createServer } from '../../src/server';
import type { ServerApi, TrainProgress } from '../../src/shared/api';
import { CHANGING_METHODS, CountingWorkbook } from '../../src/sheet/counting-workbook';
import { readParams } from '../../src/sheet/weight-sheets';
import { maxParamDifference, referenceRun, request, smallSetup, trainUntilDone } from './training-fixture';
import type { TrainingSetup } from './training-fixture';

/** The changing Workbook calls (writes, formatting) made through `counting`. */
function changesMadeBy(counting: CountingWorkbook): string[] {
  const counts = counting.counts();
  return CHANGING_METHODS.filter((method) => (counts[method] ?? 0) > 0);
}

/** Bob: his own view of the same workbook (counted separately) and the same document lock as Ada. */
function secondPerson(setup: TrainingSetup, userName: string): { api: ServerApi; counting: CountingWorkbook } {
  const counting = new CountingWorkbook(setup.inner);
  const host: Host = { workbook: counting, lock: setup.host.lock, now: () => Date.now(), userName: () => userName };
  return { api: createServer(host), counting };
}

/** Runs `during` once, from inside Ada's next training call (her clock is read while she holds the lock). */
function duringAdasCall<T>(setup: TrainingSetup, during: () => T): { ada: TrainProgress; result: T } {
  let result: { value: T } | null = null;
  let readings = 0;
  setup.host.setClock(() => {
    readings++;
    if (readings === 3 && result === null) result = { value: during() };
    return Date.now();
  });
  const req = request('momentum', 0.05, 3, 4);
  const ada = setup.api.trainBatch(req);
  setup.host.setClock(() => Date.now());
  if (result === null) throw new Error('the second call never ran inside the first');
  return { ada, result: (result as { value: T }).value };
}

describe('two people training the same model', () => {
  it('the second is told who is training, writes nothing, and the first run ends as if alone', () => {
    const setup = smallSetup(5);
    const bob = secondPerson(setup, 'Bob');
    const req = request('momentum', 0.05, 3, 4);
    setup.api.trainBatch(request('momentum', 0.05, 3, 1)); // Ada trains one epoch first, so Bob's answer has a log to show.
    bob.counting.reset();

    const { ada, result: bobs } = duringAdasCall(setup, () => bob.api.trainBatch(req));
    expect(ada.status).not.toBe('busy');
    expect(bobs.status).toBe('busy');
    expect(bobs.message).toMatch(/^The model is busy: Ada is training the model \(started \d+ s ago\)/);
    // Bob sees the progress saved before Ada's call: one epoch.
    expect(bobs.epoch).toBe(1);
    expect(bobs.log.length).toBe(1);
    expect(changesMadeBy(bob.counting)).toEqual([]);

    // Ada finishes; her weights are the engine's, untouched by Bob's attempt.
    const answers = trainUntilDone(setup.api, req);
    expect(answers[answers.length - 1].status).toBe('done');
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'momentum', 0.05, 3, 4);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[reference.params.length - 1])).toBe(
      0,
    );

    // Once Ada is done, Bob can work.
    expect(bob.api.trainBatch(req).status).toBe('done');
  });

  it('names "someone" when the account hides its name, and step, reset and evaluate are refused the same way', () => {
    const setup = smallSetup(6);
    const anonymous = secondPerson(setup, '');
    const hidden = createServer({ ...setup.host, userName: () => '' });
    const { result } = duringAdasCall(setup, () => ({
      step: anonymous.api.stepOnce(request('sgd', 0.1, 2, 1)),
      reset: (() => {
        try {
          anonymous.api.resetWeights(3);
          return 'reset ran';
        } catch (error) {
          return (error as Error).message;
        }
      })(),
      evaluate: (() => {
        try {
          anonymous.api.evaluate();
          return 'evaluate ran';
        } catch (error) {
          return (error as Error).message;
        }
      })(),
    }));
    expect(result.step.status).toBe('busy');
    expect(result.reset).toMatch(/^The model is busy: Ada is training the model/);
    expect(result.evaluate).toMatch(/^The model is busy: Ada is training the model/);
    expect(changesMadeBy(anonymous.counting)).toEqual([]);

    // A trainer whose account hides the name is "Someone" to the others.
    const { result: busy } = duringAdasCall({ ...setup, api: hidden }, () =>
      anonymous.api.trainBatch(request('sgd', 0.1, 2, 9)),
    );
    expect(busy.message).toMatch(/^The model is busy: Someone is training the model/);
  });

  it('refuses changes to the model and the dataset while Ada trains, naming her, and her run ends as if alone', () => {
    const setup = smallSetup(8);
    const bob = secondPerson(setup, 'Bob');
    const picture = { name: 'bob.png', width: 5, height: 5, rgbBase64: Buffer.alloc(75, 7).toString('base64') };
    const attempts: Record<string, () => unknown> = {
      buildModel: () => bob.api.buildModel({ specName: 'small', mode: 'native', seed: 2 }),
      importImage: () => bob.api.importImage(picture),
      setLabel: () => bob.api.setLabel(1),
      runForwardPass: () => bob.api.runForwardPass(),
      addPictures: () => bob.api.addPictures({ label: 'Jon Snow', pictures: [picture] }),
      addClass: () => bob.api.addClass('Arya'),
      renameClass: () => bob.api.renameClass(0, 'Elon'),
      removeClass: () => bob.api.removeClass(2),
      splitDataset: () => bob.api.splitDataset(0.5, 3),
    };
    const req = request('momentum', 0.05, 3, 4);
    bob.counting.reset();
    const { result: refusals } = duringAdasCall(setup, () =>
      Object.entries(attempts).map(([name, attempt]) => {
        try {
          attempt();
          return `${name} ran`;
        } catch (error) {
          return `${name}: ${(error as Error).message}`;
        }
      }),
    );
    refusals.forEach((refusal, i) => {
      expect(refusal).toMatch(
        new RegExp(
          `^${Object.keys(attempts)[i]}: The model is busy: Ada is training the model \\(started \\d+ s ago\\)\\. Try again when they pause or finish\\.$`,
        ),
      );
    });
    expect(changesMadeBy(bob.counting)).toEqual([]);

    trainUntilDone(setup.api, req);
    const reference = referenceRun(setup.spec, setup.seed, setup.train, 'momentum', 0.05, 3, 4);
    expect(maxParamDifference(readParams(setup.inner, setup.spec), reference.params[reference.params.length - 1])).toBe(
      0,
    );
    expect(setup.host.lock.isHeld()).toBe(false);
  });

  it('is busy, naming nobody, while another kind of change holds the lock before anyone has trained', () => {
    const setup = smallSetup(7);
    const bob = secondPerson(setup, 'Bob');
    expect(setup.host.lock.tryLock(0)).toBe(true); // e.g. pictures being added
    const answer = bob.api.trainBatch(request('sgd', 0.1, 2, 1));
    setup.host.lock.releaseLock();
    expect(answer).toEqual(expect.objectContaining({ status: 'busy', epoch: 0, step: 0, log: [] }));
    expect(answer.message).toBe(
      'The model is busy: someone is training it or saving a change to it. Try again in a moment.',
    );
    expect(changesMadeBy(bob.counting)).toEqual([]);
  });
});
