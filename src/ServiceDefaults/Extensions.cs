using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.ServiceDefaults.Health;
using PoseCluster.ServiceDefaults.Metrics;

namespace PoseCluster.ServiceDefaults;

/// <summary>
/// Service defaults shared by PoseCluster's web hosts (silo, gateway): single-line console logging whose level
/// <c>POSECLUSTER_LOG</c> sets, health checks (<c>/health</c> = everything, <c>/alive</c> = the process answers) and the
/// Prometheus exporter behind <c>/metrics</c>.
/// </summary>
public static class Extensions
{
    /// <summary>The tag of health checks that say only whether the process is alive.</summary>
    public const string LiveTag = "live";

    /// <summary>Adds logging, the liveness check and the metrics exporter.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("POSECLUSTER_LOG")?.ToLowerInvariant() switch
        {
            "debug" => LogLevel.Debug,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

        builder.Services.AddMetrics();
        builder.Services.AddOptions<PrometheusExporterOptions>().Validate(o =>
        {
            o.Validate();
            return true;
        });
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("the process answers"), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <c>/health</c>, <c>/alive</c> (both open to anonymous callers) and <c>/metrics</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Created now, not on the first scrape: histograms and counters only see measurements made while it listens.
        app.Services.GetRequiredService<PrometheusExporter>();
        // Health endpoints stay open on hosts that require a login for everything else (the gateway).
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous();
        app.MapGet("/metrics", async (HttpContext context, PrometheusExporter exporter) =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            await exporter.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
