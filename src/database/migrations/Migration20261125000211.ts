import { Migration } from '@mikro-orm/migrations';

/** Refresh tokens: one rotation chain per session, stored as hashes. */
export class Migration20261125000211 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "refresh_tokens" ("id" uuid not null, "session_id" uuid not null, "token_hash" varchar(64) not null, "generation" int not null, "created_at" timestamptz not null, "spent_at" timestamptz null, constraint "refresh_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "refresh_tokens_session_id_index" on "refresh_tokens" ("session_id");`);
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
  }
}
