using RedConnect.Portal.Accounts;
using RedConnect.Portal.Appointments;
using RedConnect.Portal.Data;
using RedConnect.Portal.Hosting;
using RedConnect.Portal.Web;
using RedConnect.Signaling;

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

/// <summary>The entry point; public so the tests can host the real app.</summary>
public partial class Program;
