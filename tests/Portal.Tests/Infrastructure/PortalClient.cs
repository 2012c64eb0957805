using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedConnect.Portal.Tests.Infrastructure;

/// <summary>An HTTP client that behaves like the portal's pages: cookies, anti-forgery header, JSON bodies.</summary>
public sealed class PortalClient(HttpClient http) : IDisposable
{
    private string? _token;

    public HttpClient Http => http;

    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            var response = await http.GetFromJsonAsync<JsonObject>("/api/antiforgery");
            _token = response!["token"]!.GetValue<string>();
        }
        return _token;
    }

    /// <summary>Anti-forgery tokens are bound to the identity: pages fetch a new one after login or logout.</summary>
    public void ForgetToken() => _token = null;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withToken = true,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (withToken && method != HttpMethod.Get) request.Headers.Add("X-CSRF-TOKEN", await TokenAsync());
        if (body is string raw) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        configure?.Invoke(request);
        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null, bool withToken = true) => SendAsync(HttpMethod.Post, path, body, withToken);

    public Task<HttpResponseMessage> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<HttpResponseMessage> RegisterAsync(TestAccount account)
    {
        var response = await PostAsync("/api/register", account.RegistrationBody());
        ForgetToken();
        return response;
    }

    public async Task<HttpResponseMessage> LoginAsync(string practice, string user, byte[] authKey)
    {
        var response = await PostAsync("/api/auth/login", new { practice, user, authKey = Convert.ToBase64String(authKey) });
        ForgetToken();
        return response;
    }

    public Task<HttpResponseMessage> LoginAsync(TestAccount account) => LoginAsync(account.PracticeShortName, account.UserShortName, account.AuthKey);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The problem's <c>errors</c> object as field → messages.</summary>
    public static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var json = await JsonAsync(response);
        return json["errors"]?.Deserialize<Dictionary<string, string[]>>() ?? [];
    }

    public static async Task<string?> TitleAsync(HttpResponseMessage response) => (await JsonAsync(response))["title"]?.GetValue<string>();

    public void Dispose() => http.Dispose();
}
