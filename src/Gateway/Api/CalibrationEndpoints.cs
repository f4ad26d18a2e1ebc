using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Sites;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Cameras;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/cameras/{id}/calibration</c> (and <c>/api/sites/{id}/calibrations</c>): a camera's image-to-floor calibration. The gateway fits the homography to the
/// clicked point pairs (normalised image coordinates to floor metres) and stores pairs, fit and RMS error together.
/// </summary>
internal static class CalibrationEndpoints
{
    // Two clicks closer than this (a thousandth of the image) or floor marks closer than a millimetre are one point twice.
    private const double SameImagePoint = 1e-3;
    private const double SameFloorPoint = 1e-3;

    public static RouteGroupBuilder MapCalibrationEndpoints(this RouteGroupBuilder api)
    {
        var calibration = api.MapGroup("/cameras/{id:guid}/calibration").WithTags("Calibration");
        calibration.MapGet("", GetAsync)
            .WithName("GetCalibration").WithSummary("A camera's calibration: point pairs, image-to-floor homography and reprojection error.")
            .Produces<CalibrationView>().ProducesProblem(StatusCodes.Status404NotFound);
        calibration.MapPut("", SetAsync)
            .WithName("SetCalibration").WithSummary("Calibrates a camera from 4-64 image-to-floor point pairs (admin): fits the homography and stores it with its RMS error.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<CalibrationInput>("application/json").Produces<CalibrationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        calibration.MapDelete("", DeleteAsync)
            .WithName("DeleteCalibration").WithSummary("Removes a camera's calibration (admin); its people then leave the site's floor plan.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sites/{id:guid}/calibrations", ListAsync)
            .WithTags("Calibration").WithName("ListSiteCalibrations").WithSummary("The calibrations of a site's cameras (the site view draws their floor points).")
            .Produces<CalibrationView[]>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal static CalibrationView View(CameraCalibration calibration) => new(
        calibration.CameraId,
        [.. calibration.Points.Select(p => new CalibrationPointView(new PointView(p.ImageX, p.ImageY), new PointView(p.FloorX, p.FloorY)))],
        calibration.ImageToFloor,
        calibration.ReprojectionErrorMeters,
        calibration.UpdatedAt);

    private static async Task<IResult> GetAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        if (state.Current.Cameras.All(c => c.Id != id) && await store.Store.GetCameraAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        return await store.Store.GetCalibrationAsync(id, cancellationToken).ConfigureAwait(false) is { } calibration
            ? Results.Ok(View(calibration))
            : ApiProblems.NotFound($"Camera {id} is not calibrated.");
    }

    private static async Task<IResult> ListAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        if (state.Current.Sites.All(s => s.Id != id))
        {
            return ApiProblems.NotFound($"There is no site {id}.");
        }

        var calibrations = await store.Store.ListCalibrationsAsync(id, cancellationToken).ConfigureAwait(false);
        return Results.Ok(calibrations.Select(View).ToList());
    }

    private static async Task<IResult> SetAsync(Guid id, HttpContext context, GatewayStore store, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<CalibrationInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var points = Points(input, errors);
        if (points is null)
        {
            return ApiProblems.Validation(errors, "The calibration is invalid.");
        }

        CalibrationDefinition calibration;
        try
        {
            calibration = CalibrationFit.Fit(points);
        }
        catch (ArgumentException e)
        {
            // The fit says why (collinear points, a configuration that fixes no single map, a singular fit, a map to infinity).
            return ApiProblems.Field("points", e.Message.Split(" (Parameter", 2)[0], "The calibration is degenerate.");
        }

        try
        {
            var stored = await store.Store.SetCalibrationAsync(id, calibration, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(View(stored));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "points");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, GatewayStore store, CancellationToken cancellationToken)
    {
        if (await store.Store.GetCameraAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        return await store.Store.DeleteCalibrationAsync(id, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiProblems.NotFound($"Camera {id} is not calibrated.");
    }

    private static List<CalibrationPoint>? Points(CalibrationInput input, FieldErrors errors)
    {
        if (input.Points is not { } list || list.Count is < CalibrationDefinition.MinPoints or > CalibrationDefinition.MaxPoints)
        {
            errors.Add("points", $"needs {CalibrationDefinition.MinPoints} to {CalibrationDefinition.MaxPoints} point pairs (has {input.Points?.Count ?? 0})");
            return null;
        }

        var points = new List<CalibrationPoint>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var pair = list[i];
            if (pair is null)
            {
                errors.Add($"points[{i}]", "must be {\"image\": {\"x\", \"y\"}, \"floor\": {\"x\", \"y\"}}");
                continue;
            }

            var imageOk = pair.Image is { X: { } ix, Y: { } iy } && double.IsFinite(ix) && double.IsFinite(iy) && ix is >= 0 and <= 1 && iy is >= 0 and <= 1;
            if (!imageOk)
            {
                errors.Add($"points[{i}].image", "must be {\"x\", \"y\"} with 0 <= x, y <= 1 (normalised image coordinates)");
            }

            var floorOk = pair.Floor is { X: { } fx, Y: { } fy } && double.IsFinite(fx) && double.IsFinite(fy) && Math.Abs(fx) <= 100_000 && Math.Abs(fy) <= 100_000;
            if (!floorOk)
            {
                errors.Add($"points[{i}].floor", "must be {\"x\", \"y\"} in metres, finite and within 100 km of the origin");
            }

            if (imageOk && floorOk)
            {
                points.Add(new CalibrationPoint(pair.Image!.X!.Value, pair.Image.Y!.Value, pair.Floor!.X!.Value, pair.Floor.Y!.Value));
            }
        }

        if (errors.Any)
        {
            return null;
        }

        for (var i = 0; i < points.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Math.Abs(points[i].ImageX - points[j].ImageX) < SameImagePoint && Math.Abs(points[i].ImageY - points[j].ImageY) < SameImagePoint)
                {
                    errors.Add($"points[{i}].image", $"is the same image point as points[{j}]");
                }

                if (Math.Abs(points[i].FloorX - points[j].FloorX) < SameFloorPoint && Math.Abs(points[i].FloorY - points[j].FloorY) < SameFloorPoint)
                {
                    errors.Add($"points[{i}].floor", $"is the same floor point as points[{j}]");
                }
            }
        }

        return errors.Any ? null : points;
    }
}
