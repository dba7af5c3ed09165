/**
 * The sidebar's only way to reach the server: google.script.run, wrapped in one typed promise per call.
 * In Google Sheets HtmlService provides google.script.run; the local playground injects a shim over HTTP.
 */
import type { ServerApi } from '../src/shared/api';

type Method = keyof ServerApi;

/** The part of google.script.run this page uses (each with* call returns a new runner). */
interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
}

interface ScriptGlobal {
  google?: { script?: { run?: ScriptRunner } };
}

function scriptRunner(): ScriptRunner {
  const run = (globalThis as ScriptGlobal).google?.script?.run;
  if (run === undefined) {
    throw new Error(
      'This page talks to Sheet CNN through google.script.run, which is missing: open it from the add-on menu in Google Sheets, or from the local playground (npm start).',
    );
  }
  return run;
}

/** A server error arrives as an Error (google.script.run) or, rarely, a plain value; keep its message. */
function toError(failure: unknown): Error {
  if (failure instanceof Error) return failure;
  if (
    typeof failure === 'object' &&
    failure !== null &&
    typeof (failure as { message?: unknown }).message === 'string'
  ) {
    return new Error((failure as { message: string }).message);
  }
  return new Error(String(failure));
}

/** Told when each call starts and when it has settled (answered or failed). */
export interface CallObserver {
  started(name: Method): void;
  settled(name: Method): void;
}

const observers: CallObserver[] = [];

export function observeCalls(observer: CallObserver): void {
  observers.push(observer);
}

/** Calls a server endpoint; resolves with its answer, rejects with the server's error message. */
export function call<K extends Method>(name: K, ...args: Parameters<ServerApi[K]>): Promise<ReturnType<ServerApi[K]>> {
  observers.forEach((o) => o.started(name));
  const answer = send(name, args);
  const settled = (): void => observers.forEach((o) => o.settled(name));
  answer.then(settled, settled);
  return answer;
}

function send<K extends Method>(name: K, args: Parameters<ServerApi[K]>): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    let runner: ScriptRunner;
    try {
      runner = scriptRunner();
    } catch (error) {
      reject(toError(error));
      return;
    }
    const ready = runner
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((failure) => reject(toError(failure)));
    const target = (ready as unknown as Record<string, (...a: unknown[]) => void>)[name];
    if (typeof target !== 'function') {
      reject(new Error(`The server has no endpoint named ${name}; reload the sidebar after updating the add-on.`));
      return;
    }
    target.apply(ready, args);
  });
}
