import { useState } from 'react';
import { CodeField, Notice, Submit, submitted } from '../components/form';
import { useStepUp } from '../components/step-up';
import { useAction } from '../components/use-action';
import { useSession } from '../session/session-context';
import {
  CONFIRM_TWO_FACTOR_SETUP,
  DISABLE_TWO_FACTOR,
  REGENERATE_RECOVERY_CODES,
  START_TWO_FACTOR_SETUP,
} from './operations';
import { RecoveryCodes } from './recovery-codes';

interface Setup {
  secret: string;
  qrCodeSvg: string;
}

/** Account → Two-factor: set it up with an authenticator app, keep the recovery codes, or turn it off. */
export function TwoFactorSection() {
  const { state } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const enabled = state.status === 'signed-in' && state.user.twoFactorEnabled;

  let body;
  if (codes) body = <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  else if (setup)
    body = (
      <ConfirmSetup
        setup={setup}
        onCancel={() => setSetup(null)}
        onConfirmed={(fresh) => {
          setSetup(null);
          setCodes(fresh);
        }}
      />
    );
  else if (enabled) body = <TurnedOn onCodes={setCodes} />;
  else body = <TurnedOff onSetup={setSetup} />;

  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">
        Two-factor authentication{' '}
        {enabled ? <span className="badge badge-ok">On</span> : <span className="badge badge-warn">Off</span>}
      </h2>
      {body}
    </section>
  );
}

function TurnedOff({ onSetup }: { onSetup: (setup: Setup) => void }) {
  const { client } = useSession();
  const stepUp = useStepUp();
  const { run, busy, problem } = useAction(async () => {
    const { data } = await stepUp(() => client.mutate({ mutation: START_TWO_FACTOR_SETUP }));
    if (data) onSetup(data.startTwoFactorSetup);
  });
  return (
    <>
      <p className="muted">
        Ask for a code from an authenticator app (1Password, Google Authenticator, Aegis…) at every login, so a password
        alone is not enough to get in.
      </p>
      <Notice problem={problem} />
      <button type="button" className="button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        Turn on two-factor
      </button>
    </>
  );
}

function ConfirmSetup({
  setup,
  onCancel,
  onConfirmed,
}: {
  setup: Setup;
  onCancel: () => void;
  onConfirmed: (codes: string[]) => void;
}) {
  const { state, store, client } = useSession();
  const [code, setCode] = useState('');
  const { run, busy, problem } = useAction(async () => {
    const { data } = await client.mutate({ mutation: CONFIRM_TWO_FACTOR_SETUP, variables: { code: code.trim() } });
    if (!data) return;
    if (state.status === 'signed-in') store.viewerLoaded({ ...state.user, twoFactorEnabled: true });
    onConfirmed(data.confirmTwoFactorSetup.codes);
  });
  // The API's own SVG, shown as an image: nothing of it runs in the page.
  const qrCode = `data:image/svg+xml;base64,${btoa(setup.qrCodeSvg)}`;
  return (
    <div className="two-factor-setup">
      <ol className="steps">
        <li>
          Scan this QR code with your authenticator app.
          <img className="qr-code" src={qrCode} width={200} height={200} alt="QR code of the two-factor secret" />
        </li>
        <li>
          Or type the secret into the app:{' '}
          <code className="secret" data-testid="two-factor-secret">
            {setup.secret}
          </code>
        </li>
        <li>Enter the code the app now shows.</li>
      </ol>
      <form onSubmit={submitted(() => void run())} noValidate>
        <CodeField value={code} onChange={setCode} error={problem?.fields.code} />
        <Notice problem={problem} />
        <div className="actions">
          <Submit busy={busy}>Confirm</Submit>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

function TurnedOn({ onCodes }: { onCodes: (codes: string[]) => void }) {
  return (
    <>
      <p className="muted">Every login asks for a code from your authenticator app, or one of your recovery codes.</p>
      <CodeForm
        title="New recovery codes"
        explanation="Your old recovery codes stop working."
        button="Make new recovery codes"
        change={async (client, code) => {
          const { data } = await client.mutate({ mutation: REGENERATE_RECOVERY_CODES, variables: { code } });
          if (data) onCodes(data.regenerateRecoveryCodes.codes);
        }}
      />
      <CodeForm
        title="Turn off"
        explanation="Logins will ask for your password only."
        button="Turn off two-factor"
        danger
        change={async (client, code, done) => {
          await client.mutate({ mutation: DISABLE_TWO_FACTOR, variables: { code } });
          done();
        }}
      />
    </>
  );
}

type Client = ReturnType<typeof useSession>['client'];

/** One sensitive change that takes a current code (or a recovery code), behind the step-up. */
function CodeForm({
  title,
  explanation,
  button,
  danger,
  change,
}: {
  title: string;
  explanation: string;
  button: string;
  danger?: boolean;
  change: (client: Client, code: string, turnedOff: () => void) => Promise<void>;
}) {
  const { state, store, client } = useSession();
  const stepUp = useStepUp();
  const [code, setCode] = useState('');
  const { run, busy, problem } = useAction(async () => {
    await stepUp(() =>
      change(client, code.trim(), () => {
        if (state.status === 'signed-in') store.viewerLoaded({ ...state.user, twoFactorEnabled: false });
      }),
    );
    setCode('');
  });
  const id = title.toLowerCase().replace(/\W+/g, '-');
  return (
    <form className="inline-panel" aria-labelledby={id} onSubmit={submitted(() => void run())} noValidate>
      <h3 id={id}>{title}</h3>
      <p className="muted">{explanation}</p>
      <CodeField
        acceptsRecovery
        value={code}
        onChange={setCode}
        error={problem?.fields.code}
        hint="From your authenticator app, or a recovery code."
      />
      <Notice problem={problem} />
      <Submit busy={busy} variant={danger ? 'danger' : 'secondary'}>
        {button}
      </Submit>
    </form>
  );
}
