import { type MailMessage, renderNotice } from '../mail';

const IF_NOT_YOU =
  'If this was not you, someone is signed in to your account: remove that passkey, change your password, and end the sessions you do not know.';

/** The notices of passkey changes, to the account's own address (no user-chosen text, such as the passkey's name). */
export const passkeyMail = {
  added: (to: string): MailMessage =>
    renderNotice(to, {
      subject: 'A passkey was added',
      intro: 'A passkey was added to the account of this address: it can now be used to sign in without a password.',
      outro: IF_NOT_YOU,
    }),
  removed: (to: string): MailMessage =>
    renderNotice(to, {
      subject: 'A passkey was removed',
      intro: 'A passkey was removed from the account of this address: it can no longer be used to sign in.',
      outro: IF_NOT_YOU,
    }),
};
