import { useState } from 'react';

/** The ten recovery codes, shown this once: copy them, download them, then say they are kept. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = `Doorman recovery codes (each works once)\n\n${codes.join('\n')}\n`;

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'doorman-recovery-codes.txt';
    link.click();
    // The click has started the download; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );

  return (
    <div className="recovery-codes">
      <p className="notice notice-info" role="status">
        Two-factor is on. Keep these recovery codes somewhere safe: each one lets you in once if you lose your phone.
        They are shown only now.
      </p>
      <ul className="codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      {copied !== null && (
        <p className={copied ? 'notice notice-success' : 'notice notice-error'} role="status">
          {copied ? 'Copied.' : 'This browser would not copy them: download them, or write them down.'}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          Copy codes
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          Download codes
        </button>
        <button type="button" className="button" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}
