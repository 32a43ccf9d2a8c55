import { Migration } from '@mikro-orm/migrations';

/** Consecutive failed logins per (hashed) email, for the brute-force backoff. */
export class Migration20261125002353 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_failures" ("email_hash" varchar(64) not null, "failures" int not null, "blocked_until" timestamptz null, "last_failure_at" timestamptz not null, constraint "login_failures_pkey" primary key ("email_hash"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_failures" cascade;`);
  }
}
