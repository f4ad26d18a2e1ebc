using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Zones;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>Zones: polygons drawn on a camera's image (<c>/api/cameras/{id}/zones</c>, <c>/api/zones/{id}</c>).</summary>
internal static class ZoneEndpoints
{
    public static RouteGroupBuilder MapZoneEndpoints(this RouteGroupBuilder api)
    {
        var zones = api.MapGroup("").WithTags("Zones");
        zones.MapGet("/zones", (Guid? camera, Guid? site, ClusterStateCache state, ZoneOccupancyTracker tracker, TimeProvider time) =>
            {
                var current = state.Current;
                var siteCameras = site is { } s ? current.Cameras.Where(c => c.SiteId == s).Select(c => c.Id).ToHashSet() : null;
                return Results.Ok(current.Zones
                    .Where(z => (camera is null || z.CameraId == camera) && (siteCameras is null || siteCameras.Contains(z.CameraId)))
                    .Select(z => View(z, current, tracker, time)).ToList());
            })
            .WithName("ListZones").WithSummary("Zones, optionally of one camera or one site, with the persons in each now.").Produces<ZoneView[]>();
        zones.MapGet("/cameras/{id:guid}/zones", (Guid id, ClusterStateCache state, ZoneOccupancyTracker tracker, TimeProvider time) =>
            {
                var current = state.Current;
                return current.Cameras.Any(c => c.Id == id)
                    ? Results.Ok(current.ZonesByCamera.GetValueOrDefault(id, []).Select(z => View(z, current, tracker, time)).ToList())
                    : ApiProblems.NotFound($"There is no camera {id}.");
            })
            .WithName("ListCameraZones").WithSummary("A camera's zones.").Produces<ZoneView[]>().ProducesProblem(StatusCodes.Status404NotFound);
        zones.MapPost("/cameras/{id:guid}/zones", CreateAsync)
            .WithName("CreateZone").WithSummary("Draws a zone on a camera's image (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<ZoneInput>("application/json").Produces<ZoneView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        zones.MapGet("/zones/{id:guid}", (Guid id, ClusterStateCache state, ZoneOccupancyTracker tracker, TimeProvider time) =>
                state.Current.Zones.FirstOrDefault(z => z.Id == id) is { } zone ? Results.Ok(View(zone, state.Current, tracker, time)) : ApiProblems.NotFound($"There is no zone {id}."))
            .WithName("GetZone").WithSummary("A zone.").Produces<ZoneView>().ProducesProblem(StatusCodes.Status404NotFound);
        zones.MapPut("/zones/{id:guid}", UpdateAsync)
            .WithName("UpdateZone").WithSummary("Renames or redraws a zone (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<ZoneInput>("application/json").Produces<ZoneView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        zones.MapDelete("/zones/{id:guid}", DeleteAsync)
            .WithName("DeleteZone").WithSummary("Deletes a zone (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static ZoneView View(ZoneRecord zone, ClusterState state, ZoneOccupancyTracker tracker, TimeProvider time) => new(
        zone.Id,
        zone.CameraId,
        state.Cameras.FirstOrDefault(c => c.Id == zone.CameraId)?.Name,
        zone.Name,
        [.. zone.Polygon.Select(p => new[] { p.X, p.Y })],
        tracker.Read(zone.Id, time.GetUtcNow()).Current,
        zone.CreatedAt,
        zone.UpdatedAt);

    private static async Task<IResult> CreateAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, ZoneOccupancyTracker tracker, TimeProvider time, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<ZoneInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        if (Definition(input) is not { } zone)
        {
            return Invalid(input);
        }

        try
        {
            var record = await store.Store.AddZoneAsync(id, zone, context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/zones/{record.Id}", View(record, current, tracker, time));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, ZoneOccupancyTracker tracker, TimeProvider time, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<ZoneInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        if (Definition(input) is not { } zone)
        {
            return Invalid(input);
        }

        try
        {
            var record = await store.Store.UpdateZoneAsync(id, zone, context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(View(record, current, tracker, time));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        if (!await store.Store.DeleteZoneAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.NotFound($"There is no zone {id}.");
        }

        await state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static ZoneDefinition? Definition(ZoneInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100 || input.Name.Any(char.IsControl) || input.Polygon is not { } polygon
            || polygon.Count is < 3 or > ZoneDefinition.MaxPoints || polygon.Any(p => p is null || p.Count != 2 || p.Any(v => !double.IsFinite(v) || v is < 0 or > 1)))
        {
            return null;
        }

        return new ZoneDefinition { Name = input.Name.Trim(), Polygon = [.. polygon.Select(p => new ZonePoint(p[0], p[1]))] };
    }

    private static IResult Invalid(ZoneInput input)
    {
        var errors = new FieldErrors();
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
                if (polygon[i] is not { Count: 2 } point || point.Any(v => !double.IsFinite(v) || v is < 0 or > 1))
                {
                    errors.Add($"polygon[{i}]", "must be [x, y] with 0 <= x, y <= 1 (normalised image coordinates)");
                }
            }
        }

        return ApiProblems.Validation(errors, "The zone is invalid.");
    }
}
