using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Registry;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Cameras;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Nodes;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/cameras</c>: list (with live state), register, bulk import (JSON or CSV), read, update, enable, disable,
/// delete, and the latest thumbnail. Mutations need the admin role; credentials are write-only.
/// </summary>
internal static class CameraEndpoints
{
    public static RouteGroupBuilder MapCameraEndpoints(this RouteGroupBuilder api)
    {
        var cameras = api.MapGroup("/cameras").WithTags("Cameras");
        cameras.MapGet("", List)
            .WithName("ListCameras").WithSummary("Cameras with their live state (state, fps in/out, persons in the last frame, node).")
            .Produces<CameraView[]>();
        cameras.MapPost("", CreateAsync)
            .WithName("CreateCamera").WithSummary("Registers a camera (admin). Credentials are stored encrypted and never returned.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<CameraInput>("application/json").Produces<CameraView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cameras.MapPost("/import", ImportAsync)
            .WithName("ImportCameras").WithSummary("Registers many cameras at once from a JSON array (or {\"cameras\": [...]}) or CSV with a header row (admin); all or nothing.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<CameraInput[]>("application/json", "text/csv").Produces<ImportResult>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cameras.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCamera").WithSummary("A camera with its live state and the pipeline its node runs.")
            .Produces<CameraView>().ProducesProblem(StatusCodes.Status404NotFound);
        cameras.MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateCamera").WithSummary("Changes a camera (admin); fields left out keep their values, credentials are kept unless new ones are given or clear_credentials is true.")
            .RequireAuthorization(GatewayRoles.AdminPolicy)
            .Accepts<CameraInput>("application/json").Produces<CameraView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        cameras.MapPost("/{id:guid}/enable", (Guid id, HttpContext context) => SetEnabledAsync(id, true, context))
            .WithName("EnableCamera").WithSummary("Starts processing a camera (admin).")
            .RequireAuthorization(GatewayRoles.AdminPolicy).Produces<CameraView>().ProducesProblem(StatusCodes.Status404NotFound);
        cameras.MapPost("/{id:guid}/disable", (Guid id, HttpContext context) => SetEnabledAsync(id, false, context))
            .WithName("DisableCamera").WithSummary("Stops processing a camera (admin); it stays registered.")
            .RequireAuthorization(GatewayRoles.AdminPolicy).Produces<CameraView>().ProducesProblem(StatusCodes.Status404NotFound);
        cameras.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteCamera").WithSummary("Deletes a camera and its zones (admin); its history stays.")
            .RequireAuthorization(GatewayRoles.AdminPolicy).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        cameras.MapGet("/{id:guid}/thumbnail.jpg", ThumbnailAsync)
            .WithName("GetCameraThumbnail").WithSummary("The camera's latest frame (about once a second), fetched from the node running it.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static IResult List(Guid? site, ClusterStateCache state, CameraViewFactory views)
    {
        var current = state.Current;
        return Results.Ok(current.Cameras.Where(c => site is null || c.SiteId == site).Select(c => views.Build(c, current)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, GatewayStore store, ClusterStateCache state, CameraViewFactory views, CameraLiveBoard board, SiloDataPlaneClient silos, CancellationToken cancellationToken)
    {
        var camera = await store.Store.GetCameraAsync(id, cancellationToken).ConfigureAwait(false);
        if (camera is null)
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        var current = state.Current;
        string? pipeline = null;
        if (board.Get(id) is { } live && current.Silo(live.SiloId) is { IsMember: true } silo)
        {
            using var status = await silos.GetCameraAsync(silo.Address, id, cancellationToken).ConfigureAwait(false);
            pipeline = status?.RootElement.TryGetProperty("pipeline", out var p) == true ? p.GetString() : null;
        }

        return Results.Ok(views.Build(camera, current, pipeline));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, GatewayStore store, CameraInputValidator validator, ClusterStateCache state, CameraViewFactory views, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<CameraInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        var draft = validator.Validate(input, null, "", errors);
        if (draft is null)
        {
            return ApiProblems.Validation(errors, "The camera is invalid.");
        }

        try
        {
            var siteId = await ResolveSiteAsync(store.Store, draft, "", errors, context.RequestAborted).ConfigureAwait(false);
            if (errors.Any)
            {
                return ApiProblems.Validation(errors, "The camera is invalid.");
            }

            var camera = await store.Store.AddCameraAsync(Definition(draft, siteId), context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/cameras/{camera.Id}", views.Build(camera, current));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext context, GatewayStore store, CameraInputValidator validator, ClusterStateCache state, CameraViewFactory views, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<CameraInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var existing = await store.Store.GetCameraAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (existing is null)
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        var errors = new FieldErrors();
        var draft = validator.Validate(input, existing, "", errors);
        if (draft is null)
        {
            return ApiProblems.Validation(errors, "The camera is invalid.");
        }

        try
        {
            var siteId = await ResolveSiteAsync(store.Store, draft, "", errors, context.RequestAborted).ConfigureAwait(false);
            if (errors.Any)
            {
                return ApiProblems.Validation(errors, "The camera is invalid.");
            }

            var camera = await store.Store.UpdateCameraAsync(id, Definition(draft, siteId), context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(views.Build(camera, current));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "name");
        }
    }

    private static async Task<IResult> SetEnabledAsync(Guid id, bool enabled, HttpContext context)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<GatewayStore>().Store;
        var state = services.GetRequiredService<ClusterStateCache>();
        var camera = await store.GetCameraAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (camera is null)
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        try
        {
            var updated = await store.UpdateCameraAsync(
                id,
                new CameraDefinition
                {
                    Name = camera.Name,
                    SourceUrl = camera.SourceUrl,
                    SiteId = camera.SiteId,
                    TargetFps = camera.TargetFps,
                    Pipeline = camera.Pipeline,
                    RequiredClass = camera.RequiredClass,
                    Enabled = enabled,
                },
                context.RequestAborted).ConfigureAwait(false);
            var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(services.GetRequiredService<CameraViewFactory>().Build(updated, current));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e);
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        if (!await store.Store.DeleteCameraAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        await state.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> ThumbnailAsync(Guid id, HttpContext context, ThumbnailCache thumbnails, ClusterStateCache state)
    {
        if (state.Current.Cameras.All(c => c.Id != id))
        {
            return ApiProblems.NotFound($"There is no camera {id}.");
        }

        var jpeg = await thumbnails.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (jpeg is null)
        {
            return ApiProblems.NotFound("No frame of this camera yet: it is not streaming on any node.");
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(jpeg, "image/jpeg");
    }

    private static async Task<IResult> ImportAsync(HttpContext context, GatewayStore store, CameraInputValidator validator, ClusterStateCache state, CameraViewFactory views, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var serializer = json.Value.SerializerOptions;
        var errors = new FieldErrors();
        List<CameraInput> inputs;
        var contentType = context.Request.ContentType ?? "";
        if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            var (body, tooLarge) = await ApiJson.ReadBytesAsync(context, options.Limits.MaxImportBytes).ConfigureAwait(false);
            if (body is null)
            {
                return tooLarge!;
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return ApiProblems.Field("body", "The CSV is not valid UTF-8.");
            }

            inputs = CameraCsvReader.Read(text, errors);
        }
        else if (ApiJson.IsJson(contentType))
        {
            var (document, problem) = await ApiJson.ReadDocumentAsync(context, options.Limits.MaxImportBytes).ConfigureAwait(false);
            if (document is null)
            {
                return problem!;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in root.EnumerateObject().Where(p => p.Name != "cameras"))
                    {
                        errors.Add(property.Name, "Unknown field. Send an array of cameras, or {\"cameras\": [...]}.");
                    }

                    root = root.TryGetProperty("cameras", out var list) ? list : default;
                }

                inputs = [];
                if (root.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("cameras", "must be an array of cameras");
                }
                else
                {
                    var i = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        inputs.Add(ApiJson.Bind<CameraInput>(element, serializer, $"cameras[{i}].", errors) ?? new CameraInput());
                        i++;
                    }
                }
            }
        }
        else
        {
            return ApiProblems.UnsupportedMediaType("application/json or text/csv");
        }

        if (!errors.Any && inputs.Count == 0)
        {
            errors.Add("cameras", "must hold at least one camera");
        }

        if (inputs.Count > options.Limits.MaxImportCameras)
        {
            errors.Add("cameras", $"must hold at most {options.Limits.MaxImportCameras} cameras (has {inputs.Count})");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The import is invalid; nothing was imported.");
        }

        var drafts = new List<CameraDraft>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (validator.Validate(inputs[i], null, $"cameras[{i}].", errors) is { } draft)
            {
                drafts.Add(draft);
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "The import is invalid; nothing was imported.");
        }

        var registered = (await store.Store.ListCamerasAsync(null, context.RequestAborted).ConfigureAwait(false)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            if (!seen.Add(drafts[i].Name))
            {
                errors.Add($"cameras[{i}].name", $"'{drafts[i].Name}' appears twice in the import");
            }
            else if (registered.Contains(drafts[i].Name))
            {
                errors.Add($"cameras[{i}].name", $"a camera named '{drafts[i].Name}' already exists");
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors, "Some cameras already exist; nothing was imported.", StatusCodes.Status409Conflict);
        }

        var added = new List<CameraRecord>();
        try
        {
            for (var i = 0; i < drafts.Count; i++)
            {
                var siteId = await ResolveSiteAsync(store.Store, drafts[i], $"cameras[{i}].", errors, context.RequestAborted).ConfigureAwait(false);
                if (errors.Any)
                {
                    break;
                }

                added.Add(await store.Store.AddCameraAsync(Definition(drafts[i], siteId), context.RequestAborted).ConfigureAwait(false));
            }
        }
        catch (ClusterException e)
        {
            await RollBackAsync(store, added).ConfigureAwait(false);
            return ApiProblems.FromCluster(e);
        }

        if (errors.Any)
        {
            await RollBackAsync(store, added).ConfigureAwait(false);
            return ApiProblems.Validation(errors, "The import is invalid; nothing was imported.");
        }

        var current = await state.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Created("/api/cameras", new ImportResult(added.Count, [.. added.Select(c => views.Build(c, current))]));
    }

    private static async Task RollBackAsync(GatewayStore store, List<CameraRecord> added)
    {
        foreach (var camera in added)
        {
            await store.Store.DeleteCameraAsync(camera.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The draft's site id: the given id (checked), or the named site (created when new).</summary>
    private static async Task<Guid?> ResolveSiteAsync(Cluster.Store.IClusterStore store, CameraDraft draft, string prefix, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (draft.SiteName is { } name)
        {
            var existing = (await store.ListSitesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name);
            if (existing is not null)
            {
                return existing.Id;
            }

            try
            {
                return (await store.AddSiteAsync(name, cancellationToken).ConfigureAwait(false)).Id;
            }
            catch (ClusterException e) when (e.Code == ClusterErrorCode.Conflict)
            {
                return (await store.ListSitesAsync(cancellationToken).ConfigureAwait(false)).First(s => s.Name == name).Id;
            }
        }

        if (draft.SiteId is { } id && await store.GetSiteAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add(prefix + "site_id", $"there is no site {id}");
        }

        return draft.SiteId;
    }

    private static CameraDefinition Definition(CameraDraft draft, Guid? siteId) => new()
    {
        Name = draft.Name,
        SourceUrl = draft.SourceUrl,
        SiteId = siteId,
        Credentials = draft.Credentials,
        ClearCredentials = draft.ClearCredentials,
        TargetFps = draft.TargetFps,
        Pipeline = draft.Pipeline,
        RequiredClass = draft.RequiredClass,
        Enabled = draft.Enabled,
    };
}
