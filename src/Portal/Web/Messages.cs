using System.Collections.Frozen;
using System.Globalization;

namespace RedConnect.Portal.Web;

public enum UiLanguage { German, English }

/// <summary>
/// The texts the server sends to the UI (validation and error messages), German first, English when the
/// user switched the UI to English (cookie <c>rc_lang=en</c>, set by the browser's language switch).
/// </summary>
public static class Messages
{
    public const string LanguageCookie = "rc_lang";

    public static UiLanguage LanguageOf(HttpContext context) =>
        context.Request.Cookies[LanguageCookie] == "en" ? UiLanguage.English : UiLanguage.German;

    public static string Get(string key, UiLanguage language, params object[] args)
    {
        if (!Texts.TryGetValue(key, out var text)) throw new KeyNotFoundException($"no message '{key}'");
        var format = language == UiLanguage.English ? text.En : text.De;
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }

    private static readonly FrozenDictionary<string, (string De, string En)> Texts = new Dictionary<string, (string, string)>
    {
        ["validation.title"] = ("Bitte prüfen Sie die markierten Angaben.", "Please check the marked entries."),
        ["field.invalid"] = ("Dieser Wert hat nicht das erwartete Format.", "This value does not have the expected format."),
        ["request.invalidJson"] = ("Die Anfrage ist ungültig.", "The request is not valid."),
        ["request.tooLarge"] = ("Die Anfrage ist zu groß.", "The request is too large."),
        ["request.unsupportedMediaType"] = ("Die Anfrage muss JSON enthalten.", "The request must contain JSON."),
        ["request.forgery"] = (
            "Die Anfrage konnte nicht überprüft werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
            "The request could not be verified. Please reload the page and try again."),
        ["auth.required"] = ("Bitte melden Sie sich an.", "Please log in."),

        ["practiceShortName.required"] = ("Bitte geben Sie den Kurznamen der Praxis an.", "Please enter the practice short name."),
        ["practiceShortName.length"] = ("Der Kurzname der Praxis muss 2 bis 32 Zeichen lang sein.", "The practice short name must be 2 to 32 characters long."),
        ["practiceShortName.characters"] = (
            "Der Kurzname der Praxis darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (keine Leerzeichen).",
            "The practice short name may contain only letters, digits, dot, hyphen and underscore (no spaces)."),
        ["practiceShortName.taken"] = (
            "Dieser Kurzname der Praxis ist bereits vergeben. Bitte wählen Sie einen anderen.",
            "This practice short name is already taken. Please choose another one."),
        ["userShortName.required"] = ("Bitte geben Sie den Kurznamen des Benutzers an.", "Please enter the user short name."),
        ["userShortName.length"] = ("Der Kurzname des Benutzers muss 2 bis 32 Zeichen lang sein.", "The user short name must be 2 to 32 characters long."),
        ["userShortName.characters"] = (
            "Der Kurzname des Benutzers darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (keine Leerzeichen).",
            "The user short name may contain only letters, digits, dot, hyphen and underscore (no spaces)."),
        ["practiceName.required"] = ("Bitte geben Sie den Namen der Praxis an.", "Please enter the name of the practice."),
        ["practiceName.length"] = ("Der Name der Praxis darf höchstens 100 Zeichen lang sein.", "The practice name may be at most 100 characters long."),
        ["practiceName.characters"] = ("Der Name der Praxis enthält unzulässige Zeichen.", "The practice name contains characters that are not allowed."),
        ["email.required"] = ("Bitte geben Sie eine E-Mail-Adresse an.", "Please enter an e-mail address."),
        ["email.format"] = (
            "Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. praxis@beispiel.de).",
            "Please enter a valid e-mail address (e.g. practice@example.com)."),
        ["lanr.format"] = (
            "Die LANR besteht aus genau 9 Ziffern. Ohne KV-Zulassung geben Sie 999999999 ein.",
            "The LANR consists of exactly 9 digits. Without KV admission enter 999999999."),
        ["bsnr.format"] = (
            "Die BSNR besteht aus genau 9 Ziffern. Ohne KV-Zulassung geben Sie 999999999 ein.",
            "The BSNR consists of exactly 9 digits. Without KV admission enter 999999999."),
        ["postalCode.format"] = (
            "Die Postleitzahl besteht aus genau 5 Ziffern. Außerhalb Deutschlands geben Sie 99999 ein.",
            "The postal code consists of exactly 5 digits. Outside Germany enter 99999."),
        ["acceptNoReset.required"] = (
            "Bitte bestätigen Sie, dass ein vergessenes Passwort nicht zurückgesetzt werden kann.",
            "Please confirm that a forgotten password cannot be reset."),
        ["keys.invalid"] = (
            "Die im Browser erzeugten Schlüsseldaten sind ungültig. Bitte laden Sie die Seite neu.",
            "The key data created in the browser is not valid. Please reload the page."),

        ["login.failed"] = (
            "Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie den Kurznamen der Praxis, den Kurznamen des Benutzers und das Passwort.",
            "Login failed. Please check the practice short name, the user short name and the password."),
        ["login.locked"] = (
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {0} Minuten erneut.",
            "Too many failed login attempts. Please try again in {0} minutes."),

        ["appointment.notFound"] = ("Diesen Termin gibt es nicht (mehr).", "This appointment does not exist (any more)."),
        ["patientLabel.invalid"] = (
            "Bitte geben Sie eine Patientenbezeichnung an (höchstens 200 Zeichen).",
            "Please enter a patient label (at most 200 characters)."),
        ["plannedDate.format"] = ("Bitte geben Sie ein gültiges Datum an.", "Please enter a valid date."),
        ["plannedDate.range"] = ("Das Datum muss in den Jahren 2000 bis 2099 liegen.", "The date must be in the years 2000 to 2099."),
        ["plannedTime.format"] = ("Bitte geben Sie eine gültige Uhrzeit an (SS:MM).", "Please enter a valid time (HH:MM)."),
        ["sealedCodes.invalid"] = (
            "Die verschlüsselten Zugangscodes sind ungültig.",
            "The encrypted access codes are not valid."),
    }.ToFrozenDictionary();
}
