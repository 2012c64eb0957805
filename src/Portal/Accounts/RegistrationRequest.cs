using RedConnect.Portal.Security;
using RedConnect.Portal.Web;

namespace RedConnect.Portal.Accounts;

/// <summary>The registration form (F1) plus the key material the browser created (F3). The password never arrives.</summary>
public sealed record RegistrationRequest
{
    public string? PracticeShortName { get; init; }
    public string? UserShortName { get; init; }
    public string? PracticeName { get; init; }
    public string? Email { get; init; }
    public string? Lanr { get; init; }
    public string? Bsnr { get; init; }
    public string? PostalCode { get; init; }
    public bool? AcceptNoReset { get; init; }
    public string? KdfSalt { get; init; }
    public int? KdfIterations { get; init; }
    public string? AuthKey { get; init; }
    public string? WrappedPracticeKey { get; init; }
    public string? WrappedPracticeKeyIv { get; init; }
}

public sealed record ValidRegistration(NewPractice Practice, string UserShortName, byte[] KdfSalt, int KdfIterations,
    byte[] AuthKey, byte[] WrappedPracticeKey, byte[] WrappedPracticeKeyIv);

/// <summary>Every rule of F1 on the server, one message per field; a request passes only when no field has an error.</summary>
public static class RegistrationValidator
{
    public const int PracticeNameMaxLength = 100;

    public static ValidRegistration? Validate(RegistrationRequest r, FieldErrors errors)
    {
        var practiceShortName = ValidateShortName(r.PracticeShortName, "practiceShortName", errors);
        var userShortName = ValidateShortName(r.UserShortName, "userShortName", errors);
        var practiceName = ValidatePracticeName(r.PracticeName, errors);
        var email = ValidateEmail(r.Email, errors);
        var lanr = ValidateDigits(r.Lanr, 9, "lanr", errors);
        var bsnr = ValidateDigits(r.Bsnr, 9, "bsnr", errors);
        var postalCode = ValidateDigits(r.PostalCode, 5, "postalCode", errors);
        if (r.AcceptNoReset != true) errors.Add("acceptNoReset", "acceptNoReset.required");

        var salt = Base64Exactly(r.KdfSalt, KeyDerivationParameters.SaltBytes, "kdfSalt", errors);
        if (r.KdfIterations is not (>= KeyDerivationParameters.MinIterations and <= KeyDerivationParameters.MaxIterations))
            errors.Add("kdfIterations", "keys.invalid");
        var authKey = Base64Exactly(r.AuthKey, KeyDerivationParameters.AuthKeyBytes, "authKey", errors);
        var wrapped = Base64Exactly(r.WrappedPracticeKey, KeyDerivationParameters.WrappedPracticeKeyBytes, "wrappedPracticeKey", errors);
        var iv = Base64Exactly(r.WrappedPracticeKeyIv, KeyDerivationParameters.GcmIvBytes, "wrappedPracticeKeyIv", errors);

        if (errors.Any) return null;
        return new ValidRegistration(
            new NewPractice(practiceShortName!, practiceName!, email!, lanr!, bsnr!, postalCode!),
            userShortName!, salt!, r.KdfIterations!.Value, authKey!, wrapped!, iv!);
    }

    public static string? ValidateShortName(string? input, string field, FieldErrors errors)
    {
        var value = input is null ? "" : ShortName.Normalize(input);
        if (value.Length == 0) { errors.Add(field, field + ".required"); return null; }
        var ok = true;
        if (value.Length is < ShortName.MinLength or > ShortName.MaxLength) { errors.Add(field, field + ".length"); ok = false; }
        if (!ShortName.HasOnlyAllowedCharacters(value)) { errors.Add(field, field + ".characters"); ok = false; }
        return ok ? value : null;
    }

    public static string? ValidatePracticeName(string? input, FieldErrors errors)
    {
        var value = input?.Trim().Normalize(System.Text.NormalizationForm.FormC) ?? "";
        if (value.Length == 0) { errors.Add("practiceName", "practiceName.required"); return null; }
        if (value.Length > PracticeNameMaxLength) { errors.Add("practiceName", "practiceName.length"); return null; }
        if (value.Any(char.IsControl)) { errors.Add("practiceName", "practiceName.characters"); return null; }
        return value;
    }

    public static string? ValidateEmail(string? input, FieldErrors errors)
    {
        var value = input?.Trim() ?? "";
        if (value.Length == 0) { errors.Add("email", "email.required"); return null; }
        if (!EmailAddress.IsValid(value)) { errors.Add("email", "email.format"); return null; }
        return value;
    }

    /// <summary>Exactly <paramref name="count"/> ASCII digits after trimming (no other Unicode digits).</summary>
    public static string? ValidateDigits(string? input, int count, string field, FieldErrors errors)
    {
        var value = input?.Trim() ?? "";
        if (value.Length != count || !value.All(char.IsAsciiDigit)) { errors.Add(field, field + ".format"); return null; }
        return value;
    }

    public static byte[]? Base64Exactly(string? input, int length, string field, FieldErrors errors)
    {
        var bytes = Base64.TryDecode(input, length);
        if (bytes is null || bytes.Length != length) { errors.Add(field, "keys.invalid"); return null; }
        return bytes;
    }
}
