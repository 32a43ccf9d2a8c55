import { type MailMessage, renderNotice } from '../mail';

const IF_NOT_YOU =
  'If this was not you, someone has your password: reset it at once, and check the sessions of your account.';

/** The notices of two-factor changes, to the account's own address. Like every template, no user-chosen text. */
export const twoFactorMail = {
  enabled: (to: string): MailMessage =>
    renderNotice(to, {
      subject: 'Two-factor authentication is on',
      intro:
        'Two-factor authentication was turned on for the account of this address: signing in now takes a code from your authenticator app, or one of your recovery codes. Every other session was signed out.',
      outro: `Keep your recovery codes somewhere safe. ${IF_NOT_YOU}`,
    }),
  disabled: (to: string): MailMessage =>
    renderNotice(to, {
      subject: 'Two-factor authentication is off',
      intro:
        'Two-factor authentication was turned off for the account of this address: signing in takes only the password now.',
      outro: IF_NOT_YOU,
    }),
  regenerated: (to: string): MailMessage =>
    renderNotice(to, {
      subject: 'New recovery codes',
      intro: 'New recovery codes were made for the account of this address. The earlier ones no longer work.',
      outro: IF_NOT_YOU,
    }),
  recoveryCodeUsed: (to: string, left: number): MailMessage =>
    renderNotice(to, {
      subject: 'A recovery code was used',
      intro: `One of the recovery codes of the account of this address was just used to sign in or confirm a change. ${left} unused recovery code${left === 1 ? ' is' : 's are'} left.`,
      outro: `Each code works once; make new ones from your account when few are left. ${IF_NOT_YOU}`,
    }),
};
