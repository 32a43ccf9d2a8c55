import { Migration } from '@mikro-orm/migrations';

/**
 * The database announces every change that can end or alter a live session, on the channel
 * `doorman_auth`, when the change commits: `s:<session id>` for a session revoked, expired, moved or
 * deleted, `u:<user id>` for a user changed or deleted. Instances evict their cached sessions on it
 * (SessionInvalidationListener). Triggers, not application code, so no write path can forget one.
 * `last_seen_at` alone (the guard's touch) announces nothing.
 */
export class Migration20261125030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function doorman_notify_session() returns trigger language plpgsql as $$
begin
  perform pg_notify('doorman_auth', 's:' || old.id);
  return null;
end $$;`);
    this.addSql(`create or replace function doorman_notify_user() returns trigger language plpgsql as $$
begin
  perform pg_notify('doorman_auth', 'u:' || old.id);
  return null;
end $$;`);
    this.addSql(`create trigger sessions_notify_update after update on "sessions" for each row
  when (old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at or old.user_id is distinct from new.user_id or old.id is distinct from new.id)
  execute function doorman_notify_session();`);
    this.addSql(
      `create trigger sessions_notify_delete after delete on "sessions" for each row execute function doorman_notify_session();`,
    );
    this.addSql(
      `create trigger users_notify_update after update on "users" for each row when (old.* is distinct from new.*) execute function doorman_notify_user();`,
    );
    this.addSql(
      `create trigger users_notify_delete after delete on "users" for each row execute function doorman_notify_user();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists sessions_notify_update on "sessions";`);
    this.addSql(`drop trigger if exists sessions_notify_delete on "sessions";`);
    this.addSql(`drop trigger if exists users_notify_update on "users";`);
    this.addSql(`drop trigger if exists users_notify_delete on "users";`);
    this.addSql(`drop function if exists doorman_notify_session();`);
    this.addSql(`drop function if exists doorman_notify_user();`);
  }
}
