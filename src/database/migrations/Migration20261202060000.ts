import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in with an identity provider: the accounts linked to each user, the pending browser flows
 * (state hashed, single use), accounts without a password, and what a two-factor challenge's first
 * factor was (a password or a provider).
 */
export class Migration20261202060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" alter column "password_hash" drop not null;`);

    this.addSql(
      `create table "user_identities" ("id" uuid not null, "user_id" uuid not null, "provider" varchar(20) not null, "subject" varchar(255) not null, "email" varchar(254) null, "linked_at" timestamptz not null default now(), constraint "user_identities_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "user_identities" add constraint "user_identities_provider_subject_unique" unique ("provider", "subject");`,
    );
    this.addSql(
      `alter table "user_identities" add constraint "user_identities_user_provider_unique" unique ("user_id", "provider");`,
    );
    this.addSql(
      `alter table "user_identities" add constraint "user_identities_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "identity_provider_flows" ("id" uuid not null, "state_hash" varchar(64) not null, "provider" varchar(20) not null, "nonce" varchar(64) not null, "code_verifier" varchar(128) not null, "return_to" varchar(512) null, "link_user_id" uuid null, "link_session_id" uuid null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), constraint "identity_provider_flows_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "identity_provider_flows" add constraint "identity_provider_flows_state_hash_unique" unique ("state_hash");`,
    );
    this.addSql(`create index "identity_provider_flows_expires_at_index" on "identity_provider_flows" ("expires_at");`);

    this.addSql(
      `alter table "two_factor_challenges" add column "first_factor" varchar(20) not null default 'PASSWORD';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "two_factor_challenges" drop column "first_factor";`);
    this.addSql(`drop table if exists "identity_provider_flows" cascade;`);
    this.addSql(`drop table if exists "user_identities" cascade;`);
    this.addSql(`delete from "users" where "password_hash" is null;`);
    this.addSql(`alter table "users" alter column "password_hash" set not null;`);
  }
}
