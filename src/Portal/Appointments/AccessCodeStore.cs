using Dapper;
using RedConnect.Portal.Data;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Portal.Appointments;

/// <summary>The signaling's view of the codes: a lookup by keyed hash, nothing else.</summary>
public sealed class AccessCodeStore(Database database) : IAccessCodeStore
{
    private sealed class Row
    {
        public string AppointmentId { get; init; } = "";
        public string PracticeId { get; init; } = "";
        public string Role { get; init; } = "";
        public long PlannedStartUtc { get; init; }
    }

    public async Task<AccessCodeEntry?> FindByHashAsync(string codeHash, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT a.id AS AppointmentId, a.practice_id AS PracticeId, c.role AS Role, a.planned_start_utc AS PlannedStartUtc
            FROM access_codes c JOIN appointments a ON a.id = c.appointment_id
            WHERE c.code_hash = @Hash
            """, new { Hash = codeHash }, cancellationToken: cancellationToken)), cancellationToken);
        if (row is null) return null;
        var role = row.Role == "organizer" ? ParticipantRole.Organizer : ParticipantRole.Participant;
        return new AccessCodeEntry(SqlDialect.ParseId(row.AppointmentId), SqlDialect.ParseId(row.PracticeId), role,
            SqlDialect.Instant(row.PlannedStartUtc));
    }
}
