/**
 * How long a call waits for the document lock before telling the person the model is busy: long enough for
 * a short change by someone else to finish, short of a whole training call.
 */
export const LOCK_WAIT_MS = 5000;
