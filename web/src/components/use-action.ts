import { useCallback, useRef, useState } from 'react';
import { describeError, type Problem, type Wording } from '../errors';

/**
 * One form's submission: busy while it runs (the button is disabled, so a double click sends one
 * request), then its problem in plain words, or its result.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, wording?: Wording) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setProblem(null);
      try {
        return await action(...args);
      } catch (error) {
        setProblem(describeError(error, wording));
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action, wording],
  );
  return { run, busy, problem, setProblem };
}
