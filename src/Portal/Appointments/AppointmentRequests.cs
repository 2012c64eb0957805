using RedConnect.Portal.Web;

namespace RedConnect.Portal.Appointments;

public sealed class AppointmentRequest
{
    public SealedValue? PatientLabel { get; init; }
    public string? PlannedDate { get; init; }
    public string? PlannedTime { get; init; }
}

public sealed class SealedCodesRequest
{
    public SealedValue? Organizer { get; init; }
    public SealedValue? Participant { get; init; }
}

public sealed record ValidAppointment(DateOnly Date, TimeOnly Time, SealedBytes PatientLabel);

public static class AppointmentValidator
{
    /// <summary>The UI allows 200 characters; UTF-8 needs at most 4 bytes each.</summary>
    public const int MaxPatientLabelBytes = 800;

    /// <summary>A sealed access code holds the 14-character display form; room for a little more.</summary>
    public const int MaxSealedCodeBytes = 32;

    public static ValidAppointment? Validate(AppointmentRequest request, FieldErrors errors)
    {
        var label = SealedBytes.Validate(request.PatientLabel, MaxPatientLabelBytes, "patientLabel", "patientLabel.invalid", errors);
        DateOnly date = default;
        if (!PracticeTime.TryParseDate(request.PlannedDate, out date)) errors.Add("plannedDate", "plannedDate.format");
        else if (date.Year is < 2000 or > 2099) errors.Add("plannedDate", "plannedDate.range");
        if (!PracticeTime.TryParseTime(request.PlannedTime, out var time)) errors.Add("plannedTime", "plannedTime.format");
        return errors.Any ? null : new ValidAppointment(date, time, label!);
    }
}

public sealed record AppointmentSummary(Guid Id, DateTimeOffset PlannedStartUtc, string PlannedDate, string PlannedTime, SealedValue PatientLabel);

public sealed record AppointmentList(string TimeZone, IReadOnlyList<AppointmentSummary> Upcoming, IReadOnlyList<AppointmentSummary> Past);

/// <summary>
/// One appointment with what the detail view needs: the codes' validity window (F8) as instants and as
/// wall-clock text in the practice zone, and the codes sealed by the browser (null until it stored them).
/// </summary>
public sealed record AppointmentDetail(
    Guid Id, DateTimeOffset PlannedStartUtc, string PlannedDate, string PlannedTime, string TimeZone, SealedValue PatientLabel,
    DateTimeOffset ValidFromUtc, DateTimeOffset ValidUntilUtc, string ValidFromLocal, string ValidUntilLocal,
    SealedValue? OrganizerCode, SealedValue? ParticipantCode, DateTimeOffset CreatedUtc, DateTimeOffset UpdatedUtc);

/// <summary>The clear codes, returned exactly once (at creation or renewal) so the browser can show and seal them.</summary>
public sealed record IssuedCodes(Guid Id, string OrganizerCode, string ParticipantCode);
