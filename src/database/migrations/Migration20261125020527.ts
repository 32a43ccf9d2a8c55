import { Migration } from '@mikro-orm/migrations';

/** Email links: password-reset and verification tokens (hashed, one per account and purpose), and users.email_verified_at. */
export class Migration20261125020527 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "email_tokens" ("id" uuid not null, "user_id" uuid not null, "purpose" varchar(20) not null, "token_hash" varchar(64) not null, "email" varchar(254) not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, constraint "email_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `alter table "email_tokens" add constraint "email_tokens_user_purpose_unique" unique ("user_id", "purpose");`,
    );

    this.addSql(
      `alter table "email_tokens" add constraint "email_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "users" add column "email_verified_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_tokens" cascade;`);

    this.addSql(`alter table "users" drop column "email_verified_at";`);
  }
}
