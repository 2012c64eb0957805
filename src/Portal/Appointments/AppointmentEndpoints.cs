using RedConnect.Portal.Accounts;
using RedConnect.Portal.Data;
using RedConnect.Portal.Web;
using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Portal.Appointments;

/// <summary>Appointments of the caller's practice (F7) and their access codes (F7, F8).</summary>
public static partial class AppointmentEndpoints
{
    public static RouteGroupBuilder MapAppointmentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/appointments").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapPut("/{id}/sealed-codes", StoreSealedCodesAsync);
        group.MapPost("/{id}/codes", RenewCodesAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, AppointmentStore store, AccessCodeValidity validity, TimeProvider time)
    {
        var user = PortalUser.From(context.User)!;
        var zoneId = await store.TimeZoneOfAsync(user.PracticeId, context.RequestAborted) ?? PracticeTime.DefaultZone;
        var zone = PracticeTime.Zone(zoneId);
        var now = time.GetUtcNow();
        var rows = await store.ListAsync(user.PracticeId, context.RequestAborted);
        var summaries = rows.Select(r => Summary(r, zone)).ToList();
        // An appointment stays "upcoming" while its codes still admit (F8), so a running call is not "past".
        var upcoming = summaries.Where(s => validity.ValidUntil(s.PlannedStartUtc) > now).ToList();
        var past = summaries.Where(s => validity.ValidUntil(s.PlannedStartUtc) <= now).Reverse().ToList();
        return TypedResults.Ok(new AppointmentList(zoneId, upcoming, past));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AppointmentStore store, AccessCodeHasher hasher, TimeProvider time,
        ILoggerFactory loggers)
    {
        var user = PortalUser.From(context.User)!;
        var body = await JsonBody.ReadAsync<AppointmentRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors(Messages.LanguageOf(context));
        if (AppointmentValidator.Validate(body.Value!, errors) is not { } valid) return Problems.Validation(errors);

        var zone = PracticeTime.Zone(await store.TimeZoneOfAsync(user.PracticeId, context.RequestAborted) ?? PracticeTime.DefaultZone);
        var start = PracticeTime.ToUtc(valid.Date, valid.Time, zone);
        var (codes, hashes) = NewCodes(hasher);
        var id = await store.CreateAsync(user.PracticeId, start, valid.PatientLabel.Ciphertext, valid.PatientLabel.Iv, hashes,
            time.GetUtcNow(), context.RequestAborted);
        LogCreated(loggers.CreateLogger(typeof(AppointmentEndpoints)), id, user.PracticeId);
        return TypedResults.Created($"/api/appointments/{id:D}", codes with { Id = id });
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, AppointmentStore store, AccessCodeValidity validity)
    {
        var user = PortalUser.From(context.User)!;
        if (!Guid.TryParse(id, out var appointmentId) ||
            await store.GetAsync(user.PracticeId, appointmentId, context.RequestAborted) is not { } found)
            return NotFound(context);
        var zoneId = await store.TimeZoneOfAsync(user.PracticeId, context.RequestAborted) ?? PracticeTime.DefaultZone;
        var zone = PracticeTime.Zone(zoneId);
        var (row, codes) = found;
        var summary = Summary(row, zone);
        var from = validity.ValidFrom(summary.PlannedStartUtc);
        var until = validity.ValidUntil(summary.PlannedStartUtc);
        return TypedResults.Ok(new AppointmentDetail(
            summary.Id, summary.PlannedStartUtc, summary.PlannedDate, summary.PlannedTime, zoneId, summary.PatientLabel,
            from, until, LocalText(from, zone), LocalText(until, zone),
            Sealed(codes, ParticipantRole.Organizer), Sealed(codes, ParticipantRole.Participant),
            SqlDialect.Instant(row.CreatedUtc), SqlDialect.Instant(row.UpdatedUtc)));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, AppointmentStore store, TimeProvider time)
    {
        var user = PortalUser.From(context.User)!;
        if (!Guid.TryParse(id, out var appointmentId)) return NotFound(context);
        var body = await JsonBody.ReadAsync<AppointmentRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors(Messages.LanguageOf(context));
        if (AppointmentValidator.Validate(body.Value!, errors) is not { } valid) return Problems.Validation(errors);
        var zone = PracticeTime.Zone(await store.TimeZoneOfAsync(user.PracticeId, context.RequestAborted) ?? PracticeTime.DefaultZone);
        var start = PracticeTime.ToUtc(valid.Date, valid.Time, zone);
        var updated = await store.UpdateAsync(user.PracticeId, appointmentId, start, valid.PatientLabel.Ciphertext, valid.PatientLabel.Iv,
            time.GetUtcNow(), context.RequestAborted);
        return updated ? TypedResults.NoContent() : NotFound(context);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, AppointmentStore store, ILoggerFactory loggers)
    {
        var user = PortalUser.From(context.User)!;
        if (!Guid.TryParse(id, out var appointmentId) || !await store.DeleteAsync(user.PracticeId, appointmentId, context.RequestAborted))
            return NotFound(context);
        LogDeleted(loggers.CreateLogger(typeof(AppointmentEndpoints)), appointmentId, user.PracticeId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> StoreSealedCodesAsync(HttpContext context, string id, AppointmentStore store)
    {
        var user = PortalUser.From(context.User)!;
        if (!Guid.TryParse(id, out var appointmentId)) return NotFound(context);
        var body = await JsonBody.ReadAsync<SealedCodesRequest>(context);
        if (body.Problem is not null) return body.Problem;
        var errors = new FieldErrors(Messages.LanguageOf(context));
        var organizer = SealedBytes.Validate(body.Value!.Organizer, AppointmentValidator.MaxSealedCodeBytes, "organizer", "sealedCodes.invalid", errors);
        var participant = SealedBytes.Validate(body.Value.Participant, AppointmentValidator.MaxSealedCodeBytes, "participant", "sealedCodes.invalid", errors);
        if (errors.Any) return Problems.Validation(errors);
        var stored = await store.StoreSealedCodesAsync(user.PracticeId, appointmentId, (organizer!.Ciphertext, organizer.Iv),
            (participant!.Ciphertext, participant.Iv), context.RequestAborted);
        return stored ? TypedResults.NoContent() : NotFound(context);
    }

    private static async Task<IResult> RenewCodesAsync(HttpContext context, string id, AppointmentStore store, AccessCodeHasher hasher,
        TimeProvider time, ILoggerFactory loggers)
    {
        var user = PortalUser.From(context.User)!;
        if (!Guid.TryParse(id, out var appointmentId)) return NotFound(context);
        var (codes, hashes) = NewCodes(hasher);
        if (!await store.ReplaceCodesAsync(user.PracticeId, appointmentId, hashes, time.GetUtcNow(), context.RequestAborted))
            return NotFound(context);
        LogRenewed(loggers.CreateLogger(typeof(AppointmentEndpoints)), appointmentId, user.PracticeId);
        return TypedResults.Ok(codes with { Id = appointmentId });
    }

    private static (IssuedCodes Codes, CodeHashes Hashes) NewCodes(AccessCodeHasher hasher)
    {
        var organizer = AccessCode.Generate();
        string participant;
        do participant = AccessCode.Generate(); while (participant == organizer);
        return (new IssuedCodes(Guid.Empty, AccessCode.Format(organizer), AccessCode.Format(participant)),
            new CodeHashes(hasher.Hash(organizer), hasher.Hash(participant)));
    }

    private static AppointmentSummary Summary(AppointmentRow row, TimeZoneInfo zone)
    {
        var start = SqlDialect.Instant(row.PlannedStartUtc);
        var local = PracticeTime.ToLocal(start, zone);
        return new AppointmentSummary(SqlDialect.ParseId(row.Id), start, PracticeTime.DateText(local), PracticeTime.TimeText(local),
            SealedValue.From(row.PatientLabelCiphertext, row.PatientLabelIv));
    }

    private static SealedValue? Sealed(IReadOnlyList<SealedCodeRow> codes, ParticipantRole role) =>
        codes.FirstOrDefault(c => c.Role == AppointmentStore.RoleName(role)) is { SealedCode: { } ciphertext, SealedCodeIv: { } iv }
            ? SealedValue.From(ciphertext, iv)
            : null;

    private static string LocalText(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = PracticeTime.ToLocal(instant, zone);
        return PracticeTime.DateText(local) + "T" + PracticeTime.TimeText(local);
    }

    private static IResult NotFound(HttpContext context) => Problems.Status(context, StatusCodes.Status404NotFound, "appointment.notFound");

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId} created in practice {PracticeId}")]
    private static partial void LogCreated(ILogger logger, Guid appointmentId, Guid practiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId} deleted in practice {PracticeId}")]
    private static partial void LogDeleted(ILogger logger, Guid appointmentId, Guid practiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access codes of appointment {AppointmentId} renewed in practice {PracticeId}")]
    private static partial void LogRenewed(ILogger logger, Guid appointmentId, Guid practiceId);
}
