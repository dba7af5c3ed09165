/**
 * Times the engine on its JavaScript kernels in a process of its own, for the peers benchmark (peer-cases.ts's
 * javascriptEngineProcess starts it): V8 optimises the code both kernel paths share for the first path a process
 * runs, so the loops timed beside the SIMD path would carry a slowdown that no user sees (a host runs one path).
 * Answers each { kase, seconds } message with { rate } in images per second.
 */
import { engineWork, peerInputs, rate } from './peer-cases';
import type { Case } from './peer-cases';

const { params, examples } = peerInputs();
const work = engineWork(params, examples, 'javascript');

process.on('message', (request: { kase: Case; seconds: number }) => {
  void rate(work[request.kase], request.seconds).then((value) => process.send?.({ rate: value }));
});
process.on('disconnect', () => process.exit(0));
