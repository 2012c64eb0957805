using RedConnect.Portal.Accounts;
using RedConnect.Portal.Appointments;
using RedConnect.Portal.Data;
using RedConnect.Portal.Hosting;
using RedConnect.Portal.Web;
using RedConnect.Signaling;

try
{
    var builder = WebApplication.CreateBuilder(PortalHost.Options(args));
    builder.UseRedConnectDefaults();
    builder.Services.AddRedConnectData(builder.Configuration, builder.Environment);
    builder.Services.AddRedConnectAccounts(builder.Configuration);
    builder.Services.AddRedConnectSignaling(builder.Configuration);
    builder.Services.AddRedConnectTurn(builder.Configuration);
    builder.Services.AddRedConnectSfu(builder.Configuration);
    builder.Services.AddRedConnectAppointments(builder.Configuration);
    builder.Services.AddProblemDetails();

    var app = builder.Build();
    app.UseRedConnectSecurityHeaders();
    app.UseExceptionHandler();
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapRedConnectApi();
    app.MapRedConnectPages();
    app.MapRedConnectSignaling();
    app.MapRedConnectSfu();
    app.LogStartupUrl();
    app.Run();
    return 0;
}
catch (Exception exception) when (PortalHost.IsThisProcess && PortalHost.ConfigurationErrors(exception) is { Count: > 0 } errors)
{
    // A bad setting: say which, one line each, and stop — no stack trace for an operator to decode. (A test
    // host running this entry point in its own process gets the exception itself, as before.)
    foreach (string error in errors) Console.Error.WriteLine($"redconnect: error: {error}");
    Console.Error.WriteLine($"redconnect: {errors.Count} configuration error(s); not started.");
    return 1;
}

/// <summary>The entry point; public so the tests can host the real app.</summary>
public partial class Program;
