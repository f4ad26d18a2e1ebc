using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/sites/{id}/zones</c>: zones of a site's floor plan (polygons in metres), where the site grain counts people
/// from fused floor positions, raises restricted-entry and loitering events.
/// </summary>
internal static class FloorZoneEndpoints
{
    public static RouteGroupBuilder MapFloorZoneEndpoints(this RouteGroupBuilder api)
    {
        var zones = api.MapGroup("/sites/{id:guid}/zones").WithTags("Floor zones");
        zones.MapGet("", ListAsync)
            .WithName("ListFloorZones").WithSummary("A site's floor-plan zones with the persons in each now.")
            .Produces<FloorZoneView[]>().ProducesProblem(StatusCodes.Status404NotFound);
        zones.MapPost("", CreateAsync)
            .WithName("CreateFloorZone").WithSummary("Draws a zone on a site's floor plan (admin): polygon in metres, restricted flag, loitering threshold.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<FloorZoneInput>("application/json").Produces<FloorZoneView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        zones.MapGet("/{zoneId:guid}", GetAsync)
            .WithName("GetFloorZone").WithSummary("A floor-plan zone.").Produces<FloorZoneView>().ProducesProblem(StatusCodes.Status404NotFound);
        zones.MapPut("/{zoneId:guid}", UpdateAsync)
            .WithName("UpdateFloorZone").WithSummary("Renames, redraws or reconfigures a floor-plan zone (admin).")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<FloorZoneInput>("application/json").Produces<FloorZoneView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        zones.MapDelete("/{zoneId:guid}", DeleteAsync)
            .WithName("DeleteFloorZone").WithSummary("Deletes a floor-plan zone (admin).")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static FloorZoneView View(SiteZoneRecord zone, SiteLiveBoard board) => new(
        zone.Id,
        zone.SiteId,
        zone.Name,
        [.. zone.Polygon.Select(p => new[] { p.X, p.Y })],
        zone.Restricted,
        zone.LoiteringSeconds,
        board.Latest(zone.SiteId)?.Zones.FirstOrDefault(z => z.Name == zone.Name)?.Persons,
        zone.CreatedAt,
        zone.UpdatedAt);

    private static async Task<IResult> ListAsync(Guid id, GatewayStore store, ClusterStateCache state, SiteLiveBoard board, CancellationToken cancellationToken)
    {
        if (state.Current.Sites.All(s => s.Id != id))
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var zones = await store.Store.ListSiteZonesAsync(id, cancellationToken).ConfigureAwait(false);
        return Results.Ok(zones.Select(z => View(z, board)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, Guid zoneId, GatewayStore store, SiteLiveBoard board, CancellationToken cancellationToken) =>
        await store.Store.GetSiteZoneAsync(zoneId, cancellationToken).ConfigureAwait(false) is { } zone && zone.SiteId == id
            ? Results.Ok(View(zone, board))
            : ApiProblems.NotFound($"Site {id} has no zone {zoneId}.");

    private static async Task<IResult> CreateAsync(Guid id, HttpContext context, GatewayStore store, SiteLiveBoard board, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<FloorZoneInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (Definition(input, errors) is not { } zone)
        {
            return ApiProblems.Validation(errors, "The zone is invalid.");
        }

        try
        {
            var record = await store.Store.AddSiteZoneAsync(id, zone, context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/sites/{id}/zones/{record.Id}", View(record, board));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, Guid zoneId, HttpContext context, GatewayStore store, SiteLiveBoard board, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<FloorZoneInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (Definition(input, errors) is not { } zone)
        {
            return ApiProblems.Validation(errors, "The zone is invalid.");
        }

        if (await store.Store.GetSiteZoneAsync(zoneId, context.RequestAborted).ConfigureAwait(false) is not { } existing || existing.SiteId != id)
        {
            return ApiProblems.NotFound($"Site {id} has no zone {zoneId}.");
        }

        try
        {
            var record = await store.Store.UpdateSiteZoneAsync(zoneId, zone, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(View(record, board));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, Guid zoneId, GatewayStore store, CancellationToken cancellationToken)
    {
        if (await store.Store.GetSiteZoneAsync(zoneId, cancellationToken).ConfigureAwait(false) is not { } existing || existing.SiteId != id
            || !await store.Store.DeleteSiteZoneAsync(zoneId, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.NotFound($"Site {id} has no zone {zoneId}.");
        }

        return Results.NoContent();
    }

    private static SiteZoneDefinition? Definition(FloorZoneInput input, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required");
        }
        else if (input.Name.Length > 100 || input.Name.Any(char.IsControl))
        {
            errors.Add("name", "must be 1-100 characters without control characters");
        }

        if (input.Polygon is not { } polygon || polygon.Count is < 3 or > ZoneDefinition.MaxPoints)
        {
            errors.Add("polygon", $"needs 3 to {ZoneDefinition.MaxPoints} points");
        }
        else
        {
            for (var i = 0; i < polygon.Count; i++)
            {
                if (polygon[i] is not { Count: 2 } point || point.Any(v => !double.IsFinite(v) || Math.Abs(v) > 100_000))
                {
                    errors.Add($"polygon[{i}]", "must be [x, y] in floor metres (finite, within 100 km of the origin)");
                }
            }
        }

        if (input.LoiteringSeconds is { } seconds && (!double.IsFinite(seconds) || seconds is < 1 or > 86_400))
        {
            errors.Add("loitering_seconds", "must be between 1 and 86400 seconds, or null for never");
        }

        if (errors.Any)
        {
            return null;
        }

        return new SiteZoneDefinition
        {
            Name = input.Name!.Trim(),
            Polygon = [.. input.Polygon!.Select(p => new ZonePoint(p[0], p[1]))],
            Restricted = input.Restricted ?? false,
            LoiteringSeconds = input.LoiteringSeconds,
        };
    }
}
