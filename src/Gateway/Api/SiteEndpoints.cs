using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Registry;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Cameras;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/sites</c>: list (with live totals), create, read, rename, delete, and the live occupancy of a site (camera
/// zones, posture breakdown, recent events).
/// </summary>
internal static class SiteEndpoints
{
    public static RouteGroupBuilder MapSiteEndpoints(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");
        sites.MapGet("", (ClusterStateCache state, CameraViewFactory views) => Results.Ok(state.Current.Sites.Select(s => View(s, state.Current, views)).ToList()))
            .WithName("ListSites").WithSummary("Sites with their cameras, streaming cameras, persons now and zones.").Produces<SiteView[]>();
        sites.MapPost("", CreateAsync)
            .WithName("CreateSite").WithSummary("Creates a site (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<SiteInput>("application/json").Produces<SiteView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        sites.MapGet("/{id:guid}", (Guid id, ClusterStateCache state, CameraViewFactory views) =>
                state.Current.Sites.FirstOrDefault(s => s.Id == id) is { } site ? Results.Ok(View(site, state.Current, views)) : ApiProblems.NotFound($"There is no site {id}."))
            .WithName("GetSite").WithSummary("A site.").Produces<SiteView>().ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapPut("/{id:guid}", RenameAsync)
            .WithName("RenameSite").WithSummary("Renames a site (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<SiteInput>("application/json").Produces<SiteView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sites.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteSite").WithSummary("Deletes a site without cameras (admin).").RequireAuthorization(GatewayRoles.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sites.MapGet("/{id:guid}/occupancy", Occupancy)
            .WithName("GetSiteOccupancy").WithSummary("Live persons per zone drawn on the site's camera images (one sample per second over the last minutes, default 15), people per posture in the latest site snapshot (standing, sitting, lying, unknown) and the 50 most recent live events, newest first (floor-plan positions: /live; stored events: /events; floor-zone history: /history).")
            .Produces<OccupancyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static SiteView View(SiteRecord site, ClusterState state, CameraViewFactory views)
    {
        var cameras = state.Cameras.Where(c => c.SiteId == site.Id).Select(c => views.Build(c, state)).ToList();
        var zones = cameras.Sum(c => c.Zones);
        return new SiteView(site.Id, site.Name, cameras.Count, cameras.Count(c => c.State == "streaming"), cameras.Sum(c => c.Persons ?? 0), zones, site.CreatedAt, site.UpdatedAt);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, GatewayStore store, ClusterStateCache state, CameraViewFactory views, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<SiteInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        try
        {
            var site = await store.Store.AddSiteAsync(input.Name!.Trim(), context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/sites/{site.Id}", View(site, current, views));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> RenameAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, CameraViewFactory views, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<SiteInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        try
        {
            var site = await store.Store.RenameSiteAsync(id, input.Name!.Trim(), context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(View(site, current, views));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        try
        {
            if (!await store.Store.DeleteSiteAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return ApiProblems.NotFound($"There is no site {id}.");
            }
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e);
        }

        await state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static IResult Occupancy(Guid id, int? minutes, ClusterStateCache state, ZoneOccupancyTracker tracker, SiteLiveBoard board, GatewayOptions options, TimeProvider time)
    {
        var current = state.Current;
        if (current.Sites.FirstOrDefault(s => s.Id == id) is not { } site)
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var maxMinutes = (int)options.Live.OccupancyHistory.TotalMinutes;
        if (minutes is < 1 || minutes > maxMinutes)
        {
            return ApiProblems.Field("minutes", $"must be between 1 and {maxMinutes}");
        }

        var from = time.GetUtcNow().AddMinutes(-(minutes ?? 15));
        var cameras = current.Cameras.Where(c => c.SiteId == id).ToDictionary(c => c.Id, c => c.Name);
        var zones = current.Zones.Where(z => cameras.ContainsKey(z.CameraId)).OrderBy(z => cameras[z.CameraId], StringComparer.Ordinal).ThenBy(z => z.Name, StringComparer.Ordinal)
            .Select(z =>
            {
                var (now, samples) = tracker.Read(z.Id, from);
                return new ZoneOccupancyView(z.Id, z.Name, z.CameraId, cameras[z.CameraId], now, [.. samples.Select(s => new object?[] { s.UnixSecond * 1000, s.Persons })]);
            })
            .ToList();
        var events = board.RecentEvents(id);
        return Results.Ok(new OccupancyView(site.Id, site.Name, from, zones, Postures(board.Latest(id)), [.. events.Take(OccupancyView.MaxEvents)]));
    }

    private static PostureCountsView Postures(LiveSite? snapshot)
    {
        int standing = 0, sitting = 0, lying = 0, unknown = 0;
        foreach (var person in snapshot?.Identities ?? [])
        {
            switch (person.Posture)
            {
                case "standing": standing++; break;
                case "sitting": sitting++; break;
                case "lying": lying++; break;
                // A posture this gateway does not know yet still counts: as unknown, so the four add up to the people.
                default: unknown++; break;
            }
        }

        return new PostureCountsView(standing, sitting, lying, unknown);
    }

    private static IResult? Check(SiteInput input) =>
        string.IsNullOrWhiteSpace(input.Name) ? ApiProblems.Field("name", "is required")
        : input.Name.Length > 200 || input.Name.Any(char.IsControl) ? ApiProblems.Field("name", "must be 1-200 characters without control characters")
        : null;
}
