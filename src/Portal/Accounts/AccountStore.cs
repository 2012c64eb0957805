using Dapper;
using RedConnect.Portal.Data;

namespace RedConnect.Portal.Accounts;

public sealed record NewPractice(
    string ShortName, string Name, string Email, string Lanr, string Bsnr, string PostalCode);

public sealed record NewUser(
    string ShortName, byte[] KdfSalt, int KdfIterations, string AuthVerifier, byte[] WrappedPracticeKey, byte[] WrappedPracticeKeyIv);

public sealed record RegisteredAccount(Guid PracticeId, Guid UserId);

/// <summary>A user as the login needs it: everything but a password, which the server never has.</summary>
public sealed class UserCredentials
{
    public string UserId { get; init; } = "";
    public string PracticeId { get; init; } = "";
    public string PracticeShortName { get; init; } = "";
    public string PracticeName { get; init; } = "";
    public string UserShortName { get; init; } = "";
    public byte[] KdfSalt { get; init; } = [];
    public long KdfIterations { get; init; }
    public string AuthVerifier { get; init; } = "";
    public byte[] WrappedPracticeKey { get; init; } = [];
    public byte[] WrappedPracticeKeyIv { get; init; } = [];
    public long IsAdmin { get; init; }
}

/// <summary>Practices and users in the database.</summary>
public sealed class AccountStore(Database database)
{
    private const string SelectUser = """
        SELECT u.id AS UserId, u.practice_id AS PracticeId, p.short_name AS PracticeShortName, p.name AS PracticeName,
               u.short_name AS UserShortName, u.kdf_salt AS KdfSalt, u.kdf_iterations AS KdfIterations,
               u.auth_verifier AS AuthVerifier, u.wrapped_practice_key AS WrappedPracticeKey,
               u.wrapped_practice_key_iv AS WrappedPracticeKeyIv, u.is_admin AS IsAdmin
        FROM users u JOIN practices p ON p.id = u.practice_id
        """;

    /// <summary>Stores a new practice with its first user (an admin), or returns null when the practice short name is taken.</summary>
    public async Task<RegisteredAccount?> RegisterAsync(NewPractice practice, NewUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var practiceId = Guid.NewGuid();
        var userId = Guid.NewGuid();
        try
        {
            return await database.WriteAsync(async (connection, transaction) =>
            {
                var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO practices (id, short_name, short_name_key, name, email, lanr, bsnr, postal_code, created_utc)
                    VALUES (@Id, @ShortName, @ShortNameKey, @Name, @Email, @Lanr, @Bsnr, @PostalCode, @Created)
                    ON CONFLICT (short_name_key) DO NOTHING
                    """,
                    new
                    {
                        Id = SqlDialect.Id(practiceId), practice.ShortName, ShortNameKey = ShortName.Key(practice.ShortName),
                        practice.Name, practice.Email, practice.Lanr, practice.Bsnr, practice.PostalCode,
                        Created = SqlDialect.Ticks(now),
                    }, transaction, cancellationToken: cancellationToken));
                if (inserted == 0) return null;
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO users (id, practice_id, short_name, short_name_key, kdf_salt, kdf_iterations, auth_verifier,
                                       wrapped_practice_key, wrapped_practice_key_iv, is_admin, created_utc)
                    VALUES (@Id, @PracticeId, @ShortName, @ShortNameKey, @KdfSalt, @KdfIterations, @AuthVerifier,
                            @WrappedPracticeKey, @WrappedPracticeKeyIv, 1, @Created)
                    """,
                    new
                    {
                        Id = SqlDialect.Id(userId), PracticeId = SqlDialect.Id(practiceId), user.ShortName,
                        ShortNameKey = ShortName.Key(user.ShortName), user.KdfSalt, user.KdfIterations, user.AuthVerifier,
                        user.WrappedPracticeKey, user.WrappedPracticeKeyIv, Created = SqlDialect.Ticks(now),
                    }, transaction, cancellationToken: cancellationToken));
                return new RegisteredAccount(practiceId, userId);
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return null; // lost a race for the same short name
        }
    }

    public Task<UserCredentials?> FindUserAsync(string practiceShortName, string userShortName, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<UserCredentials>(new CommandDefinition(
            SelectUser + " WHERE p.short_name_key = @PracticeKey AND u.short_name_key = @UserKey",
            new { PracticeKey = ShortName.Key(practiceShortName), UserKey = ShortName.Key(userShortName) },
            cancellationToken: cancellationToken)), cancellationToken);

    public Task<UserCredentials?> FindUserAsync(Guid practiceId, Guid userId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<UserCredentials>(new CommandDefinition(
            SelectUser + " WHERE u.practice_id = @PracticeId AND u.id = @UserId",
            new { PracticeId = SqlDialect.Id(practiceId), UserId = SqlDialect.Id(userId) },
            cancellationToken: cancellationToken)), cancellationToken);
}
