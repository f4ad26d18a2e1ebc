using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Sites;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// What site grains compute: the stored events (<c>/api/sites/{id}/events</c>), the per-zone occupancy history
/// (<c>/history</c>) and the latest live snapshot (<c>/live</c>).
/// </summary>
internal static class SiteActivityEndpoints
{
    private static readonly HashSet<string> EventKinds = ["fall", "loitering", "restricted_entry", "zone_entry", "zone_exit"];

    public static RouteGroupBuilder MapSiteActivityEndpoints(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites/{id:guid}").WithTags("Sites");
        sites.MapGet("/events", EventsAsync)
            .WithName("ListSiteEvents")
            .WithSummary("A site's events (falls, loitering, restricted entries, zone entries and exits) from..to (ISO 8601; default the last 24 h), kind=K (repeated or comma-separated), newest first, at most limit (default 100, at most 1000).")
            .Produces<SiteEventsView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapGet("/history", HistoryAsync)
            .WithName("QuerySiteHistory")
            .WithSummary("A site's occupancy history per floor zone (zone=NAME, or zone= for the whole site; default all) from..to (default the last hour) in buckets of bucket seconds (default 60).")
            .Produces<SiteHistoryView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapGet("/live", Live)
            .WithName("GetSiteLive")
            .WithSummary("The site's latest live snapshot: people on the floor plan with posture, zone counts, cameras and recent events (empty before the site grain's first).")
            .Produces<SiteLiveView>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> EventsAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, TimeProvider time)
    {
        var current = state.Current;
        if (current.Sites.All(s => s.Id != id))
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var query = context.Request.Query;
        var errors = new FieldErrors();
        QueryParameters.RejectUnknown(query, ["from", "to", "kind", "limit"], errors);
        var to = QueryParameters.Time(query, "to", errors) ?? time.GetUtcNow();
        var from = QueryParameters.Time(query, "from", errors) ?? to.AddHours(-24);
        var kinds = query["kind"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var kind in kinds.Where(k => !EventKinds.Contains(k)))
        {
            errors.Add("kind", $"'{kind}' is not an event kind ({string.Join(", ", EventKinds)})");
        }

        var limit = 100;
        if (query.TryGetValue("limit", out var limitValue) && (!int.TryParse(limitValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > SiteEventQuery.MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {SiteEventQuery.MaxLimit}");
        }

        if (to <= from)
        {
            errors.Add("to", "must be after from");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The event query is invalid.");
        }

        try
        {
            var events = await store.Store.ListSiteEventsAsync(new SiteEventQuery { SiteId = id, From = from, To = to, Kinds = kinds, Limit = limit }, context.RequestAborted).ConfigureAwait(false);
            var names = current.Cameras.ToDictionary(c => c.Id, c => c.Name);
            return Results.Ok(new SiteEventsView(id, from, to, [.. events.Select(e => new SiteEventView(e.Id, e.Time, e.Kind, e.GlobalId, e.CameraId, e.CameraId is { } c ? names.GetValueOrDefault(c) : null, e.Zone, e.Details))]));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "kind");
        }
    }

    private static async Task<IResult> HistoryAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, TimeProvider time)
    {
        if (state.Current.Sites.All(s => s.Id != id))
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var query = context.Request.Query;
        var errors = new FieldErrors();
        QueryParameters.RejectUnknown(query, ["zone", "from", "to", "bucket"], errors);
        var to = QueryParameters.Time(query, "to", errors) ?? time.GetUtcNow();
        var from = QueryParameters.Time(query, "from", errors) ?? to.AddHours(-1);
        // zone= (empty) asks for the whole-site rows, which the store keeps as zone "".
        string? zone = query.TryGetValue("zone", out var zoneValue) ? zoneValue.ToString() : null;
        if (zone is { Length: > 100 })
        {
            errors.Add("zone", "must be a zone name of at most 100 characters");
        }

        var bucket = TimeSpan.FromSeconds(60);
        if (query.TryGetValue("bucket", out var bucketValue))
        {
            bucket = double.TryParse(bucketValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 1 && seconds <= 31 * 86_400
                ? TimeSpan.FromSeconds(Math.Round(seconds))
                : TimeSpan.Zero;
            if (bucket == TimeSpan.Zero)
            {
                errors.Add("bucket", "must be a number of seconds from 1 to 2678400 (31 days)");
            }
        }

        if (to <= from)
        {
            errors.Add("to", "must be after from");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The history query is invalid.");
        }

        try
        {
            var rows = await store.Store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = id, Zone = zone, From = from, To = to, Bucket = bucket }, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new SiteHistoryView(
                id,
                from,
                to,
                bucket.TotalSeconds,
                [.. rows.Select(r => new SiteHistoryBucketView(r.Zone, r.Start, r.Rows, Math.Round(r.PersonsAvg, 3), r.PersonsMax, r.Entries, r.Exits, Math.Round(r.DwellSecondsAvg, 1)))]));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "bucket");
        }
    }

    private static IResult Live(Guid id, ClusterStateCache state, SiteLiveBoard board)
    {
        if (state.Current.Sites.FirstOrDefault(s => s.Id == id) is not { } site)
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var events = board.RecentEvents(id);
        return board.Latest(id) is { } live
            ? Results.Ok(new SiteLiveView(id, site.Name, live.Node, live.Epoch, live.At, live.Persons, live.Identities, live.Zones, live.Cameras, events))
            : Results.Ok(new SiteLiveView(id, site.Name, null, 0, null, 0, [], [], [], events));
    }

}
