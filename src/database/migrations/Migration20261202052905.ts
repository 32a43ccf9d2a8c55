import { Migration } from '@mikro-orm/migrations';

/**
 * Two-factor authentication: TOTP secrets (sealed, with their key id), recovery codes and login
 * challenges (both hashed), and on each session when it last authenticated and how it signed in.
 */
export class Migration20261202052905 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "two_factor_credentials" ("user_id" uuid not null, "secret" text not null, "key_id" varchar(32) not null, "enabled_at" timestamptz null, "last_used_step" int null, "created_at" timestamptz not null default now(), constraint "two_factor_credentials_pkey" primary key ("user_id"));`,
    );

    this.addSql(
      `create table "two_factor_challenges" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "failures" int not null default 0, "created_at" timestamptz not null default now(), constraint "two_factor_challenges_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "two_factor_challenges_user_id_index" on "two_factor_challenges" ("user_id");`);
    this.addSql(
      `alter table "two_factor_challenges" add constraint "two_factor_challenges_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "recovery_codes" ("id" uuid not null, "user_id" uuid not null, "code_hash" varchar(64) not null, "created_at" timestamptz not null default now(), constraint "recovery_codes_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_user_code_unique" unique ("user_id", "code_hash");`,
    );

    this.addSql(
      `alter table "two_factor_credentials" add constraint "two_factor_credentials_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "two_factor_challenges" add constraint "two_factor_challenges_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    // Sessions of before: signed in with a password, and authenticated when they started.
    this.addSql(
      `alter table "sessions" add column "authenticated_at" timestamptz null, add column "auth_methods" text[] null;`,
    );
    this.addSql(`update "sessions" set "authenticated_at" = "created_at", "auth_methods" = '{PASSWORD}';`);
    this.addSql(
      `alter table "sessions" alter column "authenticated_at" set not null, alter column "auth_methods" set not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "two_factor_credentials" cascade;`);

    this.addSql(`drop table if exists "two_factor_challenges" cascade;`);

    this.addSql(`drop table if exists "recovery_codes" cascade;`);

    this.addSql(`alter table "sessions" drop column "authenticated_at", drop column "auth_methods";`);
  }
}
