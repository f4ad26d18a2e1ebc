using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.DataPlane;

/// <summary><c>POST /sites/{id}/results</c> (results for a site grain on this node) and <c>GET /sites/{id}</c> (its status).</summary>
internal static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sites/{siteId:guid}/results", AcceptAsync);
        routes.MapGet("/sites/{siteId:guid}", (Guid siteId, SiloRuntime runtime) =>
            runtime.Node?.Sites.Find(siteId) is { } site ? Results.Ok(site.Status) : Results.NotFound());
        return routes;
    }

    private static async Task<IResult> AcceptAsync(Guid siteId, HttpContext context, SiloRuntime runtime)
    {
        if (runtime.Node?.Sites.Find(siteId) is not { } site)
        {
            return Results.NotFound(new { not_here = true });
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Results.Problem($"Unreadable results: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        using (json)
        {
            List<Grains.Site.SiteCameraResult> results;
            try
            {
                results = DataPlaneWire.ReadSiteResults(json.RootElement, siteId);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return Results.Problem($"Unreadable results: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }

            var outcome = await site.AcceptAsync(results, context.RequestAborted).ConfigureAwait(false);
            return outcome.NotHere
                ? Results.NotFound(new { not_here = true })
                : Results.Ok(new { accepted = outcome.Accepted, refused_stale = outcome.RefusedStale });
        }
    }
}
