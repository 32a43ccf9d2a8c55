import { useState } from 'react';
import { LinkedAccounts } from '../identity-providers/linked-accounts';
import { Field, Notice, Submit, submitted } from '../components/form';
import { StepUpProvider, useStepUp } from '../components/step-up';
import { useAction } from '../components/use-action';
import { navigate } from '../router';
import { useSession } from '../session/session-context';
import { CHANGE_PASSWORD, DELETE_ACCOUNT, UPDATE_PROFILE } from './operations';
import { PasskeysSection } from './passkeys';
import { TwoFactorSection } from './two-factor';

// On these forms UNAUTHENTICATED answers the password the person typed, not the session.
const WRONG_PASSWORD = { UNAUTHENTICATED: 'That password is not right.' };

export function AccountPage() {
  return (
    <StepUpProvider>
      <div className="stack">
        <h1 className="page-title">Account</h1>
        <RenameForm />
        <ChangePasswordForm />
        <TwoFactorSection />
        <PasskeysSection />
        <LinkedAccounts />
        <DeleteAccountForm />
      </div>
    </StepUpProvider>
  );
}

function RenameForm() {
  const { state, store, client } = useSession();
  const [name, setName] = useState(state.status === 'signed-in' ? state.user.name : '');
  const [saved, setSaved] = useState(false);
  const { run, busy, problem } = useAction(async () => {
    setSaved(false);
    const { data } = await client.mutate({ mutation: UPDATE_PROFILE, variables: { input: { name } } });
    if (!data) return;
    store.viewerLoaded(data.updateProfile);
    setSaved(true);
  });
  return (
    <section className="card" aria-labelledby="rename-title">
      <h2 id="rename-title">Your name</h2>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problem?.fields.name}
        />
        <Notice problem={problem} success={saved && 'Your name is saved.'} />
        <Submit busy={busy}>Save name</Submit>
      </form>
    </section>
  );
}

function ChangePasswordForm() {
  const { store, client } = useSession();
  const stepUp = useStepUp();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [changed, setChanged] = useState(false);
  const { run, busy, problem } = useAction(async () => {
    setChanged(false);
    const { data } = await stepUp(() =>
      client.mutate({ mutation: CHANGE_PASSWORD, variables: { input: { currentPassword, newPassword } } }),
    );
    if (!data) return;
    // Fresh cookies for this session; every other session has ended.
    store.signedIn(data.changePassword);
    setCurrent('');
    setNew('');
    setChanged(true);
  }, WRONG_PASSWORD);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p className="muted">Every other session ends; this device stays signed in.</p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Current password"
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={problem?.fields.currentPassword ?? (problem?.code === 'UNAUTHENTICATED' ? problem.message : undefined)}
        />
        <Field
          label="New password"
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={problem?.fields.newPassword}
        />
        <Notice
          problem={problem?.code === 'UNAUTHENTICATED' ? null : problem}
          success={changed && 'Your password is changed, and every other session has ended.'}
        />
        <Submit busy={busy}>Change password</Submit>
      </form>
    </section>
  );
}

function DeleteAccountForm() {
  const { store, client } = useSession();
  const stepUp = useStepUp();
  const [password, setPassword] = useState('');
  const { run, busy, problem } = useAction(async () => {
    await stepUp(() => client.mutate({ mutation: DELETE_ACCOUNT, variables: { password } }));
    store.signedOut(false, 'Your account has been deleted.');
    navigate('/', { replace: true });
  }, WRONG_PASSWORD);
  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete account</h2>
      <p className="muted">This removes your account and ends every session. It cannot be undone.</p>
      <form onSubmit={submitted(() => void run())} noValidate>
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem?.fields.password ?? (problem?.code === 'UNAUTHENTICATED' ? problem.message : undefined)}
          hint="Type your password to confirm."
        />
        <Notice problem={problem?.code === 'UNAUTHENTICATED' ? null : problem} />
        <Submit busy={busy} variant="danger">
          Delete account
        </Submit>
      </form>
    </section>
  );
}
