using Dapper;
using RedConnect.Portal.Data;

namespace RedConnect.Portal.Security;

public sealed class LoginFailureRecord
{
    public long Failures { get; init; }
    public long Lockouts { get; init; }
    public long LockedUntilUtc { get; init; }
    public long LastFailureUtc { get; init; }
}

/// <summary>Failed-login counters per practice + user short name (table <c>login_failures</c>).</summary>
public sealed class LoginFailureStore(Database database)
{
    public Task<LoginFailureRecord?> GetAsync(string practiceKey, string userKey, CancellationToken cancellationToken) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<LoginFailureRecord>(new CommandDefinition("""
            SELECT failures AS Failures, lockouts AS Lockouts, locked_until_utc AS LockedUntilUtc, last_failure_utc AS LastFailureUtc
            FROM login_failures WHERE practice_key = @PracticeKey AND user_key = @UserKey
            """, new { PracticeKey = practiceKey, UserKey = userKey }, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Applies <paramref name="next"/> to the stored record (or to none) and stores the result, in one transaction.</summary>
    public Task<LoginFailureRecord> UpdateAsync(string practiceKey, string userKey, Func<LoginFailureRecord?, LoginFailureRecord> next,
        long pruneBeforeUtc, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx) =>
        {
            var args = new { PracticeKey = practiceKey, UserKey = userKey };
            var current = await c.QuerySingleOrDefaultAsync<LoginFailureRecord>(new CommandDefinition("""
                SELECT failures AS Failures, lockouts AS Lockouts, locked_until_utc AS LockedUntilUtc, last_failure_utc AS LastFailureUtc
                FROM login_failures WHERE practice_key = @PracticeKey AND user_key = @UserKey
                """, args, tx, cancellationToken: cancellationToken));
            var updated = next(current);
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO login_failures (practice_key, user_key, failures, lockouts, locked_until_utc, last_failure_utc)
                VALUES (@PracticeKey, @UserKey, @Failures, @Lockouts, @LockedUntilUtc, @LastFailureUtc)
                ON CONFLICT (practice_key, user_key) DO UPDATE SET
                    failures = excluded.failures, lockouts = excluded.lockouts,
                    locked_until_utc = excluded.locked_until_utc, last_failure_utc = excluded.last_failure_utc
                """, new { PracticeKey = practiceKey, UserKey = userKey, updated.Failures, updated.Lockouts, updated.LockedUntilUtc, updated.LastFailureUtc },
                tx, cancellationToken: cancellationToken));
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM login_failures WHERE last_failure_utc < @Before AND locked_until_utc < @Before",
                new { Before = pruneBeforeUtc }, tx, cancellationToken: cancellationToken));
            return updated;
        }, cancellationToken);

    public Task ClearAsync(string practiceKey, string userKey, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_failures WHERE practice_key = @PracticeKey AND user_key = @UserKey",
            new { PracticeKey = practiceKey, UserKey = userKey }, tx, cancellationToken: cancellationToken)), cancellationToken);
}
