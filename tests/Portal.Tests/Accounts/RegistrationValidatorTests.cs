using RedConnect.Portal.Accounts;
using RedConnect.Portal.Tests.Infrastructure;
using RedConnect.Portal.Web;

namespace RedConnect.Portal.Tests.Accounts;

/// <summary>Every rule of F1, one by one, on the server's validator.</summary>
public sealed class RegistrationValidatorTests
{
    private static RegistrationRequest Valid() => new()
    {
        PracticeShortName = "praxis-test", UserShortName = "dr.m", PracticeName = "Praxis Dr. Muster", Email = "praxis@example.de",
        Lanr = "123456789", Bsnr = "987654321", PostalCode = "10115", AcceptNoReset = true,
        KdfSalt = Convert.ToBase64String(new byte[16]), KdfIterations = 600_000, AuthKey = Convert.ToBase64String(new byte[32]),
        WrappedPracticeKey = Convert.ToBase64String(new byte[48]), WrappedPracticeKeyIv = Convert.ToBase64String(new byte[12]),
    };

    private static (ValidRegistration? Result, IDictionary<string, string[]> Errors) Run(RegistrationRequest request, UiLanguage language = UiLanguage.German)
    {
        var errors = new FieldErrors(language);
        var result = RegistrationValidator.Validate(request, errors);
        return (result, errors.ToDictionary());
    }

    private static void AssertOnlyError(RegistrationRequest request, string field, string expectedMessage)
    {
        var (result, errors) = Run(request);
        Assert.Null(result);
        Assert.Equal([field], errors.Keys);
        Assert.Contains(expectedMessage, errors[field]);
    }

    [Fact]
    public void A_complete_registration_passes_with_trimmed_values()
    {
        var (result, errors) = Run(Valid() with
        {
            PracticeShortName = "  praxis-test ", UserShortName = " dr.m ", PracticeName = " Praxis Dr. Muster ", Email = " praxis@example.de ",
            Lanr = " 123456789 ", PostalCode = " 10115 ",
        });
        Assert.Empty(errors);
        Assert.Equal("praxis-test", result!.Practice.ShortName);
        Assert.Equal("dr.m", result.UserShortName);
        Assert.Equal("Praxis Dr. Muster", result.Practice.Name);
        Assert.Equal("praxis@example.de", result.Practice.Email);
        Assert.Equal("123456789", result.Practice.Lanr);
        Assert.Equal("10115", result.Practice.PostalCode);
    }

    [Theory]
    [InlineData("", "Bitte geben Sie den Kurznamen der Praxis an.")]
    [InlineData("   ", "Bitte geben Sie den Kurznamen der Praxis an.")]
    [InlineData("a", "Der Kurzname der Praxis muss 2 bis 32 Zeichen lang sein.")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "Der Kurzname der Praxis muss 2 bis 32 Zeichen lang sein.")]
    [InlineData("praxis test", "Der Kurzname der Praxis darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (keine Leerzeichen).")]
    [InlineData("praxis/1", "Der Kurzname der Praxis darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (keine Leerzeichen).")]
    public void Practice_short_name_rules(string input, string message) =>
        AssertOnlyError(Valid() with { PracticeShortName = input }, "practiceShortName", message);

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijabcdefghijabcdefghijab")]
    [InlineData("Praxis_Müller-2.0")]
    public void Practice_short_names_at_the_limits_and_with_umlauts_pass(string input) => Assert.NotNull(Run(Valid() with { PracticeShortName = input }).Result);

    [Theory]
    [InlineData("", "Bitte geben Sie den Kurznamen des Benutzers an.")]
    [InlineData("x", "Der Kurzname des Benutzers muss 2 bis 32 Zeichen lang sein.")]
    [InlineData("dr m", "Der Kurzname des Benutzers darf nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich enthalten (keine Leerzeichen).")]
    public void User_short_name_rules(string input, string message) =>
        AssertOnlyError(Valid() with { UserShortName = input }, "userShortName", message);

    [Fact]
    public void User_short_name_missing_entirely_is_required() =>
        AssertOnlyError(Valid() with { UserShortName = null }, "userShortName", "Bitte geben Sie den Kurznamen des Benutzers an.");

    [Theory]
    [InlineData("", "Bitte geben Sie den Namen der Praxis an.")]
    [InlineData("Praxis\u0007", "Der Name der Praxis enthält unzulässige Zeichen.")]
    public void Practice_name_rules(string input, string message) => AssertOnlyError(Valid() with { PracticeName = input }, "practiceName", message);

    [Fact]
    public void Practice_name_may_have_100_but_not_101_characters()
    {
        Assert.NotNull(Run(Valid() with { PracticeName = new string('P', 100) }).Result);
        AssertOnlyError(Valid() with { PracticeName = new string('P', 101) }, "practiceName", "Der Name der Praxis darf höchstens 100 Zeichen lang sein.");
    }

    [Theory]
    [InlineData("praxis@example.de")]
    [InlineData("dr.erika.muster+video@praxis-muster.example.com")]
    [InlineData("info@zahnärzte-köln.de")]
    public void Valid_email_addresses_pass(string email) => Assert.NotNull(Run(Valid() with { Email = email }).Result);

    [Theory]
    [InlineData("praxis")]
    [InlineData("praxis@")]
    [InlineData("@example.de")]
    [InlineData("praxis@example")]
    [InlineData("pra xis@example.de")]
    [InlineData("praxis@@example.de")]
    [InlineData("praxis@example..de")]
    [InlineData(".praxis@example.de")]
    public void Malformed_email_addresses_are_refused(string email) =>
        AssertOnlyError(Valid() with { Email = email }, "email", "Bitte geben Sie eine gültige E-Mail-Adresse an (z. B. praxis@beispiel.de).");

    [Fact]
    public void Email_is_required() => AssertOnlyError(Valid() with { Email = " " }, "email", "Bitte geben Sie eine E-Mail-Adresse an.");

    [Theory]
    [InlineData("999999999", true)]
    [InlineData("000000000", true)]
    [InlineData(" 123456789 ", true)]
    [InlineData("12345678", false)]
    [InlineData("1234567890", false)]
    [InlineData("12345678a", false)]
    [InlineData("123 45678", false)]
    [InlineData("١٢٣٤٥٦٧٨٩", false)] // Arabic-Indic digits are digits to char.IsDigit, not to F1
    [InlineData("", false)]
    public void Lanr_and_bsnr_are_exactly_nine_digits(string input, bool ok)
    {
        foreach (var (request, field, message) in new[]
        {
            (Valid() with { Lanr = input }, "lanr", "Die LANR besteht aus genau 9 Ziffern. Ohne KV-Zulassung geben Sie 999999999 ein."),
            (Valid() with { Bsnr = input }, "bsnr", "Die BSNR besteht aus genau 9 Ziffern. Ohne KV-Zulassung geben Sie 999999999 ein."),
        })
        {
            if (ok) Assert.NotNull(Run(request).Result);
            else AssertOnlyError(request, field, message);
        }
    }

    [Theory]
    [InlineData("99999", true)]
    [InlineData("01067", true)]
    [InlineData("1234", false)]
    [InlineData("123456", false)]
    [InlineData("1234a", false)]
    [InlineData("", false)]
    public void Postal_code_is_exactly_five_digits(string input, bool ok)
    {
        var request = Valid() with { PostalCode = input };
        if (ok) Assert.NotNull(Run(request).Result);
        else AssertOnlyError(request, "postalCode", "Die Postleitzahl besteht aus genau 5 Ziffern. Außerhalb Deutschlands geben Sie 99999 ein.");
    }

    [Fact]
    public void The_no_reset_acknowledgement_is_required()
    {
        AssertOnlyError(Valid() with { AcceptNoReset = false }, "acceptNoReset", "Bitte bestätigen Sie, dass ein vergessenes Passwort nicht zurückgesetzt werden kann.");
        AssertOnlyError(Valid() with { AcceptNoReset = null }, "acceptNoReset", "Bitte bestätigen Sie, dass ein vergessenes Passwort nicht zurückgesetzt werden kann.");
    }

    [Theory]
    [InlineData("kdfSalt", 15)]
    [InlineData("kdfSalt", 17)]
    [InlineData("authKey", 31)]
    [InlineData("authKey", 33)]
    [InlineData("wrappedPracticeKey", 40)]
    [InlineData("wrappedPracticeKeyIv", 16)]
    public void Key_material_of_the_wrong_size_is_refused(string field, int size)
    {
        var value = Convert.ToBase64String(new byte[size]);
        var request = field switch
        {
            "kdfSalt" => Valid() with { KdfSalt = value },
            "authKey" => Valid() with { AuthKey = value },
            "wrappedPracticeKey" => Valid() with { WrappedPracticeKey = value },
            _ => Valid() with { WrappedPracticeKeyIv = value },
        };
        AssertOnlyError(request, field, "Die im Browser erzeugten Schlüsseldaten sind ungültig. Bitte laden Sie die Seite neu.");
    }

    [Theory]
    [InlineData(599_999)]
    [InlineData(10_000_001)]
    public void Too_few_or_absurdly_many_kdf_iterations_are_refused(int iterations) =>
        AssertOnlyError(Valid() with { KdfIterations = iterations }, "kdfIterations", "Die im Browser erzeugten Schlüsseldaten sind ungültig. Bitte laden Sie die Seite neu.");

    [Fact]
    public void Key_material_that_is_not_base64_is_refused() =>
        AssertOnlyError(Valid() with { AuthKey = "not base64!" }, "authKey", "Die im Browser erzeugten Schlüsseldaten sind ungültig. Bitte laden Sie die Seite neu.");

    [Fact]
    public void Every_wrong_field_gets_its_own_message_at_once()
    {
        var (result, errors) = Run(new RegistrationRequest());
        Assert.Null(result);
        Assert.Equal(
            new[] { "acceptNoReset", "authKey", "bsnr", "email", "kdfIterations", "kdfSalt", "lanr", "postalCode", "practiceName", "practiceShortName", "userShortName", "wrappedPracticeKey", "wrappedPracticeKeyIv" },
            errors.Keys.Order().ToArray());
    }

    [Fact]
    public void Messages_are_english_when_the_ui_is_english()
    {
        var (_, errors) = Run(Valid() with { PostalCode = "1" }, UiLanguage.English);
        Assert.Equal(["The postal code consists of exactly 5 digits. Outside Germany enter 99999."], errors["postalCode"]);
    }

    [Theory]
    [InlineData("Praxis-Müller", "  praxis-müller ")]
    [InlineData("DR.M", "dr.m")]
    public void Short_names_compare_trimmed_and_case_insensitively(string a, string b) => Assert.Equal(ShortName.Key(a), ShortName.Key(b));
}
