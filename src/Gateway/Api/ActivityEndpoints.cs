using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Activity;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary><c>GET /api/activity</c>: per-camera history (frames, persons, fps, drops) summed into buckets.</summary>
internal static class ActivityEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/activity", QueryAsync)
            .WithTags("Activity").WithName("QueryActivity")
            .WithSummary("History of cameras (camera=ID repeated, or site=ID, or all) from..to (ISO 8601; default the last hour) in buckets of bucket seconds (default: 120 buckets).")
            .Produces<ActivityView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> QueryAsync(HttpContext context, GatewayStore store, ClusterStateCache state, TimeProvider time)
    {
        var query = context.Request.Query;
        var errors = new FieldErrors();
        QueryParameters.RejectUnknown(query, ["camera", "site", "from", "to", "bucket"], errors);

        var cameras = new List<Guid>();
        foreach (var value in query["camera"])
        {
            if (Guid.TryParse(value, out var id))
            {
                cameras.Add(id);
            }
            else
            {
                errors.Add("camera", $"'{value}' is not a camera id");
            }
        }

        var current = state.Current;
        if (query.TryGetValue("site", out var siteValue))
        {
            if (!Guid.TryParse(siteValue, out var site))
            {
                errors.Add("site", "must be a site id");
            }
            else if (current.Sites.All(s => s.Id != site))
            {
                return ApiProblems.NotFound($"There is no site {site}.");
            }
            else
            {
                cameras.AddRange(current.Cameras.Where(c => c.SiteId == site).Select(c => c.Id));
                if (cameras.Count == 0)
                {
                    cameras.Add(Guid.Empty);
                }
            }
        }

        var to = QueryParameters.Time(query, "to", errors) ?? time.GetUtcNow();
        var from = QueryParameters.Time(query, "from", errors) ?? to.AddHours(-1);
        TimeSpan bucket;
        if (query.TryGetValue("bucket", out var bucketValue))
        {
            bucket = double.TryParse(bucketValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 1
                ? TimeSpan.FromSeconds(Math.Round(seconds))
                : TimeSpan.Zero;
            if (bucket == TimeSpan.Zero)
            {
                errors.Add("bucket", "must be a number of seconds, at least 1");
            }
        }
        else
        {
            bucket = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((to - from).TotalSeconds / 120)));
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
            var rows = await store.Store.QueryActivityAsync(new ActivityQuery { CameraIds = cameras, From = from, To = to, Bucket = bucket }, context.RequestAborted).ConfigureAwait(false);
            var names = current.Cameras.ToDictionary(c => c.Id, c => c.Name);
            return Results.Ok(new ActivityView(
                from,
                to,
                bucket.TotalSeconds,
                [.. rows.Select(r => new ActivityBucketView(r.CameraId, names.GetValueOrDefault(r.CameraId), r.Start, r.Rows, r.Frames, Math.Round(r.PersonsAvg, 3), r.PersonsMax, Math.Round(r.FpsIn, 2), Math.Round(r.FpsOut, 2), r.Drops))]));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "bucket");
        }
    }
}
