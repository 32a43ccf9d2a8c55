import { useQuery } from '@apollo/client/react';
import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from '@simplewebauthn/browser';
import { useState } from 'react';
import { Field, Notice, Submit, submitted } from '../components/form';
import { useStepUp } from '../components/step-up';
import { useAction } from '../components/use-action';
import { describeError } from '../errors';
import { useSession } from '../session/session-context';
import { when } from './describe';
import {
  FINISH_PASSKEY_REGISTRATION,
  PASSKEYS,
  type PasskeyRow,
  REMOVE_PASSKEY,
  RENAME_PASSKEY,
  START_PASSKEY_REGISTRATION,
} from './operations';

/** Account → Passkeys: the list, a new name for one, "Add a passkey" (behind the step-up) and "Remove". */
export function PasskeysSection() {
  const { client } = useSession();
  const stepUp = useStepUp();
  const { data, error, refetch } = useQuery(PASSKEYS, { fetchPolicy: 'network-only' });
  const [added, setAdded] = useState<string | null>(null);
  const add = useAction(async () => {
    setAdded(null);
    const started = await stepUp(() => client.mutate({ mutation: START_PASSKEY_REGISTRATION }));
    if (!started.data) return;
    const { challenge, options } = started.data.startPasskeyRegistration;
    const response = await startRegistration({
      optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
    const finished = await client.mutate({ mutation: FINISH_PASSKEY_REGISTRATION, variables: { challenge, response } });
    if (!finished.data) return;
    await refetch();
    setAdded(finished.data.finishPasskeyRegistration.name);
  });
  const passkeys = data?.passkeys;

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p className="muted">
        Log in with your fingerprint, face or device PIN instead of a password. A passkey stays on your device or in
        your password manager, and works only on this site, so it cannot be phished.
      </p>
      {error && <Notice problem={describeError(error)} />}
      {passkeys && passkeys.length === 0 && <p>You have no passkeys yet.</p>}
      {passkeys && passkeys.length > 0 && (
        <ul className="passkey-list" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} onRemoved={() => void refetch()} />
          ))}
        </ul>
      )}
      <Notice problem={add.problem} success={added && `Your passkey “${added}” is added.`} />
      <button type="button" className="button" onClick={() => void add.run()} disabled={add.busy} aria-busy={add.busy}>
        Add a passkey
      </button>
    </section>
  );
}

function PasskeyItem({ passkey, onRemoved }: { passkey: PasskeyRow; onRemoved: () => void }) {
  const { client } = useSession();
  const stepUp = useStepUp();
  const [name, setName] = useState(passkey.name);
  const [renamed, setRenamed] = useState(false);
  const rename = useAction(async () => {
    setRenamed(false);
    await client.mutate({ mutation: RENAME_PASSKEY, variables: { id: passkey.id, name } });
    setRenamed(true);
  });
  const remove = useAction(async () => {
    await stepUp(() => client.mutate({ mutation: REMOVE_PASSKEY, variables: { id: passkey.id } }));
    onRemoved();
  });
  const problem = rename.problem ?? remove.problem;

  return (
    <li className="passkey" aria-label={passkey.name}>
      <p className="passkey-name">{passkey.name}</p>
      <p className="passkey-meta">
        <span>Added {when(passkey.createdAt)}</span>
        <span>{passkey.lastUsedAt ? `Last used ${when(passkey.lastUsedAt)}` : 'Not used yet'}</span>
        {passkey.backedUp && <span>Synced to your other devices</span>}
      </p>
      <form className="passkey-actions" onSubmit={submitted(() => void rename.run())} noValidate>
        <Field
          label="Passkey name"
          name="name"
          required
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={rename.problem?.fields.name}
        />
        <Submit busy={rename.busy} variant="secondary">
          Rename
        </Submit>
        <button
          type="button"
          className="button button-danger"
          onClick={() => void remove.run()}
          disabled={remove.busy}
          aria-busy={remove.busy}
        >
          Remove
        </button>
      </form>
      <Notice problem={problem} success={renamed && 'Renamed.'} />
    </li>
  );
}
