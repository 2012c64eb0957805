using System.Data.Common;
using Dapper;
using RedConnect.Portal.Data;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Portal.Appointments;

public sealed class AppointmentRow
{
    public string Id { get; init; } = "";
    public long PlannedStartUtc { get; init; }
    public byte[] PatientLabelCiphertext { get; init; } = [];
    public byte[] PatientLabelIv { get; init; } = [];
    public long CreatedUtc { get; init; }
    public long UpdatedUtc { get; init; }
}

public sealed class SealedCodeRow
{
    public string Role { get; init; } = "";
    public byte[]? SealedCode { get; init; }
    public byte[]? SealedCodeIv { get; init; }
}

/// <summary>The two keyed hashes of a new code pair.</summary>
public sealed record CodeHashes(string Organizer, string Participant);

/// <summary>
/// Appointments and their access codes. Every statement is scoped to the practice of the caller, so an id of
/// another practice's appointment behaves exactly like an unknown id.
/// </summary>
public sealed class AppointmentStore(Database database)
{
    private const string Columns = """
        id AS Id, planned_start_utc AS PlannedStartUtc, patient_label_ciphertext AS PatientLabelCiphertext,
        patient_label_iv AS PatientLabelIv, created_utc AS CreatedUtc, updated_utc AS UpdatedUtc
        """;

    public static string RoleName(ParticipantRole role) => role == ParticipantRole.Organizer ? "organizer" : "participant";

    public Task<string?> TimeZoneOfAsync(Guid practiceId, CancellationToken ct) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM practices WHERE id = @Id", new { Id = SqlDialect.Id(practiceId) }, cancellationToken: ct)), ct);

    public Task<Guid> CreateAsync(Guid practiceId, DateTimeOffset plannedStart, byte[] labelCiphertext, byte[] labelIv,
        CodeHashes codes, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        return database.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO appointments (id, practice_id, planned_start_utc, patient_label_ciphertext, patient_label_iv, created_utc, updated_utc)
                VALUES (@Id, @PracticeId, @Start, @Ciphertext, @Iv, @Now, @Now)
                """, new
            {
                Id = SqlDialect.Id(id), PracticeId = SqlDialect.Id(practiceId), Start = SqlDialect.Ticks(plannedStart),
                Ciphertext = labelCiphertext, Iv = labelIv, Now = SqlDialect.Ticks(now),
            }, tx, cancellationToken: ct));
            await InsertCodesAsync(c, tx, id, codes, now, ct);
            return id;
        }, ct);
    }

    public Task<IReadOnlyList<AppointmentRow>> ListAsync(Guid practiceId, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<AppointmentRow>>(async c => (await c.QueryAsync<AppointmentRow>(new CommandDefinition(
            $"SELECT {Columns} FROM appointments WHERE practice_id = @PracticeId ORDER BY planned_start_utc, id",
            new { PracticeId = SqlDialect.Id(practiceId) }, cancellationToken: ct))).AsList(), ct);

    public Task<(AppointmentRow Appointment, IReadOnlyList<SealedCodeRow> Codes)?> GetAsync(Guid practiceId, Guid id, CancellationToken ct) =>
        database.ReadAsync<(AppointmentRow, IReadOnlyList<SealedCodeRow>)?>(async c =>
        {
            var args = new { Id = SqlDialect.Id(id), PracticeId = SqlDialect.Id(practiceId) };
            var row = await c.QuerySingleOrDefaultAsync<AppointmentRow>(new CommandDefinition(
                $"SELECT {Columns} FROM appointments WHERE id = @Id AND practice_id = @PracticeId", args, cancellationToken: ct));
            if (row is null) return null;
            var codes = await c.QueryAsync<SealedCodeRow>(new CommandDefinition(
                "SELECT role AS Role, sealed_code AS SealedCode, sealed_code_iv AS SealedCodeIv FROM access_codes WHERE appointment_id = @Id",
                args, cancellationToken: ct));
            return (row, codes.AsList());
        }, ct);

    /// <summary>Changes time and label; the access codes stay as they are.</summary>
    public Task<bool> UpdateAsync(Guid practiceId, Guid id, DateTimeOffset plannedStart, byte[] labelCiphertext, byte[] labelIv,
        DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            UPDATE appointments SET planned_start_utc = @Start, patient_label_ciphertext = @Ciphertext, patient_label_iv = @Iv, updated_utc = @Now
            WHERE id = @Id AND practice_id = @PracticeId
            """, new
        {
            Id = SqlDialect.Id(id), PracticeId = SqlDialect.Id(practiceId), Start = SqlDialect.Ticks(plannedStart),
            Ciphertext = labelCiphertext, Iv = labelIv, Now = SqlDialect.Ticks(now),
        }, tx, cancellationToken: ct)) == 1, ct);

    /// <summary>Removes the appointment and its codes together.</summary>
    public Task<bool> DeleteAsync(Guid practiceId, Guid id, CancellationToken ct) =>
        database.WriteAsync(async (c, tx) =>
        {
            var args = new { Id = SqlDialect.Id(id), PracticeId = SqlDialect.Id(practiceId) };
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM access_codes WHERE appointment_id IN (SELECT id FROM appointments WHERE id = @Id AND practice_id = @PracticeId)",
                args, tx, cancellationToken: ct));
            return await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM appointments WHERE id = @Id AND practice_id = @PracticeId", args, tx, cancellationToken: ct)) == 1;
        }, ct);

    /// <summary>Replaces both codes; their sealed copies are gone until the browser stores new ones.</summary>
    public Task<bool> ReplaceCodesAsync(Guid practiceId, Guid id, CodeHashes codes, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(async (c, tx) =>
        {
            if (!await OwnsAsync(c, tx, practiceId, id, ct)) return false;
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM access_codes WHERE appointment_id = @Id",
                new { Id = SqlDialect.Id(id) }, tx, cancellationToken: ct));
            await InsertCodesAsync(c, tx, id, codes, now, ct);
            return true;
        }, ct);

    public Task<bool> StoreSealedCodesAsync(Guid practiceId, Guid id, (byte[] Ciphertext, byte[] Iv) organizer,
        (byte[] Ciphertext, byte[] Iv) participant, CancellationToken ct) =>
        database.WriteAsync(async (c, tx) =>
        {
            if (!await OwnsAsync(c, tx, practiceId, id, ct)) return false;
            var updated = 0;
            foreach (var (role, sealedCode) in new[] { ("organizer", organizer), ("participant", participant) })
                updated += await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE access_codes SET sealed_code = @Ciphertext, sealed_code_iv = @Iv WHERE appointment_id = @Id AND role = @Role",
                    new { Id = SqlDialect.Id(id), Role = role, sealedCode.Ciphertext, sealedCode.Iv }, tx, cancellationToken: ct));
            return updated == 2;
        }, ct);

    private static async Task<bool> OwnsAsync(DbConnection c, DbTransaction tx, Guid practiceId, Guid id, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM appointments WHERE id = @Id AND practice_id = @PracticeId",
            new { Id = SqlDialect.Id(id), PracticeId = SqlDialect.Id(practiceId) }, tx, cancellationToken: ct)) == 1;

    private static async Task InsertCodesAsync(DbConnection c, DbTransaction tx, Guid id, CodeHashes codes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (role, hash) in new[] { ("organizer", codes.Organizer), ("participant", codes.Participant) })
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO access_codes (appointment_id, role, code_hash, created_utc) VALUES (@Id, @Role, @Hash, @Now)",
                new { Id = SqlDialect.Id(id), Role = role, Hash = hash, Now = SqlDialect.Ticks(now) }, tx, cancellationToken: ct));
    }
}
