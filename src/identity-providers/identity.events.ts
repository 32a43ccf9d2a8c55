import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, AuthEventType } from '../audit';
import type { ClientInfo } from '../common/decorators';
import { Mailer, type MailMessage, renderNotice } from '../mail';
import type { RefusalReason } from './identity-provider.errors';

const IF_NOT_YOU =
  'If this was not you, unlink it from your account page at once, change your password and check your sessions.';

// Like every template: no text the provider or the person chose, only our own words and the provider's label.
const linkedMail = (to: string, label: string): MailMessage =>
  renderNotice(to, {
    subject: `${label} was linked to your account`,
    intro: `A ${label} account was linked to the account of this address: it can now be used to sign in.`,
    outro: IF_NOT_YOU,
  });

const unlinkedMail = (to: string, label: string): MailMessage =>
  renderNotice(to, {
    subject: `${label} was unlinked from your account`,
    intro: `The ${label} account linked to the account of this address was unlinked: it no longer signs you in.`,
    outro: 'If this was not you, reset your password at once and check your sessions.',
  });

export interface LinkEvent {
  userId: string;
  email: string;
  provider: string;
  label: string;
  sessionId?: string;
  client: ClientInfo;
}

/** What the trail and the person hear of identity-provider sign-ins and links; once each change has committed. */
@Injectable()
export class IdentityEvents {
  constructor(
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  async linked(event: LinkEvent): Promise<void> {
    await this.audit.record({ type: AuthEventType.IDENTITY_LINKED, detail: event.provider, ...this.who(event) });
    this.mailer.send(linkedMail(event.email, event.label));
  }

  async unlinked(event: LinkEvent): Promise<void> {
    await this.audit.record({ type: AuthEventType.IDENTITY_UNLINKED, detail: event.provider, ...this.who(event) });
    this.mailer.send(unlinkedMail(event.email, event.label));
  }

  /** A session started with a provider, in the sign-in's transaction. */
  signedInIn(
    em: EntityManager,
    userId: string,
    provider: string,
    sessionId: string,
    client: ClientInfo,
  ): Promise<void> {
    return this.audit.recordIn(em, { type: AuthEventType.PROVIDER_LOGIN, userId, sessionId, detail: provider, client });
  }

  /** An account made by a provider sign-in, in its transaction. */
  signedUp(em: EntityManager, userId: string, provider: string, client: ClientInfo): Promise<void> {
    return this.audit.recordIn(em, { type: AuthEventType.SIGNUP, userId, detail: provider, client });
  }

  /** On the account's trail when one is concerned (an address taken, a link refused): that is what an attempt looks like. */
  refused(userId: string | null, provider: string, reason: RefusalReason, client: ClientInfo): Promise<void> {
    return this.audit.record({
      type: AuthEventType.PROVIDER_LOGIN_REFUSED,
      userId,
      detail: `${provider}:${reason}`.slice(0, 40),
      client,
    });
  }

  private who({ userId, sessionId, client }: LinkEvent) {
    return { userId, sessionId, client };
  }
}
