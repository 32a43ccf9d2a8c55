import { Migration } from '@mikro-orm/migrations';

/** The audit trail: auth_events, read newest first per user. */
export class Migration20261125010745 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "auth_events" ("id" uuid not null, "type" varchar(40) not null, "occurred_at" timestamptz not null, "user_id" uuid null, "session_id" uuid null, "email" varchar(254) null, "ip" varchar(64) null, "user_agent" varchar(512) null, "detail" varchar(40) null, constraint "auth_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "auth_events_user_time_index" on "auth_events" ("user_id", "occurred_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth_events" cascade;`);
  }
}
