import { Migration } from '@mikro-orm/migrations';

/**
 * Passkeys: each person's WebAuthn credentials (public key, counter, transports, backed-up state,
 * name), and the challenges handed to browsers (hashed, single use, short-lived).
 */
export class Migration20261202062620 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "passkey_challenges" ("id" uuid not null, "token_hash" varchar(64) not null, "purpose" varchar(20) not null, "user_id" uuid null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), constraint "passkey_challenges_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "passkey_challenges" add constraint "passkey_challenges_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "passkey_challenges_user_id_index" on "passkey_challenges" ("user_id");`);
    this.addSql(`create index "passkey_challenges_expires_at_index" on "passkey_challenges" ("expires_at");`);

    this.addSql(
      `create table "passkeys" ("id" uuid not null, "user_id" uuid not null, "credential_id" text not null, "public_key" bytea not null, "counter" bigint not null, "transports" jsonb not null, "backed_up" boolean not null, "name" varchar(64) not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, constraint "passkeys_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "passkeys_user_id_index" on "passkeys" ("user_id");`);
    this.addSql(`alter table "passkeys" add constraint "passkeys_credential_id_unique" unique ("credential_id");`);

    this.addSql(
      `alter table "passkey_challenges" add constraint "passkey_challenges_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "passkeys" add constraint "passkeys_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "passkey_challenges" cascade;`);

    this.addSql(`drop table if exists "passkeys" cascade;`);
  }
}
