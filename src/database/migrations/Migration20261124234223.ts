import { Migration } from '@mikro-orm/migrations';

/** Users and their sessions. */
export class Migration20261124234223 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "users" ("id" uuid not null, "name" varchar(120) not null, "email" varchar(254) not null, "password_hash" varchar(100) not null, "created_at" timestamptz not null default now(), constraint "users_pkey" primary key ("id"));`,
    );
    // One account per address: emails are stored normalised, and the index compares them exactly.
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_email_lower_case" check ("email" = lower("email"));`);

    this.addSql(
      `create table "sessions" ("id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "user_agent" varchar(512) null, "ip" varchar(64) null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sessions";`);
    this.addSql(`drop table if exists "users";`);
  }
}
