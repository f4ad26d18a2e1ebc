using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Gateway.Api;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Cameras;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Media;
using PoseCluster.Gateway.Nodes;
using PoseCluster.Gateway.Storage;
using PoseCluster.ServiceDefaults.Metrics;

namespace PoseCluster.Gateway;

/// <summary>How a web host becomes the gateway: <see cref="AddGatewayServices"/> registers it, <see cref="MapGatewayApi"/> maps it.</summary>
public static class Extensions
{
    /// <summary>
    /// Validates <paramref name="options"/> (one clear <see cref="ArgumentException"/> for the first invalid one) and
    /// registers the gateway: store, authentication (API keys and session cookies) with roles, the live feed (silo
    /// streams in, SignalR out), the API's JSON and problem details, the OpenAPI document and its metrics.
    /// </summary>
    public static TBuilder AddGatewayServices<TBuilder>(this TBuilder builder, GatewayOptions options)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // Every anonymous page view would log a challenge: keep the log for what matters.
        builder.Logging.AddFilter(typeof(GatewayAuthenticationHandler).FullName, LogLevel.Warning);
        services.Configure<PrometheusExporterOptions>(o => o.Node = "gateway");
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = options.Limits.MaxImportBytes);
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        services.AddProblemDetails();
        // Nothing of the gateway encrypts with ASP.NET data protection (sessions are store-backed tokens): keep its keys in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // Store first: every other part reads it once the host has started.
        services.AddSingleton<GatewayStore>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayStore>());
        services.AddHostedService<AccessBootstrapper>();

        services.AddSingleton<CredentialCache>();
        services.AddAuthentication(GatewayRoles.Scheme).AddScheme<AuthenticationSchemeOptions, GatewayAuthenticationHandler>(GatewayRoles.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayRoles.ViewPolicy, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.Admin, GatewayRoles.Viewer))
            .AddPolicy(GatewayRoles.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.Admin))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(GatewayRoles.Admin, GatewayRoles.Viewer).Build());
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AuthEndpoints.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Auth.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddSignalR(o =>
            {
                o.EnableDetailedErrors = false;
                o.MaximumReceiveMessageSize = 64 * 1024;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<GatewayOpenApiTransformer>());

        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MediaLibrary>();
        services.AddSingleton<CameraInputValidator>();
        services.AddSingleton<SiloDataPlaneClient>();
        services.AddSingleton<EpochGate>();
        services.AddSingleton<CameraLiveBoard>();
        services.AddSingleton<SiteLiveBoard>();
        services.AddSingleton<PoseFeedRouter>();
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<CameraViewFactory>();
        services.AddSingleton<NodeViewFactory>();
        services.AddSingleton<ClusterStateCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterStateCache>());
        services.AddSingleton<ZoneOccupancyTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<ZoneOccupancyTracker>());
        services.AddSingleton<LiveClientRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveClientRegistry>());
        services.AddSingleton<SiloStreamSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloStreamSupervisor>());
        return builder;
    }

    /// <summary>
    /// Maps the gateway: the login page and its assets (open), the dashboard, the REST API under <c>/api</c>, the OpenAPI
    /// document at <c>/api/openapi.json</c> and the live hub at <c>/hubs/live</c> — all behind a login or API key.
    /// </summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<GatewayOptions>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        IFileProvider dashboard = Directory.Exists(options.DashboardRoot) ? new PhysicalFileProvider(options.DashboardRoot) : new NullFileProvider();
        if (dashboard is NullFileProvider)
        {
            app.Logger.LogWarning("The dashboard's files are missing ({Folder}); the API works without them", options.DashboardRoot);
        }

        Action<StaticFileResponseContext> noCache = c => c.Context.Response.Headers.CacheControl = "no-cache";
        // The login page's assets are public; everything after the authorization middleware needs a login.
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/public", FileProvider = Sub(dashboard, "public"), OnPrepareResponse = noCache });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = dashboard, OnPrepareResponse = noCache });

        app.MapGet("/login", (HttpContext context) =>
            {
                var page = dashboard.GetFileInfo("login.html");
                context.Response.Headers.CacheControl = "no-cache";
                return page.Exists ? Results.File(page.CreateReadStream(), "text/html; charset=utf-8") : Results.NotFound();
            })
            .AllowAnonymous().ExcludeFromDescription();

        var api = app.MapGroup("/api");
        api.MapAuthEndpoints();
        api.MapCameraEndpoints();
        api.MapSiteEndpoints();
        api.MapZoneEndpoints();
        api.MapCalibrationEndpoints();
        api.MapFloorZoneEndpoints();
        api.MapSiteActivityEndpoints();
        api.MapWebhookEndpoints();
        api.MapNodeEndpoints();
        api.MapActivityEndpoints();
        api.MapAccessEndpoints();
        api.MapMediaEndpoints();
        app.MapOpenApi("/api/openapi.json");
        app.MapHub<LiveHub>("/hubs/live");
        return app;
    }

    private static IFileProvider Sub(IFileProvider provider, string folder) =>
        provider is PhysicalFileProvider physical && Directory.Exists(Path.Combine(physical.Root, folder))
            ? new PhysicalFileProvider(Path.Combine(physical.Root, folder))
            : new NullFileProvider();
}
