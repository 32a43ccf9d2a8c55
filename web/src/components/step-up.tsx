import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { errorExtensions } from '../errors';
import { REAUTHENTICATE } from '../pages/operations';
import { useSession } from '../session/session-context';
import { CodeField, Field, Notice, Submit, submitted } from './form';
import { useAction } from './use-action';

type Ask = () => Promise<boolean>;
const StepUpContext = createContext<Ask | null>(null);

/**
 * Sensitive changes answer REAUTHENTICATION_REQUIRED when this session signed in too long ago: the
 * provider then asks for the password (and a code while two-factor is on) in a dialog, and the
 * change is sent once more after `reauthenticate` succeeds.
 */
export function StepUpProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<((confirmed: boolean) => void) | null>(null);
  const ask = useCallback(() => new Promise<boolean>((resolve) => setPending(() => resolve)), []);
  const done = (confirmed: boolean) => {
    pending?.(confirmed);
    setPending(null);
  };
  return (
    <StepUpContext.Provider value={ask}>
      {children}
      {pending && <StepUpDialog onDone={done} />}
    </StepUpContext.Provider>
  );
}

/** Runs a change; on REAUTHENTICATION_REQUIRED asks the person to confirm it is them, then runs it again. */
export function useStepUp(): <T>(change: () => Promise<T>) => Promise<T> {
  const ask = useContext(StepUpContext);
  if (!ask) throw new Error('useStepUp outside StepUpProvider');
  return useCallback(
    async <T,>(change: () => Promise<T>): Promise<T> => {
      try {
        return await change();
      } catch (error) {
        if (errorExtensions(error)?.code !== 'REAUTHENTICATION_REQUIRED' || !(await ask())) throw error;
        return change();
      }
    },
    [ask],
  );
}

const WRONG = { UNAUTHENTICATED: 'That password or code is not right.' };

function StepUpDialog({ onDone }: { onDone: (confirmed: boolean) => void }) {
  const { state, client } = useSession();
  const withCode = state.status === 'signed-in' && state.user.twoFactorEnabled;
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { run, busy, problem } = useAction(async () => {
    await client.mutate({ mutation: REAUTHENTICATE, variables: { password, code: withCode ? code : undefined } });
    onDone(true);
  }, WRONG);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="step-up-title" onCancel={() => onDone(false)}>
      <h2 id="step-up-title">Confirm it is you</h2>
      <p className="muted">
        This change needs a recent sign-in. Please enter your password{withCode && ' and a code'}.
      </p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem?.fields.password}
        />
        {withCode && (
          <CodeField
            acceptsRecovery
            value={code}
            onChange={setCode}
            error={problem?.fields.code}
            hint="From your authenticator app, or a recovery code."
          />
        )}
        <Notice problem={problem} />
        <div className="actions">
          <Submit busy={busy}>Confirm</Submit>
          <button type="button" className="button button-secondary" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
