using System.Text.Json;

namespace RedConnect.Portal.Web;

/// <summary>
/// Reads a JSON request body with a size limit and turns every way it can be wrong (not JSON, too large,
/// a value of the wrong type) into a problem response naming the field, instead of the framework's bare 400.
/// </summary>
public static class JsonBody
{
    /// <summary>Upper bound for every JSON body of the portal API; the largest real one (registration) is ~1 KB.</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
        MaxDepth = 8,
    };

    public readonly record struct Result<T>(T? Value, IResult? Problem) where T : class;

    public static async Task<Result<T>> ReadAsync<T>(HttpContext context, int maxBytes = MaxBytes) where T : class
    {
        var request = context.Request;
        var language = Messages.LanguageOf(context);
        if (request.ContentType is not { } contentType ||
            !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Fail(StatusCodes.Status415UnsupportedMediaType, "request.unsupportedMediaType");
        if (request.ContentLength > maxBytes)
            return Fail(StatusCodes.Status413PayloadTooLarge, "request.tooLarge");

        // Read at most maxBytes + 1 so a body without Content-Length cannot grow past the limit either.
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
                length += read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "request.tooLarge");
        }
        if (length > maxBytes) return Fail(StatusCodes.Status413PayloadTooLarge, "request.tooLarge");

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), Options);
            return value is null ? Fail(StatusCodes.Status400BadRequest, "request.invalidJson") : new Result<T>(value, null);
        }
        catch (JsonException e) when (FieldOf(e.Path) is { } field)
        {
            var errors = new FieldErrors(language);
            errors.Add(field, "field.invalid");
            return new Result<T>(null, Problems.Validation(errors));
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, "request.invalidJson");
        }

        Result<T> Fail(int status, string key) =>
            new(null, Results.Problem(title: Messages.Get(key, language), statusCode: status));
    }

    /// <summary>"$.lanr" → "lanr", "$.organizer.iv" → "organizer.iv"; null for the root or an unknown position.</summary>
    private static string? FieldOf(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
}
