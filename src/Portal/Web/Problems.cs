namespace RedConnect.Portal.Web;

/// <summary>Per-field errors collected during validation; field names are the JSON property names (and the form's element ids).</summary>
public sealed class FieldErrors(UiLanguage language)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public UiLanguage Language => language;

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string messageKey, params object[] args)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(Messages.Get(messageKey, language, args));
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

/// <summary>RFC 9457 problem responses with a localised title; validation problems carry <c>errors</c> per field.</summary>
public static class Problems
{
    public static IResult Validation(FieldErrors errors, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Title = Messages.Get("validation.title", errors.Language),
            Status = status,
        });

    public static IResult Status(HttpContext context, int status, string messageKey, params object[] args) =>
        Results.Problem(title: Messages.Get(messageKey, Messages.LanguageOf(context), args), statusCode: status);
}
