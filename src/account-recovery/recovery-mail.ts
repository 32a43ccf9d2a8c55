import { describeDuration, linkTo, type MailMessage, renderMail } from '../mail';

/** The two messages of account recovery; their pages are the web client's, at APP_URL. */
export function passwordResetMail(to: string, appUrl: string, token: string, ttlSeconds: number): MailMessage {
  return renderMail(to, linkTo(appUrl, 'reset-password', token), {
    subject: 'Reset your password',
    intro: 'Someone (we hope you) asked to reset the password of the account for this address.',
    action: 'Choose a new password',
    outro: `The link works once, within ${describeDuration(ttlSeconds)}, and signs out every session of the account. If you did not ask for it, ignore this message: your password stays as it is.`,
  });
}

export function emailVerificationMail(to: string, appUrl: string, token: string, ttlSeconds: number): MailMessage {
  return renderMail(to, linkTo(appUrl, 'verify-email', token), {
    subject: 'Confirm your email address',
    intro: 'Please confirm that this address belongs to your new account.',
    action: 'Confirm my address',
    outro: `The link works once, within ${describeDuration(ttlSeconds)}. If you did not create an account, ignore this message.`,
  });
}
